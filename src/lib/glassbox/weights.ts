/**
 * The glass box's weights: either the pocket model's trained ones (loaded by
 * src/lib/pocket/weights.ts) or, for the "before training" model, drawn from
 * a seed, so every reader and every test sees the same numbers. Each tensor
 * has PyTorch's name and shape (`[out, in]` for a Linear), so the parameter
 * table of the real model and of the glass box are built by the same code.
 *
 * Vocabulary rows: the embedding and the head have `rows` rows. Drawn weights
 * give every id its own row. The pocket model stores a row only for the ids
 * its corpus uses; `rowOfId` maps every id to its row, and the ids the corpus
 * never uses share the last one (see training/pocket/model.py).
 *
 * Scales of the drawn weights: linear weights uniform with standard deviation
 * 1/sqrt(in), which keeps each layer's output about as large as its input;
 * embeddings with standard deviation 1; the output head scaled so the logits
 * spread with a standard deviation of about 3, like a trained model's, so
 * temperature, top-k and top-p visibly change something (a tied head is the
 * embedding, so then the embedding takes the head's scale). Uniform rather
 * than normal draws: the same spread, and cheaper for millions of numbers.
 */
import { mulberry32, type Random } from '../core/random';
import type { MistralConfig } from '../model/mistral-config';
import { decoderLayerModules } from '../model/mistral-parameters';

export interface LayerWeights {
  inputNorm: Float32Array;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  o: Float32Array;
  postNorm: Float32Array;
  gate: Float32Array;
  up: Float32Array;
  down: Float32Array;
}

export interface GlassBoxWeights {
  /** `[rows, hidden]`. */
  embed: Float32Array;
  layers: LayerWeights[];
  norm: Float32Array;
  /** `[rows, hidden]`; the same array as `embed` when the config ties them. */
  lmHead: Float32Array;
  /** Rows of the embedding and the head. */
  rows: number;
  /** The row of each id, or null when row = id (every id has its own row). */
  rowOfId: Uint16Array | null;
}

/** The embedding / head row that holds id `id`. */
export function rowOf(weights: GlassBoxWeights, id: number): number {
  return weights.rowOfId ? weights.rowOfId[id]! : id;
}

/** The logits' standard deviation the output head is scaled for. */
export const LOGIT_SPREAD = 3;

/** Uniform in ±sqrt(3)·std, which has standard deviation `std`. */
function draw(random: Random, length: number, std: number): Float32Array {
  const bound = Math.sqrt(3) * std;
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = (random() * 2 - 1) * bound;
  return values;
}

const ones = (length: number) => new Float32Array(length).fill(1);

/** The same seed and config always give the same weights, on every machine. */
export function createWeights(config: MistralConfig, seed: number): GlassBoxWeights {
  const random = mulberry32(seed);
  const {
    vocabSize,
    hiddenSize: hidden,
    intermediateSize: inner,
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
  } = config;
  const linear = (inFeatures: number, outFeatures: number) =>
    draw(random, inFeatures * outFeatures, 1 / Math.sqrt(inFeatures));
  const headStd = LOGIT_SPREAD / Math.sqrt(hidden);
  const embed = draw(random, vocabSize * hidden, config.tieWordEmbeddings ? headStd : 1);
  const layers = Array.from({ length: config.numLayers }, () => ({
    inputNorm: ones(hidden),
    q: linear(hidden, numAttentionHeads * headDim),
    k: linear(hidden, numKeyValueHeads * headDim),
    v: linear(hidden, numKeyValueHeads * headDim),
    o: linear(numAttentionHeads * headDim, hidden),
    postNorm: ones(hidden),
    gate: linear(hidden, inner),
    up: linear(hidden, inner),
    down: linear(inner, hidden),
  }));
  // The final RMSNorm leaves vectors with a root mean square of 1, so a row with std s gives logits with std s·sqrt(hidden).
  const lmHead = config.tieWordEmbeddings ? embed : draw(random, vocabSize * hidden, headStd);
  return { embed, layers, norm: ones(hidden), lmHead, rows: vocabSize, rowOfId: null };
}

/** A tensor with its PyTorch name and shape. */
export interface NamedTensor {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/** Each decoder-layer module's name, as Hugging Face writes it, to its field in `LayerWeights`. */
export const LAYER_FIELDS: Record<string, keyof LayerWeights> = {
  input_layernorm: 'inputNorm',
  'self_attn.q_proj': 'q',
  'self_attn.k_proj': 'k',
  'self_attn.v_proj': 'v',
  'self_attn.o_proj': 'o',
  post_attention_layernorm: 'postNorm',
  'mlp.gate_proj': 'gate',
  'mlp.up_proj': 'up',
  'mlp.down_proj': 'down',
};

/** Every tensor, named and ordered as `model.named_parameters()` would list them. */
export function namedTensors(weights: GlassBoxWeights, config: MistralConfig): NamedTensor[] {
  const { hiddenSize } = config;
  const tensors: NamedTensor[] = [
    { name: 'model.embed_tokens.weight', shape: [weights.rows, hiddenSize], data: weights.embed },
  ];
  const modules = decoderLayerModules(config);
  weights.layers.forEach((layer, index) => {
    for (const module of modules) {
      const field = LAYER_FIELDS[module.name];
      if (!field) throw new Error(`The glass box has no weights for ${module.name}.`);
      const shape =
        module.kind === 'rmsnorm' ? [module.outFeatures] : [module.outFeatures, module.inFeatures];
      tensors.push({ name: `model.layers.${index}.${module.name}.weight`, shape, data: layer[field] });
    }
  });
  tensors.push({ name: 'model.norm.weight', shape: [hiddenSize], data: weights.norm });
  if (!config.tieWordEmbeddings)
    tensors.push({ name: 'lm_head.weight', shape: [weights.rows, hiddenSize], data: weights.lmHead });
  return tensors;
}
