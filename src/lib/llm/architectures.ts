/**
 * The shapes of the decoder-only transformers the loading chapter offers,
 * enough to count parameters and size the key/value cache. Mistral-7B's
 * shape is the site's Mistral config (src/lib/model/mistral-config.ts, the
 * config the seed notebook printed); v0.2 has the same shape as v0.1, and
 * v0.3 differs only in its vocabulary (32768 entries instead of 32000).
 * Parameters are counted by the one counter, src/lib/model/mistral-parameters.ts.
 */
import { decoderShape, MISTRAL_7B, type DecoderShape } from '../model/mistral-config';

export const MISTRAL_7B_V02: DecoderShape = decoderShape(MISTRAL_7B);

export const MISTRAL_7B_V03: DecoderShape = { ...MISTRAL_7B_V02, vocabSize: 32768 };

/** Qwen2.5-0.5B-Instruct, from its Hugging Face config.json. A different model, with a different vocabulary. */
export const QWEN25_05B: DecoderShape = {
  vocabSize: 151936,
  hiddenSize: 896,
  intermediateSize: 4864,
  numLayers: 24,
  numAttentionHeads: 14,
  numKeyValueHeads: 2,
  headDim: 64,
  tieWordEmbeddings: true,
  linearBias: false,
  qkvBias: true,
};
