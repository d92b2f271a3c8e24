/**
 * The in-page model's shape: Mistral's architecture, shrunk until it runs
 * fast in plain TypeScript on any CPU, yet large enough to learn English
 * (src/lib/model/pocket-config.json, which the trainer reads too). The
 * vocabulary stays full size (32,000), so the real tokenizer's ids, and the
 * chat template's prompt, go straight in. Both in-page models have this
 * shape: the pocket model with its trained weights, and the same model
 * before training, with seeded random weights.
 *
 * The sliding window is 64 positions (Mistral-7B's is 4,096 of 32,768), so a
 * text of a paragraph already shows early positions dropping out of view.
 */
import pocketConfig from '../model/pocket-config.json';
import { fromHuggingFace, type MistralConfig } from '../model/mistral-config';

export const POCKET_CONFIG: Readonly<MistralConfig> = Object.freeze(
  fromHuggingFace(pocketConfig, { modelId: 'llm-explainer/pocket-mistral', torchDtype: 'float32' }),
);

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
