/**
 * The glass box: a decoder-only transformer with Mistral's architecture, in
 * plain TypeScript. One token through it:
 *
 *   embedding -> for each layer:
 *       x += o_proj(attention(rope(q_proj(norm(x))), rope(k_proj(...)), v_proj(...)))
 *       x += down_proj(silu(gate_proj(norm(x))) * up_proj(norm(x)))
 *   -> final norm -> lm_head -> logits
 *
 * Two ways to run it, kept apart on purpose so each checks the other:
 * - `createGlassBoxModel`: one token at a time with a KV cache, what an
 *   engine does when it generates (each step computes only the new row);
 * - `forwardSequence`: the whole sequence at once, no cache, with a full
 *   attention matrix and an explicit causal + sliding-window mask, what
 *   training and the "one layer step by step" chapter look at.
 * A unit test holds them to the same logits.
 */
import type { MistralConfig } from '../model/mistral-config';
import { GLASS_BOX, checkGlassBoxConfig, kvHeadOf } from './config';
import { applyRope, matVec, rmsNorm, ropeFrequencies, silu, softmaxInPlace } from './math';
import { createWeights, type GlassBoxWeights, type LayerWeights } from './weights';

/** Attention weights of one layer: per query head, what each position attends to. */
export type LayerAttention = Float32Array[];

export interface GlassBoxModel {
  readonly config: Readonly<MistralConfig>;
  readonly weights: GlassBoxWeights;
  /** Positions read so far (the KV cache's length). */
  readonly length: number;
  /** Empties the KV cache. */
  reset(): void;
  /** Reads one token at the next position; returns the logits for the position after it, if asked for. */
  append(id: number, wantLogits: boolean): Float32Array | null;
  /**
   * The last token's attention: `[layer][head]`, each `length` long, weights
   * over positions 0..length-1 (0 outside the causal sliding window).
   */
  lastAttention(): LayerAttention[];
}

export interface GlassBoxOptions {
  config?: Readonly<MistralConfig>;
  /** Seed of the weights (ignored when `weights` are given). */
  seed?: number;
  /** Weights to share between models (they are never written to). */
  weights?: GlassBoxWeights;
}

/** The shared parts of a model: its shape in handy names, and its weights. */
function prepare({ config = GLASS_BOX, seed = 0, weights }: GlassBoxOptions) {
  const problem = checkGlassBoxConfig(config);
  if (problem) throw new Error(`This config cannot run in the glass box: ${problem}`);
  return {
    config,
    weights: weights ?? createWeights(config, seed),
    hidden: config.hiddenSize,
    heads: config.numAttentionHeads,
    kvHeads: config.numKeyValueHeads,
    headDim: config.headDim,
    qDim: config.numAttentionHeads * config.headDim,
    kvDim: config.numKeyValueHeads * config.headDim,
    frequencies: ropeFrequencies(config.headDim, config.ropeTheta),
    scale: 1 / Math.sqrt(config.headDim),
  };
}
type Prepared = ReturnType<typeof prepare>;

function checkId(id: number, config: MistralConfig): void {
  if (!Number.isInteger(id) || id < 0 || id >= config.vocabSize)
    throw new Error(
      `Token id ${id} is outside the vocabulary (0 to ${(config.vocabSize - 1).toLocaleString('en')}).`,
    );
}

function embed(model: Prepared, id: number): Float32Array {
  return model.weights.embed.slice(id * model.hidden, (id + 1) * model.hidden);
}

/** q, k and v of one position, with the rotary embedding already applied to q and k. */
function projectQkv(model: Prepared, layer: LayerWeights, x: Float32Array, position: number) {
  const h = rmsNorm(x, layer.inputNorm, model.config.rmsNormEps);
  const q = matVec(layer.q, h, model.qDim, model.hidden);
  const k = matVec(layer.k, h, model.kvDim, model.hidden);
  const v = matVec(layer.v, h, model.kvDim, model.hidden);
  applyRope(q, model.heads, model.headDim, position, model.frequencies);
  applyRope(k, model.kvHeads, model.headDim, position, model.frequencies);
  return { q, k, v };
}

/** x += o_proj(attention output), then x += the SwiGLU MLP of norm(x). In place. */
function finishLayer(model: Prepared, layer: LayerWeights, x: Float32Array, attended: Float32Array): void {
  const projected = matVec(layer.o, attended, model.hidden, model.qDim);
  for (let i = 0; i < model.hidden; i++) x[i]! += projected[i]!;
  const inner = model.config.intermediateSize;
  const h = rmsNorm(x, layer.postNorm, model.config.rmsNormEps);
  const gate = matVec(layer.gate, h, inner, model.hidden);
  const up = matVec(layer.up, h, inner, model.hidden);
  for (let i = 0; i < inner; i++) gate[i] = silu(gate[i]!) * up[i]!;
  const down = matVec(layer.down, gate, model.hidden, inner);
  for (let i = 0; i < model.hidden; i++) x[i]! += down[i]!;
}

function outputHead(model: Prepared, x: Float32Array): Float32Array {
  const h = rmsNorm(x, model.weights.norm, model.config.rmsNormEps);
  return matVec(model.weights.lmHead, h, model.config.vocabSize, model.hidden);
}

