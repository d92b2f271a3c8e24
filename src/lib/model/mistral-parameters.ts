/**
 * Every learnable tensor of a Mistral model, derived from its config with the
 * same counting the mini network uses. For Mistral-7B this gives the 291
 * tensors of `model.named_parameters()` and 7,241,732,096 numbers.
 */
import { countParameters, linearParameters, type ParameterCount, type ParameterTensor } from '../mlp/parameters';
import { MISTRAL_7B, type MistralConfig } from './mistral-config';

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
export function decoderLayerModules(config: MistralConfig = MISTRAL_7B): LayerModule[] {
  const { hiddenSize: hidden, intermediateSize: inner, numAttentionHeads, numKeyValueHeads, headDim } = config;
  const linear = (name: string, inFeatures: number, outFeatures: number): LayerModule => ({
    name,
    kind: 'linear',
    inFeatures,
    outFeatures,
  });
  const norm = (name: string): LayerModule => ({ name, kind: 'rmsnorm', inFeatures: hidden, outFeatures: hidden });
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

function moduleParameters(prefix: string, module: LayerModule, bias: boolean): ParameterTensor[] {
  const name = `${prefix}${module.name}`;
  if (module.kind === 'rmsnorm') return [{ name: `${name}.weight`, shape: [module.outFeatures], trainable: true }];
  return linearParameters({ name, inFeatures: module.inFeatures, outFeatures: module.outFeatures, bias });
}

/** All learnable tensors, named and shaped as in PyTorch's `MistralForCausalLM`. */
export function mistralParameterTensors(config: MistralConfig = MISTRAL_7B): ParameterTensor[] {
  const { vocabSize, hiddenSize } = config;
  const tensors: ParameterTensor[] = [{ name: 'model.embed_tokens.weight', shape: [vocabSize, hiddenSize], trainable: true }];
  const modules = decoderLayerModules(config);
  for (let layer = 0; layer < config.numLayers; layer++) {
    for (const module of modules) tensors.push(...moduleParameters(`model.layers.${layer}.`, module, config.linearBias));
  }
  tensors.push({ name: 'model.norm.weight', shape: [hiddenSize], trainable: true });
  if (!config.tieWordEmbeddings) tensors.push({ name: 'lm_head.weight', shape: [vocabSize, hiddenSize], trainable: true });
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
 * chapter shows. Its totals equal `countMistral(config).total`.
 */
export function mistralParameterGroups(config: MistralConfig = MISTRAL_7B): ParameterGroup[] {
  const groups = new Map<string, ParameterGroup>();
  for (const row of countParameters(mistralParameterTensors(config)).rows) {
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

/** The parameter count of a Mistral model from its config. */
export function countMistral(config: MistralConfig = MISTRAL_7B): ParameterCount {
  return countParameters(mistralParameterTensors(config));
}
