/**
 * One decoder layer of the in-page model, step by step, for every position
 * of a short prompt: the vector after each operation, its shape, and each
 * query head's attention matrix with its causal and sliding-window mask.
 *
 * Not a second forward pass: the trace is a recorder on the glass box's one
 * forward pass (src/lib/glassbox/model.ts), keeping a copy of every vector
 * the chosen layer computes and of the final norm at every position.
 */
import { formatCount } from '../core/format';
import { POCKET_CONFIG, kvHeadOf } from '../glassbox/config';
import { forwardSequence, outputLogits, type StageId } from '../glassbox/model';
import { createWeights, type GlassBoxWeights } from '../glassbox/weights';
import type { MistralConfig } from './mistral-config';

export type { StageId };

/** Which slice of a stage's vector belongs to one head: a query head, its key/value head, or none. */
export type HeadSlice = 'query' | 'kv' | 'none';

export interface TraceStage {
  id: StageId;
  /** The operation, as PyTorch names its module where there is one. */
  label: string;
  /** The shape of the whole stage, `[tokens, ...]`, as the tensor would have without the batch dimension. */
  shape: readonly number[];
  /** The operation in one line. */
  formula: string;
  headSlice: HeadSlice;
  /** The stage's vector at every position. */
  vectors: Float32Array[];
}

export interface LayerTrace {
  config: Readonly<MistralConfig>;
  weights: GlassBoxWeights;
  ids: readonly number[];
  /** The layer traced, 0-based. */
  layer: number;
  stages: TraceStage[];
  /** Per query head: an n × n row-major matrix, row i what position i attends to (0 where masked). */
  attention: Float32Array[];
}

const weightCache = new Map<string, GlassBoxWeights>();

/** The untrained model's weights for a config and seed, drawn once (a few million numbers) and kept. */
export function glassBoxWeights(config: Readonly<MistralConfig> = POCKET_CONFIG, seed = 0): GlassBoxWeights {
  const key = `${config.modelId}:${seed}`;
  let weights = weightCache.get(key);
  if (!weights) {
    weights = createWeights(config, seed);
    weightCache.set(key, weights);
  }
  return weights;
}

/** Why these ids cannot be traced, or null. */
export function checkTraceIds(
  ids: readonly number[],
  config: Readonly<MistralConfig> = POCKET_CONFIG,
): string | null {
  if (ids.length === 0) return 'The prompt needs at least one token.';
  const bad = ids.find((id) => !Number.isInteger(id) || id < 0 || id >= config.vocabSize);
  if (bad !== undefined)
    return `Token id ${bad} is outside the vocabulary (0 to ${formatCount(config.vocabSize - 1)}).`;
  if (ids.length > config.maxPositionEmbeddings)
    return `The model holds ${formatCount(config.maxPositionEmbeddings, 'position')}; this text has ${formatCount(ids.length, 'token')}.`;
  return null;
}

/** Whether position `query` may attend to position `key`: not ahead of it, and inside the sliding window. */
export function canAttend(query: number, key: number, slidingWindow: number): boolean {
  return key <= query && query - key < slidingWindow;
}

function describeStages(
  config: Readonly<MistralConfig>,
  layer: number,
  n: number,
): Omit<TraceStage, 'vectors'>[] {
  const {
    hiddenSize: d,
    intermediateSize: inner,
    numAttentionHeads: h,
    numKeyValueHeads: kv,
    headDim: hd,
  } = config;
  const at = `layers.${layer}`;
  return [
    {
      id: 'input',
      label: layer === 0 ? 'embed_tokens' : `output of layer ${layer - 1}`,
      shape: [n, d],
      formula: layer === 0 ? 'one row of the embedding table per token id' : 'the residual stream so far',
      headSlice: 'none',
    },
    {
      id: 'input_norm',
      label: `${at}.input_layernorm`,
      shape: [n, d],
      formula: 'x / rms(x) × gain',
      headSlice: 'none',
    },
    {
      id: 'q',
      label: `${at}.self_attn.q_proj`,
      shape: [n, h, hd],
      formula: 'q = W_q · x, split into heads',
      headSlice: 'query',
    },
    { id: 'k', label: `${at}.self_attn.k_proj`, shape: [n, kv, hd], formula: 'k = W_k · x', headSlice: 'kv' },
    { id: 'v', label: `${at}.self_attn.v_proj`, shape: [n, kv, hd], formula: 'v = W_v · x', headSlice: 'kv' },
    {
      id: 'q_rope',
      label: 'rotary embedding on q',
      shape: [n, h, hd],
      formula: 'pairs turned by position × frequency',
      headSlice: 'query',
    },
    {
      id: 'k_rope',
      label: 'rotary embedding on k',
      shape: [n, kv, hd],
      formula: 'the same turn, so q·k sees distance',
      headSlice: 'kv',
    },
    {
      id: 'attention',
      label: 'grouped-query attention',
      shape: [n, h, hd],
      formula: `softmax(q·kᵀ / √${hd}, masked) · v; ${h / kv} query heads per kv head`,
      headSlice: 'query',
    },
    {
      id: 'o_proj',
      label: `${at}.self_attn.o_proj`,
      shape: [n, d],
      formula: 'heads concatenated, then W_o ·',
      headSlice: 'none',
    },
    { id: 'residual_1', label: 'residual add', shape: [n, d], formula: 'x + attention', headSlice: 'none' },
    {
      id: 'post_norm',
      label: `${at}.post_attention_layernorm`,
      shape: [n, d],
      formula: 'x / rms(x) × gain',
      headSlice: 'none',
    },
    {
      id: 'swiglu',
      label: 'mlp.gate_proj, up_proj, SiLU',
      shape: [n, inner],
      formula: 'silu(W_gate · x) × (W_up · x)',
      headSlice: 'none',
    },
    { id: 'down_proj', label: `${at}.mlp.down_proj`, shape: [n, d], formula: 'W_down ·', headSlice: 'none' },
    {
      id: 'residual_2',
      label: 'residual add',
      shape: [n, d],
      formula: `x + mlp: layer ${layer}’s output`,
      headSlice: 'none',
    },
    {
      id: 'final_norm',
      label: 'model.norm',
      shape: [n, d],
      formula: `after all ${config.numLayers} layers, x / rms(x) × gain`,
      headSlice: 'none',
    },
  ];
}