/** A model that reads one token at a time and keeps every position's keys and values. */
export function createGlassBoxModel(options: GlassBoxOptions = {}): GlassBoxModel {
  const model = prepare(options);
  const { config, heads, headDim, kvDim, scale } = model;
  const window = config.slidingWindow;
  let capacity = 0;
  let keys: Float32Array[] = [];
  let values: Float32Array[] = [];
  let length = 0;
  let attention: LayerAttention[] = [];

  const reserve = (positions: number) => {
    if (positions <= capacity) return;
    capacity = Math.min(config.maxPositionEmbeddings, Math.max(64, capacity * 2, positions));
    const grow = (old: Float32Array) => {
      const next = new Float32Array(capacity * kvDim);
      next.set(old.subarray(0, length * kvDim));
      return next;
    };
    keys = keys.length
      ? keys.map(grow)
      : Array.from({ length: config.numLayers }, () => new Float32Array(capacity * kvDim));
    values = values.length
      ? values.map(grow)
      : Array.from({ length: config.numLayers }, () => new Float32Array(capacity * kvDim));
  };

  return {
    config,
    weights: model.weights,
    get length() {
      return length;
    },
    reset() {
      length = 0;
      attention = [];
    },
    append(id, wantLogits) {
      checkId(id, config);
      if (length >= config.maxPositionEmbeddings)
        throw new Error(
          `The glass box holds ${config.maxPositionEmbeddings.toLocaleString('en')} positions and all are used; reset it to start again.`,
        );
      reserve(length + 1);
      const position = length;
      // Mistral's sliding window: position i sees positions i - window + 1 .. i.
      const first = Math.max(0, position - window + 1);
      const x = embed(model, id);
      const stepAttention: LayerAttention[] = [];
      model.weights.layers.forEach((layer, l) => {
        const { q, k, v } = projectQkv(model, layer, x, position);
        const layerKeys = keys[l]!;
        const layerValues = values[l]!;
        layerKeys.set(k, position * kvDim);
        layerValues.set(v, position * kvDim);
        const attended = new Float32Array(heads * headDim);
        const perHead: Float32Array[] = [];
        for (let head = 0; head < heads; head++) {
          const kvOffset = kvHeadOf(head, config) * headDim;
          const qOffset = head * headDim;
          const weights = new Float32Array(position + 1);
          for (let j = first; j <= position; j++) {
            let dot = 0;
            for (let t = 0; t < headDim; t++) dot += q[qOffset + t]! * layerKeys[j * kvDim + kvOffset + t]!;
            weights[j] = dot * scale;
          }
          softmaxInPlace(weights.subarray(first));
          for (let j = first; j <= position; j++) {
            const w = weights[j]!;
            for (let t = 0; t < headDim; t++)
              attended[qOffset + t]! += w * layerValues[j * kvDim + kvOffset + t]!;
          }
          perHead.push(weights);
        }
        stepAttention.push(perHead);
        finishLayer(model, layer, x, attended);
      });
      length++;
      attention = stepAttention;
      return wantLogits ? outputHead(model, x) : null;
    },
    lastAttention() {
      return attention;
    },
  };
}

/** Everything `forwardSequence` computes. */
export interface SequenceResult {
  /** Logits for the position after the last id. */
  logits: Float32Array;
  /** `[layer][head]`: an n x n row-major matrix; row i is what position i attends to. */
  attention: LayerAttention[];
}

/**
 * Runs the whole sequence at once, without a cache: every layer computes q,
 * k and v for all positions, the full n x n score matrix, and masks it with
 * -Infinity where a position would look ahead (causal) or further back than
 * the sliding window. Its work grows with the square of the length: meant for
 * the short prompts a chapter inspects, not for generating.
 */
export function forwardSequence(ids: readonly number[], options: GlassBoxOptions = {}): SequenceResult {
  const model = prepare(options);
  const { config, heads, headDim, qDim, scale } = model;
  const n = ids.length;
  if (n === 0) throw new Error('forwardSequence needs at least one token.');
  ids.forEach((id) => checkId(id, config));
  const xs = ids.map((id) => embed(model, id));
  const attention: LayerAttention[] = [];
  for (const layer of model.weights.layers) {
    const projected = xs.map((x, position) => projectQkv(model, layer, x, position));
    const perHead: Float32Array[] = [];
    const attended = xs.map(() => new Float32Array(qDim));
    for (let head = 0; head < heads; head++) {
      const kvOffset = kvHeadOf(head, config) * headDim;
      const qOffset = head * headDim;
      const matrix = new Float32Array(n * n);
      for (let i = 0; i < n; i++) {
        const row = matrix.subarray(i * n, (i + 1) * n);
        for (let j = 0; j < n; j++) {
          const masked = j > i || i - j >= config.slidingWindow;
          if (masked) {
            row[j] = -Infinity;
            continue;
          }
          let dot = 0;
          for (let t = 0; t < headDim; t++)
            dot += projected[i]!.q[qOffset + t]! * projected[j]!.k[kvOffset + t]!;
          row[j] = dot * scale;
        }
        softmaxInPlace(row);
        for (let j = 0; j < n; j++) {
          const w = row[j]!;
          if (w === 0) continue;
          for (let t = 0; t < headDim; t++) attended[i]![qOffset + t]! += w * projected[j]!.v[kvOffset + t]!;
        }
      }
      perHead.push(matrix);
    }
    attention.push(perHead);
    xs.forEach((x, position) => finishLayer(model, layer, x, attended[position]!));
  }
  return { logits: outputHead(model, xs[n - 1]!), attention };
}
