/**
 * The config explorer's logic: which of Mistral's config values a reader may
 * edit, what each means, the messages for a value that cannot make a model,
 * and what a valid config costs (parameters, memory at each storage type,
 * the key/value cache per token).
 *
 * The reader's text is kept as text; a config is built only when every field
 * parses and the fields agree with each other (the heads must split the
 * hidden size evenly, the key/value heads must split the query heads).
 */
import { echoNumber, formatCount, formatValue, quoteTyped } from '../core/format';
import { memoryTable, type MemoryRow } from '../core/memory';
import { kvValuesPerToken } from '../llm/memory';
import { MISTRAL_7B, type MistralConfig } from './mistral-config';
import { countLayer, countMistral } from './mistral-parameters';

/** The config values the explorer lets a reader change. */
export type EditableField =
  | 'vocabSize'
  | 'hiddenSize'
  | 'intermediateSize'
  | 'numLayers'
  | 'numAttentionHeads'
  | 'numKeyValueHeads'
  | 'slidingWindow';

/** What one config value is, in the reader's words, and what changing it does. */
export interface FieldExplanation {
  /** The key in `config.json`. */
  key: string;
  /** The label beside the value. */
  label: string;
  /** What the value means. */
  meaning: string;
  /** What a different value would change. */
  changes: string;
}

export interface EditableFieldSpec extends FieldExplanation {
  field: EditableField;
  /**
   * The value named inside a sentence, as one thing: `number of layers`, not
   * the label `Layers`, so a message reads "The number of layers is ...".
   */
  quantity: string;
  min: number;
  max: number;
}

/**
 * The limits are sanity bounds, not rules of the architecture: large enough
 * for any released model of this family, small enough that the arithmetic
 * stays exact in JavaScript numbers (below 2^53).
 */
export const EDITABLE_FIELDS: readonly EditableFieldSpec[] = [
  {
    field: 'vocabSize',
    key: 'vocab_size',
    label: 'Vocabulary size',
    quantity: 'vocabulary size',
    meaning: 'How many different token ids the tokenizer can produce.',
    changes:
      'The rows of the embedding table and of lm_head: each extra token costs 2 × hidden size parameters.',
    min: 1,
    max: 1_000_000,
  },
  {
    field: 'hiddenSize',
    key: 'hidden_size',
    label: 'Hidden size',
    quantity: 'hidden size',
    meaning: 'How many numbers stand for each token on its way through the layers.',
    changes: 'Almost every matrix: the parameters grow roughly with its square.',
    min: 2,
    max: 65_536,
  },
  {
    field: 'intermediateSize',
    key: 'intermediate_size',
    label: 'MLP width',
    quantity: 'MLP width',
    meaning: 'How wide each layer’s MLP is inside: gate and up project to it, down projects back.',
    changes: 'The three MLP matrices of every layer, about two thirds of the model.',
    min: 1,
    max: 262_144,
  },
  {
    field: 'numLayers',
    key: 'num_hidden_layers',
    label: 'Layers',
    quantity: 'number of layers',
    meaning: 'How many identical decoder layers each token passes through, one after another.',
    changes:
      'The count grows by one layer’s parameters per layer, and the KV cache by one layer’s keys and values.',
    min: 1,
    max: 1_024,
  },
  {
    field: 'numAttentionHeads',
    key: 'num_attention_heads',
    label: 'Query heads',
    quantity: 'number of query heads',
    meaning: 'How many separate attention patterns each layer computes side by side.',
    changes: 'The head size (hidden size ÷ heads), and so the width of k_proj and v_proj and the KV cache.',
    min: 1,
    max: 1_024,
  },
  {
    field: 'numKeyValueHeads',
    key: 'num_key_value_heads',
    label: 'Key/value heads',
    quantity: 'number of key/value heads',
    meaning: 'How many key and value heads the query heads share (grouped-query attention).',
    changes: 'The width of k_proj and v_proj and the KV cache per token; fewer means a smaller cache.',
    min: 1,
    max: 1_024,
  },
  {
    field: 'slidingWindow',
    key: 'sliding_window',
    label: 'Sliding window',
    quantity: 'sliding window',
    meaning: 'How many positions, this one included, each token’s attention can reach back over.',
    changes: 'No parameter: it caps how many tokens of keys and values the cache must keep.',
    min: 1,
    max: 1_048_576,
  },
];