/**
 * Runs the model over `ids` and records layer `layer` step by step, and the
 * final norm at every position. Throws a reader-facing message for ids
 * outside the vocabulary or a layer that does not exist.
 */
export function traceLayer(
  ids: readonly number[],
  layer: number,
  config: Readonly<MistralConfig> = POCKET_CONFIG,
  weights: GlassBoxWeights = glassBoxWeights(config),
): LayerTrace {
  const problem = checkTraceIds(ids, config);
  if (problem) throw new Error(problem);
  if (!Number.isInteger(layer) || layer < 0 || layer >= config.numLayers)
    throw new Error(`The model has layers 0 to ${config.numLayers - 1}; there is no layer ${layer}.`);
  const recorded = new Map<StageId, Float32Array[]>();
  const { attention } = forwardSequence(
    ids,
    { config, weights },
    {
      stage(at, stage, position, vector) {
        if (at !== layer && stage !== 'final_norm') return;
        let vectors = recorded.get(stage);
        if (!vectors) recorded.set(stage, (vectors = []));
        vectors[position] = vector.slice();
      },
      attention() {},
    },
  );
  const stages = describeStages(config, layer, ids.length).map((stage) => ({
    ...stage,
    vectors: recorded.get(stage.id)!,
  }));
  return { config, weights, ids, layer, stages, attention: attention[layer]! };
}

/** The logits at one position: lm_head applied to the final norm's vector there. */
export function logitsAt(trace: LayerTrace, position: number): Float32Array {
  const final = trace.stages.find((stage) => stage.id === 'final_norm')!;
  const vector = final.vectors[position];
  if (!vector)
    throw new Error(
      `There is no position ${position}; the prompt has ${formatCount(trace.ids.length, 'token')}.`,
    );
  return outputLogits(trace.weights, trace.config, vector);
}

/** The `count` highest logits with their token ids, best first. */
export function topLogits(logits: Float32Array, count: number): { id: number; logit: number }[] {
  const best: { id: number; logit: number }[] = [];
  for (let id = 0; id < logits.length; id++) {
    const logit = logits[id]!;
    if (best.length < count || logit > best[best.length - 1]!.logit) {
      best.push({ id, logit });
      best.sort((a, b) => b.logit - a.logit);
      if (best.length > count) best.pop();
    }
  }
  return best;
}

/** The first `count` values of a stage at a position; for per-head stages, of the given query head's slice. */
export function stagePreview(
  stage: TraceStage,
  position: number,
  head: number,
  config: Readonly<MistralConfig>,
  count = 6,
): { values: number[]; from: number; width: number } {
  const vector = stage.vectors[position]!;
  const slot = stage.headSlice === 'query' ? head : stage.headSlice === 'kv' ? kvHeadOf(head, config) : -1;
  const from = slot < 0 ? 0 : slot * config.headDim;
  const width = slot < 0 ? vector.length : config.headDim;
  return { values: Array.from(vector.subarray(from, from + Math.min(count, width))), from, width };
}

/** One cell of an attention heatmap. */
export interface HeatmapCell {
  key: number;
  /** The attention weight, 0 where masked. */
  weight: number;
  /** `future`: the causal mask hides it; `window`: further back than the sliding window; `seen`: attended. */
  state: 'seen' | 'future' | 'window';
}

/** One query head's attention as rows of cells, row i for query position i. */
export function heatmapRows(trace: LayerTrace, head: number): HeatmapCell[][] {
  const n = trace.ids.length;
  const matrix = trace.attention[head];
  if (!matrix)
    throw new Error(
      `There is no head ${head}; the layer has ${formatCount(trace.attention.length, 'head')}.`,
    );
  return Array.from({ length: n }, (_row, query) =>
    Array.from({ length: n }, (_cell, key) => ({
      key,
      weight: matrix[query * n + key]!,
      state: key > query ? 'future' : canAttend(query, key, trace.config.slidingWindow) ? 'seen' : 'window',
    })),
  );
}

/** The query heads that share each key/value head, e.g. `[[0, 1], [2, 3]]` for the glass box. */
export function headGroups(config: Readonly<MistralConfig>): number[][] {
  const groups: number[][] = Array.from({ length: config.numKeyValueHeads }, () => []);
  for (let head = 0; head < config.numAttentionHeads; head++) groups[kvHeadOf(head, config)]!.push(head);
  return groups;
}

/** One query head's attention row at a position, with the key/value head it reads. */
export interface HeadRow {
  head: number;
  kvHead: number;
  cells: HeatmapCell[];
}

/** What the token at `position` attends to in every head of the layer, heads in key/value-head order. */
export function headRowsAt(trace: LayerTrace, position: number): HeadRow[] {
  return headGroups(trace.config).flatMap((group, kvHead) =>
    group.map((head) => ({ head, kvHead, cells: heatmapRows(trace, head)[position]! })),
  );
}
