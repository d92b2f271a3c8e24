/**
 * Every learnable tensor of a Mistral model, derived from its config with the
 * same counting the mini network uses (src/lib/core/parameters.ts). For
 * Mistral-7B this gives the 291 tensors of `model.named_parameters()` and
 * 7,241,732,096 numbers. Any decoder of the same layout counts here too: the
 * loading chapter's small stand-in (Qwen2.5) adds q/k/v biases and ties its
 * output head to the embedding.
 */
import {
  countParameters,
  linearParameters,
  type ParameterCount,
  type ParameterTensor,
} from '../core/parameters';
import { MISTRAL_7B, type DecoderShape } from './mistral-config';

/** One module of a decoder layer, as PyTorch names it under `model.layers.N`. */
export interface LayerModule {
  /** e.g. `self_attn.q_proj` or `input_layernorm`. */
  name: string;
  kind: 'linear' | 'rmsnorm';
  /** For a Linear: in and out features; for an RMSNorm: its width twice. */
  inFeatures: number;
  outFeatures: number;
}

/** The modules inside one decoder layer, in the order the layer uses them. */
export function decoderLayerModules(config: DecoderShape = MISTRAL_7B): LayerModule[] {
  const {
    hiddenSize: hidden,
    intermediateSize: inner,
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
  } = config;
  const linear = (name: string, inFeatures: number, outFeatures: number): LayerModule => ({
    name,
    kind: 'linear',
    inFeatures,
    outFeatures,
  });
  const norm = (name: string): LayerModule => ({
    name,
    kind: 'rmsnorm',
    inFeatures: hidden,
    outFeatures: hidden,
  });
  return [
    norm('input_layernorm'),
    linear('self_attn.q_proj', hidden, numAttentionHeads * headDim),
    linear('self_attn.k_proj', hidden, numKeyValueHeads * headDim),
    linear('self_attn.v_proj', hidden, numKeyValueHeads * headDim),
    linear('self_attn.o_proj', numAttentionHeads * headDim, hidden),
    norm('post_attention_layernorm'),
    linear('mlp.gate_proj', hidden, inner),
    linear('mlp.up_proj', hidden, inner),
    linear('mlp.down_proj', inner, hidden),
  ];
}

const QKV = new Set(['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj']);

/** The tensors of one decoder layer, named under `prefix` (e.g. `model.layers.0.`). */
function layerTensors(shape: DecoderShape, prefix: string): ParameterTensor[] {
  return decoderLayerModules(shape).flatMap((module) => {
    const name = `${prefix}${module.name}`;
    if (module.kind === 'rmsnorm') {
      return [{ name: `${name}.weight`, shape: [module.outFeatures], trainable: true }];
    }
    const bias = shape.linearBias || (shape.qkvBias === true && QKV.has(module.name));
    return linearParameters({ name, inFeatures: module.inFeatures, outFeatures: module.outFeatures, bias });
  });
}

/** All learnable tensors, named and shaped as in PyTorch's `MistralForCausalLM`. */
export function mistralParameterTensors(shape: DecoderShape = MISTRAL_7B): ParameterTensor[] {
  const { vocabSize, hiddenSize } = shape;
  const matrix = (name: string): ParameterTensor => ({
    name,
    shape: [vocabSize, hiddenSize],
    trainable: true,
  });
  const tensors: ParameterTensor[] = [matrix('model.embed_tokens.weight')];
  for (let layer = 0; layer < shape.numLayers; layer++) {
    tensors.push(...layerTensors(shape, `model.layers.${layer}.`));
  }
  tensors.push({ name: 'model.norm.weight', shape: [hiddenSize], trainable: true });
  if (!shape.tieWordEmbeddings) tensors.push(matrix('lm_head.weight'));
  return tensors;
}

/** A row of the grouped table: one kind of tensor, how many of it, and the numbers they hold together. */
export interface ParameterGroup {
  /** e.g. `model.embed_tokens.weight` or `model.layers.*.mlp.gate_proj.weight`. */
  name: string;
  shape: readonly number[];
  /** How many tensors share this name pattern (32 for a per-layer tensor). */
  copies: number;
  /** Numbers in one copy. */
  each: number;
  /** Numbers in all copies. */
  total: number;
}

/**
 * The tensors grouped so the 32 layers read as one row each: the table a
 * chapter shows. Its totals equal `countMistral(shape).total`.
 */
export function mistralParameterGroups(shape: DecoderShape = MISTRAL_7B): ParameterGroup[] {
  const groups = new Map<string, ParameterGroup>();
  for (const row of countParameters(mistralParameterTensors(shape)).rows) {
    const name = row.name.replace(/^model\.layers\.\d+\./, 'model.layers.*.');
    const group = groups.get(name);
    if (group) {
      group.copies += 1;
      group.total += row.count;
    } else {
      groups.set(name, { name, shape: row.shape, copies: 1, each: row.count, total: row.count });
    }
  }
  return [...groups.values()];
}

/** The parameter count of a Mistral model (or another decoder of its layout) from its config. */
export function countMistral(shape: DecoderShape = MISTRAL_7B): ParameterCount {
  return countParameters(mistralParameterTensors(shape));
}

/** Parameters in one decoder layer. */
export function countLayer(shape: DecoderShape = MISTRAL_7B): number {
  return countParameters(layerTensors(shape, '')).total;
}
