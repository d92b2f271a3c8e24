/**
 * The glass box's shape: Mistral's architecture, shrunk until every number
 * can be printed and every step runs in a blink in plain TypeScript. Only the
 * vocabulary stays full size (32,000), so the real tokenizer's ids, and the
 * chat template's prompt, go straight in.
 *
 * The sliding window is 8 positions (Mistral-7B's is 4096), so a prompt of a
 * dozen tokens already shows early positions dropping out of view.
 */
import type { MistralConfig } from '../model/mistral-config';

export const GLASS_BOX: Readonly<MistralConfig> = Object.freeze({
  modelId: 'glass-box (untrained, Mistral-shaped)',
  vocabSize: 32000,
  hiddenSize: 64,
  intermediateSize: 224, // 3.5 x hidden, Mistral-7B's ratio (14336 / 4096)
  numLayers: 2,
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  headDim: 16,
  hiddenAct: 'silu',
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  maxPositionEmbeddings: 4096, // the same context window as WebLLM's Mistral build
  slidingWindow: 8,
  tieWordEmbeddings: false,
  linearBias: false,
  torchDtype: 'float32',
  bosTokenId: 1,
  eosTokenId: 2,
});

/** Query heads that share one key/value head (grouped-query attention): 2 here, 4 in Mistral-7B. */
export function groupSize(config: MistralConfig): number {
  return config.numAttentionHeads / config.numKeyValueHeads;
}

/** The key/value head that query head `head` reads: heads come in consecutive groups, as in PyTorch's `repeat_kv`. */
export function kvHeadOf(head: number, config: MistralConfig): number {
  return Math.floor(head / groupSize(config));
}

/** Why a config cannot run in the glass box, or null. */
export function checkGlassBoxConfig(config: MistralConfig): string | null {
  if (config.numAttentionHeads % config.numKeyValueHeads !== 0)
    return `${config.numAttentionHeads} query heads cannot be split evenly over ${config.numKeyValueHeads} key/value heads.`;
  if (config.headDim % 2 !== 0)
    return `The rotary embedding pairs dimensions, so the head size must be even, not ${config.headDim}.`;
  if (config.slidingWindow < 1)
    return `The sliding window must hold at least one position, not ${config.slidingWindow}.`;
  return null;
}