/** The values the explorer shows but does not let the reader edit: they change no count. */
export const FIXED_FIELDS: readonly (FieldExplanation & {
  value: (config: MistralConfig) => string;
})[] = [
  {
    key: 'head_dim',
    label: 'Head size',
    meaning: 'How many numbers each head’s query, key and value vectors have.',
    changes: 'Not in v0.1’s config.json: it is hidden size ÷ query heads, so it follows those two.',
    value: (config) => String(config.headDim),
  },
  {
    key: 'max_position_embeddings',
    label: 'Longest position',
    meaning: 'The longest sequence the rotary embedding is set up for.',
    changes: 'No parameter: rotary positions are computed, not stored.',
    value: (config) => formatCount(config.maxPositionEmbeddings),
  },
  {
    key: 'rope_theta',
    label: 'Rotary base',
    meaning: 'The base of the rotary embedding’s frequencies, which turn q and k by position.',
    changes: 'How fast the rotation angles fall from one dimension pair to the next; no parameter.',
    value: (config) => formatCount(config.ropeTheta),
  },
  {
    key: 'rms_norm_eps',
    label: 'RMSNorm epsilon',
    meaning: 'A tiny number added before the square root in every RMSNorm, so it never divides by zero.',
    changes: 'Nothing you could count; only vectors very close to zero notice it.',
    value: (config) => String(config.rmsNormEps),
  },
  {
    key: 'hidden_act',
    label: 'MLP activation',
    meaning: 'SiLU, x · sigmoid(x), applied to the gate projection before it multiplies the up projection.',
    changes: 'The shape of the gate; an activation has no parameters.',
    value: (config) => config.hiddenAct,
  },
];

/** The one yes/no value the reader may change: a checkbox rather than a text box. */
export const TIED_HEAD_FIELD: FieldExplanation = {
  key: 'tie_word_embeddings',
  label: 'Output head shares the embedding table',
  meaning: 'Whether lm_head reuses the embedding table instead of keeping its own (false for Mistral).',
  changes: 'Ticked, lm_head’s vocabulary × hidden size parameters are gone; the KV cache does not change.',
};

/** What the reader typed into each editable field. */
export type ConfigInput = Record<EditableField, string>;

export type ParsedConfig =
  { ok: true; config: MistralConfig } | { ok: false; errors: Partial<Record<EditableField, string>> };

/** Digits only, with optional thousands commas the way the page prints numbers: `4096`, `32,000`. */
const WHOLE_NUMBER = /^(?:\d+|\d{1,3}(?:,\d{3})+)$/;

/** Why `text` is not a usable value for one field on its own, or null. */
export function checkConfigField(spec: EditableFieldSpec, text: string): string | null {
  const trimmed = text.trim();
  const range = `a whole number from ${formatValue(spec.min)} to ${formatValue(spec.max)}`;
  if (trimmed === '') return `Enter the ${spec.quantity}: ${range}.`;
  if (!WHOLE_NUMBER.test(trimmed))
    return `${quoteTyped(trimmed)} is not a whole number. The ${spec.quantity} is ${range}.`;
  const value = Number(trimmed.replaceAll(',', ''));
  const shown = echoNumber(value, trimmed.replaceAll(',', ''));
  if (value < spec.min) return `${shown} is too small for the ${spec.quantity}: use ${range}.`;
  if (value > spec.max) return `${shown} is too large for the ${spec.quantity}: use ${range}.`;
  return null;
}

