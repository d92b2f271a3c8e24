/**
 * The shapes of the decoder-only transformers this chapter loads, enough to
 * count parameters and size the key/value cache. Mistral-7B's numbers come
 * from the site's Mistral config registry (src/lib/model/mistral-config.ts,
 * the config the seed notebook printed); v0.2 has the same shape as v0.1, and
 * v0.3 differs only in its vocabulary (32768 entries instead of 32000).
 *
 * The counter here also covers what Mistral lacks (tied embeddings, q/k/v
 * biases) for the small stand-in model; the unit tests check that it agrees
 * with the parameters chapter's own count for Mistral.
 */
import { MISTRAL_7B } from '../model/mistral-config';

export interface DecoderShape {
  vocabSize: number;
  hiddenSize: number;
  layers: number;
  attentionHeads: number;
  /** Key/value heads: fewer than `attentionHeads` under grouped-query attention. */
  keyValueHeads: number;
  headDim: number;
  /** Width of the MLP's gate and up projections. */
  intermediateSize: number;
  /** True when the output layer reuses the embedding matrix (so it is counted once). */
  tiedEmbeddings: boolean;
  /** True when q, k and v projections carry a bias vector (Qwen2 does, Mistral does not). */
  qkvBias: boolean;
}

export const MISTRAL_7B_V02: DecoderShape = {
  vocabSize: MISTRAL_7B.vocabSize,
  hiddenSize: MISTRAL_7B.hiddenSize,
  layers: MISTRAL_7B.numLayers,
  attentionHeads: MISTRAL_7B.numAttentionHeads,
  keyValueHeads: MISTRAL_7B.numKeyValueHeads,
  headDim: MISTRAL_7B.headDim,
  intermediateSize: MISTRAL_7B.intermediateSize,
  tiedEmbeddings: MISTRAL_7B.tieWordEmbeddings,
  qkvBias: MISTRAL_7B.linearBias,
};

export const MISTRAL_7B_V03: DecoderShape = { ...MISTRAL_7B_V02, vocabSize: 32768 };

/** Qwen2.5-0.5B-Instruct, from its Hugging Face config.json. A different model, with a different vocabulary. */
export const QWEN25_05B: DecoderShape = {
  vocabSize: 151936,
  hiddenSize: 896,
  layers: 24,
  attentionHeads: 14,
  keyValueHeads: 2,
  headDim: 64,
  intermediateSize: 4864,
  tiedEmbeddings: true,
  qkvBias: true,
};

/** Parameters of one decoder layer: attention, MLP and the two RMSNorm weight vectors. */
export function layerParameters(shape: DecoderShape): number {
  const q = shape.hiddenSize * shape.attentionHeads * shape.headDim;
  const kv = 2 * shape.hiddenSize * shape.keyValueHeads * shape.headDim;
  const o = shape.attentionHeads * shape.headDim * shape.hiddenSize;
  const bias = shape.qkvBias ? (shape.attentionHeads + 2 * shape.keyValueHeads) * shape.headDim : 0;
  const mlp = 3 * shape.hiddenSize * shape.intermediateSize;
  return q + kv + o + bias + mlp + 2 * shape.hiddenSize;
}

/** All parameters: embedding, the layers, the final norm and (unless tied) the output layer. */
export function countParameters(shape: DecoderShape): number {
  const embedding = shape.vocabSize * shape.hiddenSize;
  const head = shape.tiedEmbeddings ? 0 : embedding;
  return embedding + shape.layers * layerParameters(shape) + shape.hiddenSize + head;
}
