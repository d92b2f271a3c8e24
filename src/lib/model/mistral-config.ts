/**
 * The one place that states Mistral-7B-Instruct-v0.1's architecture. The
 * values are those of the model's `config.json` on Hugging Face; each field
 * names the key it comes from. Chapters that count, draw or run the model
 * read these facts instead of repeating the numbers.
 */

/** The architecture of a Mistral (Llama-style, decoder-only) transformer. */
export interface MistralConfig {
  /** Hugging Face model id. */
  modelId: string;
  /** `vocab_size`: entries in the tokenizer's vocabulary, and rows of the embedding and lm_head matrices. */
  vocabSize: number;
  /** `hidden_size`: the width of the vector that stands for each token between layers. */
  hiddenSize: number;
  /** `intermediate_size`: the width inside each layer's MLP (gate and up project to it, down projects back). */
  intermediateSize: number;
  /** `num_hidden_layers`: how many decoder layers the vectors pass through. */
  numLayers: number;
  /** `num_attention_heads`: query heads per attention layer. */
  numAttentionHeads: number;
  /** `num_key_value_heads`: key/value heads, shared by groups of query heads (grouped-query attention). */
  numKeyValueHeads: number;
  /** `head_dim` (hidden_size / num_attention_heads when the config leaves it out, as v0.1's does). */
  headDim: number;
  /** `hidden_act`: the MLP's activation function. */
  hiddenAct: 'silu';
  /** `rms_norm_eps`: the epsilon inside every RMSNorm. */
  rmsNormEps: number;
  /** `rope_theta`: the base of the rotary position embedding. */
  ropeTheta: number;
  /** `max_position_embeddings`: the longest position the rotary embedding is set up for. */
  maxPositionEmbeddings: number;
  /** `sliding_window`: how many earlier positions each attention layer looks at. */
  slidingWindow: number;
  /** `tie_word_embeddings`: false, so lm_head has its own matrix instead of reusing the embedding's. */
  tieWordEmbeddings: boolean;
  /** Whether the Linear layers have biases (none of Mistral's do). */
  linearBias: boolean;
  /** `torch_dtype`: the type the released weights are stored in (float32 for the glass box, whose weights are drawn, not released). */
  torchDtype: 'bfloat16' | 'float32';
  /** `bos_token_id` and `eos_token_id`: `<s>` and `</s>`. */
  bosTokenId: number;
  eosTokenId: number;
}

/**
 * What counting parameters and sizing the key/value cache read from a config:
 * the shape of its matrices. A `MistralConfig` is one; so is the shape of
 * another decoder-only model written with the same keys (the loading
 * chapter's small stand-in, Qwen2.5, which also puts biases on q, k and v).
 */
export interface DecoderShape extends Pick<
  MistralConfig,
  | 'vocabSize'
  | 'hiddenSize'
  | 'intermediateSize'
  | 'numLayers'
  | 'numAttentionHeads'
  | 'numKeyValueHeads'
  | 'headDim'
  | 'tieWordEmbeddings'
  | 'linearBias'
> {
  /** True when the q, k and v projections carry a bias even though the other Linear layers do not (Qwen2). */
  qkvBias?: boolean;
}

/** The shape fields of a config, and nothing else (no model id, no token ids). */
export function decoderShape(config: DecoderShape): DecoderShape {
  const shape: DecoderShape = {
    vocabSize: config.vocabSize,
    hiddenSize: config.hiddenSize,
    intermediateSize: config.intermediateSize,
    numLayers: config.numLayers,
    numAttentionHeads: config.numAttentionHeads,
    numKeyValueHeads: config.numKeyValueHeads,
    headDim: config.headDim,
    tieWordEmbeddings: config.tieWordEmbeddings,
    linearBias: config.linearBias,
  };
  if (config.qkvBias !== undefined) shape.qkvBias = config.qkvBias;
  return shape;
}

export const MISTRAL_7B: Readonly<MistralConfig> = Object.freeze({
  modelId: 'mistralai/Mistral-7B-Instruct-v0.1',
  vocabSize: 32000,
  hiddenSize: 4096,
  intermediateSize: 14336,
  numLayers: 32,
  numAttentionHeads: 32,
  numKeyValueHeads: 8,
  headDim: 128,
  hiddenAct: 'silu',
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  maxPositionEmbeddings: 32768,
  slidingWindow: 4096,
  tieWordEmbeddings: false,
  linearBias: false,
  torchDtype: 'bfloat16',
  bosTokenId: 1,
  eosTokenId: 2,
});

/**
 * The config under the keys `config.json` uses, for a chapter that shows it
 * as the Hugging Face `AutoConfig` prints it (only the architecture keys).
 */
export function huggingFaceConfig(
  config: MistralConfig = MISTRAL_7B,
): Record<string, number | string | boolean> {
  return {
    architectures: 'MistralForCausalLM',
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numAttentionHeads,
    num_key_value_heads: config.numKeyValueHeads,
    hidden_act: config.hiddenAct,
    max_position_embeddings: config.maxPositionEmbeddings,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    sliding_window: config.slidingWindow,
    tie_word_embeddings: config.tieWordEmbeddings,
    torch_dtype: config.torchDtype,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
  };
}

/** The keys of a Hugging Face `config.json` that `fromHuggingFace` reads. */
export interface HuggingFaceMistralConfig {
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  head_dim?: number;
  hidden_act: string;
  max_position_embeddings: number;
  rms_norm_eps: number;
  rope_theta: number;
  sliding_window: number;
  tie_word_embeddings: boolean;
  bos_token_id: number;
  eos_token_id: number;
}

/** A config.json's architecture as a `MistralConfig` (the inverse of `huggingFaceConfig`). */
export function fromHuggingFace(
  json: HuggingFaceMistralConfig,
  extra: Pick<MistralConfig, 'modelId' | 'torchDtype'>,
): MistralConfig {
  if (json.hidden_act !== 'silu') throw new Error(`Only SiLU MLPs are Mistral's, not ${json.hidden_act}.`);
  return {
    modelId: extra.modelId,
    vocabSize: json.vocab_size,
    hiddenSize: json.hidden_size,
    intermediateSize: json.intermediate_size,
    numLayers: json.num_hidden_layers,
    numAttentionHeads: json.num_attention_heads,
    numKeyValueHeads: json.num_key_value_heads,
    headDim: json.head_dim ?? json.hidden_size / json.num_attention_heads,
    hiddenAct: 'silu',
    rmsNormEps: json.rms_norm_eps,
    ropeTheta: json.rope_theta,
    maxPositionEmbeddings: json.max_position_embeddings,
    slidingWindow: json.sliding_window,
    tieWordEmbeddings: json.tie_word_embeddings,
    linearBias: false,
    torchDtype: extra.torchDtype,
    bosTokenId: json.bos_token_id,
    eosTokenId: json.eos_token_id,
  };
}
