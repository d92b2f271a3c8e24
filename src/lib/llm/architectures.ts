/**
 * The shapes of the decoder-only transformers this chapter loads, enough to
 * count parameters and size the key/value cache. Mistral-7B's numbers are the
 * config and module tree the seed notebook printed (32 layers, hidden 4096,
 * k/v projections 4096 -> 1024, MLP 4096 -> 14336). v0.3 differs from v0.2
 * only in its vocabulary (32768 entries instead of 32000).
 *
 * Kept here, beside the memory arithmetic, rather than shared with the
 * parameters chapter: the memory predictor needs only these few numbers.
 */
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
  vocabSize: 32000,
  hiddenSize: 4096,
  layers: 32,
  attentionHeads: 32,
  keyValueHeads: 8,
  headDim: 128,
  intermediateSize: 14336,
  tiedEmbeddings: false,
  qkvBias: false,
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
