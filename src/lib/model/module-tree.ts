/**
 * Mistral's module tree, generated from a config: the nesting and the lines
 * `print(model)` gives in PyTorch for Hugging Face's `MistralForCausalLM`
 * (the seed notebook's printout, down to `SiLU()` and the RMSNorms printed
 * without arguments), and the per-module parameter table in the spirit of
 * the seed's `count_parameters`.
 */
import { POCKET_CONFIG } from '../glassbox/config';
import { MISTRAL_7B, type MistralConfig } from './mistral-config';
import { countMistral, decoderLayerModules, mistralParameterGroups } from './mistral-parameters';

/** One module: its name under its parent, its printed type, and what it holds. */
export interface ModuleNode {
  /** The name in brackets: `model`, `embed_tokens`, `q_proj`, or `0-31` for the repeated layers. */
  name: string;
  /** The printed type with its arguments, e.g. `Linear(in_features=4096, out_features=1024, bias=False)`. */
  type: string;
  /** How many identical copies the line stands for (PyTorch's `32 x`); 1 for most. */
  copies: number;
  /** Parameters in this module and everything under it, all copies together. */
  parameters: number;
  children: ModuleNode[];
}

const linear = (name: string, inFeatures: number, outFeatures: number, bias: boolean): ModuleNode => ({
  name,
  type: `Linear(in_features=${inFeatures}, out_features=${outFeatures}, bias=${bias ? 'True' : 'False'})`,
  copies: 1,
  parameters: inFeatures * outFeatures + (bias ? outFeatures : 0),
  children: [],
});

const norm = (name: string, width: number): ModuleNode => ({
  name,
  type: 'MistralRMSNorm',
  copies: 1,
  parameters: width,
  children: [],
});

const empty = (name: string, type: string): ModuleNode => ({
  name,
  type,
  copies: 1,
  parameters: 0,
  children: [],
});

function parent(name: string, type: string, children: ModuleNode[], copies = 1): ModuleNode {
  const each = children.reduce((sum, child) => sum + child.parameters, 0);
  return { name, type, copies, parameters: each * copies, children };
}

/** The tree of `MistralForCausalLM` for a config. */
export function moduleTree(config: MistralConfig): ModuleNode {
  const bias = config.linearBias;
  const byName = new Map(decoderLayerModules(config).map((module) => [module.name, module]));
  const layerLinear = (path: string) => {
    const module = byName.get(path)!;
    return linear(path.split('.').pop()!, module.inFeatures, module.outFeatures, bias);
  };
  const attention = parent('self_attn', 'MistralAttention', [
    layerLinear('self_attn.q_proj'),
    layerLinear('self_attn.k_proj'),
    layerLinear('self_attn.v_proj'),
    layerLinear('self_attn.o_proj'),
    empty('rotary_emb', 'MistralRotaryEmbedding'),
  ]);
  const mlp = parent('mlp', 'MistralMLP', [
    layerLinear('mlp.gate_proj'),
    layerLinear('mlp.up_proj'),
    layerLinear('mlp.down_proj'),
    empty('act_fn', 'SiLU'),
  ]);
  const layer = [
    attention,
    mlp,
    norm('input_layernorm', config.hiddenSize),
    norm('post_attention_layernorm', config.hiddenSize),
  ];
  const layers = config.numLayers;
  // PyTorch folds identical consecutive children into one line: `(0-31): 32 x MistralDecoderLayer(`.
  const layerRange = layers === 1 ? '0' : `0-${layers - 1}`;
  const model = parent('model', 'MistralModel', [
    {
      name: 'embed_tokens',
      type: `Embedding(${config.vocabSize}, ${config.hiddenSize})`,
      copies: 1,
      parameters: config.vocabSize * config.hiddenSize,
      children: [],
    },
    parent('layers', 'ModuleList', [parent(layerRange, 'MistralDecoderLayer', layer, layers)]),
    norm('norm', config.hiddenSize),
  ]);
  // A tied lm_head still prints as a Linear, but its weight is the embedding's, counted once.
  const head = linear('lm_head', config.hiddenSize, config.vocabSize, false);
  if (config.tieWordEmbeddings) head.parameters = 0;
  return parent('', 'MistralForCausalLM', [model, head]);
}

/** The first line of a module as PyTorch prints it, without the indentation. */
export function moduleLine(node: ModuleNode): string {
  const label = node.name ? `(${node.name}): ` : '';
  const copies = node.copies > 1 ? `${node.copies} x ` : '';
  const hasArguments = node.type.endsWith(')');
  const opening = node.children.length > 0 ? '(' : hasArguments ? '' : '()';
  return `${label}${copies}${node.type}${opening}`;
}

/** The whole printout, two spaces per level, as `print(model)` shows it. */
export function printModuleTree(node: ModuleNode, depth = 0): string {
  const indent = '  '.repeat(depth);
  const line = `${indent}${moduleLine(node)}`;
  if (node.children.length === 0) return line;
  return [line, ...node.children.map((child) => printModuleTree(child, depth + 1)), `${indent})`].join('\n');
}

/** One row of the per-module table. */
export interface ModuleRow {
  /** The module's path with `*` for the layer number, e.g. `model.layers.*.mlp.up_proj`. */
  module: string;
  /** The weight's shape, PyTorch's `[out, in]` for a Linear. */
  shape: readonly number[];
  /** Copies of it (the number of layers for a per-layer module). */
  copies: number;
  /** Parameters in all copies. */
  parameters: number;
  /** Share of the model's total, 0 to 1. */
  share: number;
}

/** The per-module table: one row per kind of weight, layers folded, with its share of the total. */
export function moduleParameterTable(config: MistralConfig): {
  rows: ModuleRow[];
  total: number;
} {
  const { total } = countMistral(config);
  const rows = mistralParameterGroups(config).map((group) => ({
    module: group.name.replace(/\.(weight|bias)$/, (_, kind: string) => (kind === 'bias' ? '.bias' : '')),
    shape: group.shape,
    copies: group.copies,
    parameters: group.total,
    share: group.total / total,
  }));
  return { rows, total };
}

/** The configs a chapter can name in a panel's props (props must be plain values in an Astro page). */
export const NAMED_CONFIGS = {
  'mistral-7b': MISTRAL_7B,
  pocket: POCKET_CONFIG,
} as const satisfies Record<string, Readonly<MistralConfig>>;

export type ConfigName = keyof typeof NAMED_CONFIGS;