/** The messages for fields that are fine alone but do not fit together (only fields that parsed are compared). */
function checkTogether(
  values: Partial<Record<EditableField, number>>,
): Partial<Record<EditableField, string>> {
  const errors: Partial<Record<EditableField, string>> = {};
  const { hiddenSize, numAttentionHeads: heads, numKeyValueHeads: kvHeads } = values;
  if (hiddenSize !== undefined && heads !== undefined) {
    if (hiddenSize % heads !== 0) {
      errors.numAttentionHeads = `${formatValue(heads)} heads cannot split a hidden size of ${formatValue(hiddenSize)} evenly: pick a divisor of ${formatValue(hiddenSize)}.`;
    } else if ((hiddenSize / heads) % 2 !== 0) {
      errors.numAttentionHeads = `Each head would have ${formatValue(hiddenSize / heads)} numbers; the rotary embedding turns them in pairs, so it must be even.`;
    }
  }
  if (heads !== undefined && kvHeads !== undefined) {
    if (kvHeads > heads) {
      errors.numKeyValueHeads = `${formatValue(kvHeads)} key/value heads is more than the ${formatValue(heads)} query heads that would share them.`;
    } else if (heads % kvHeads !== 0) {
      errors.numKeyValueHeads = `${formatValue(heads)} query heads cannot be shared evenly by ${formatValue(kvHeads)} key/value heads: pick a divisor of ${formatValue(heads)}.`;
    }
  }
  return errors;
}

/** Parses every field; a config, or a message for each bad field. */
export function parseConfigInput(input: ConfigInput, base: MistralConfig = MISTRAL_7B): ParsedConfig {
  const errors: Partial<Record<EditableField, string>> = {};
  const values: Partial<Record<EditableField, number>> = {};
  for (const spec of EDITABLE_FIELDS) {
    const problem = checkConfigField(spec, input[spec.field]);
    if (problem) errors[spec.field] = problem;
    else values[spec.field] = Number(input[spec.field].trim().replaceAll(',', ''));
  }
  // A field with its own error is never compared, so the two kinds of message never collide.
  Object.assign(errors, checkTogether(values));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = values as Record<EditableField, number>;
  return { ok: true, config: { ...base, ...parsed, headDim: parsed.hiddenSize / parsed.numAttentionHeads } };
}

/** The fields' starting text for a config. */
export function configInput(config: MistralConfig = MISTRAL_7B): ConfigInput {
  return Object.fromEntries(
    EDITABLE_FIELDS.map(({ field }) => [field, String(config[field])]),
  ) as ConfigInput;
}

/** Bytes per cached key or value number: fp16, as the seed loaded the model and WebLLM's q4f16 builds keep it. */
export const KV_BYTES_PER_VALUE = 2;

/** What a config costs. */
export interface ConfigCost {
  total: number;
  /** Parameters in one decoder layer. */
  perLayer: number;
  /** The total at fp32, fp16, int8 and 4 bits. */
  memory: MemoryRow[];
  /** Numbers the KV cache keeps per token: 2 (key and value) × layers × kv heads × head size. */
  kvValuesPerToken: number;
  /** Those numbers at fp16. */
  kvBytesPerToken: number;
  /** The cache for a full sliding window of tokens, at fp16: the most it ever holds per sequence. */
  kvBytesFullWindow: number;
}

export function configCost(config: MistralConfig): ConfigCost {
  const { total } = countMistral(config);
  const kvValues = kvValuesPerToken(config);
  const kvBytesPerToken = kvValues * KV_BYTES_PER_VALUE;
  return {
    total,
    perLayer: countLayer(config),
    memory: memoryTable(total),
    kvValuesPerToken: kvValues,
    kvBytesPerToken,
    kvBytesFullWindow: kvBytesPerToken * Math.min(config.slidingWindow, config.maxPositionEmbeddings),
  };
}
