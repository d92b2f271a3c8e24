/**
 * The glass box: a decoder-only transformer with Mistral's architecture, in
 * plain TypeScript, and the one forward pass of the site. Every model the
 * chapters run in the page goes through it: the pocket model (trained
 * weights, src/lib/pocket) and the same architecture before training
 * (seeded random weights). One token through it:
 *
 *   embedding -> for each layer:
 *       x += o_proj(attention(rope(q_proj(norm(x))), rope(k_proj(...)), v_proj(...)))
 *       x += down_proj(silu(gate_proj(norm(x))) * up_proj(norm(x)))
 *   -> final norm -> lm_head -> logits
 *
 * Positions are read one at a time into a KV cache, which is what an engine
 * does when it generates; a whole sequence is the same loop from an empty
 * cache (`forwardSequence`). Attention at position i looks at the cached
 * keys i - window + 1 .. i: the causal mask and Mistral's sliding window are
 * that one range, so no future position is ever computed and then hidden.
 *
 * A recorder, when given, sees every intermediate vector and every head's
 * attention weights as they are computed: the layer walk-through of chapter 7
 * is a recorder (src/lib/model/layer-trace.ts), not a second forward pass.
 */
import type { MistralConfig } from '../model/mistral-config';
import { POCKET_CONFIG, checkGlassBoxConfig, kvHeadOf } from './config';
import { applyRope, matVec, rmsNorm, ropeFrequencies, silu, softmaxInPlace } from './math';
import { createWeights, rowOf, type GlassBoxWeights } from './weights';

/** The steps of one layer, in order, then the model's final norm. */
export type StageId =
  | 'input'
  | 'input_norm'
  | 'q'
  | 'k'
  | 'v'
  | 'q_rope'
  | 'k_rope'
  | 'attention'
  | 'o_proj'
  | 'residual_1'
  | 'post_norm'
  | 'swiglu'
  | 'down_proj'
  | 'residual_2'
  | 'final_norm';

/**
 * Sees the forward pass as it runs. Vectors are the live buffers: a recorder
 * that keeps one must copy it. `final_norm` is reported with layer index
 * `numLayers`.
 */
export interface ForwardRecorder {
  stage(layer: number, stage: StageId, position: number, vector: Float32Array): void;
  /** One query head's weights at `position` over key positions 0..position (0 outside the window). */
  attention(layer: number, head: number, position: number, weights: Float32Array): void;
}

/** Attention weights of one layer: per query head, what the position attends to. */
export type LayerAttention = Float32Array[];

export interface GlassBoxModel {
  readonly config: Readonly<MistralConfig>;
  readonly weights: GlassBoxWeights;
  /** Positions read so far (the KV cache's length). */
  readonly length: number;
  /** Empties the KV cache. */
  reset(): void;
  /**
   * Reads one token at the next position; returns the logits for the position
   * after it (all `vocabSize` of them), if asked for.
   */
  append(id: number, wantLogits: boolean, recorder?: ForwardRecorder): Float32Array | null;
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

function checkId(id: number, config: MistralConfig): void {
  if (!Number.isInteger(id) || id < 0 || id >= config.vocabSize)
    throw new Error(
      `Token id ${id} is outside the vocabulary (0 to ${(config.vocabSize - 1).toLocaleString('en')}).`,
    );
}

/** The logits of every id: lm_head's score of the id's row (ids without a row of their own share one). */
export function outputLogits(
  weights: GlassBoxWeights,
  config: Readonly<MistralConfig>,
  normed: Float32Array,
): Float32Array {
  const scores = matVec(weights.lmHead, normed, weights.rows, config.hiddenSize);
  const { rowOfId } = weights;
  if (!rowOfId) return scores;
  const logits = new Float32Array(config.vocabSize);
  for (let id = 0; id < logits.length; id++) logits[id] = scores[rowOfId[id]!]!;
  return logits;
}

/** A model that reads one token at a time and keeps every position's keys and values. */
export function createGlassBoxModel({
  config = POCKET_CONFIG,
  seed = 0,
  weights: given,
}: GlassBoxOptions = {}): GlassBoxModel {
  const problem = checkGlassBoxConfig(config);
  if (problem) throw new Error(`This config cannot run in the glass box: ${problem}`);
  const weights = given ?? createWeights(config, seed);
  const { hiddenSize: hidden, intermediateSize: inner, headDim, slidingWindow } = config;
  const heads = config.numAttentionHeads;
  const kvHeads = config.numKeyValueHeads;
  const qDim = heads * headDim;
  const kvDim = kvHeads * headDim;
  const eps = config.rmsNormEps;
  const frequencies = ropeFrequencies(headDim, config.ropeTheta);
  const scale = 1 / Math.sqrt(headDim);
  let capacity = 0;
  let keys: Float32Array[] = [];
  let values: Float32Array[] = [];
  let length = 0;
  let attention: LayerAttention[] = [];

  const reserve = (positions: number) => {
    if (positions <= capacity) return;
    capacity = Math.min(config.maxPositionEmbeddings, Math.max(64, capacity * 2, positions));
    const grow = (old: Float32Array | undefined) => {
      const next = new Float32Array(capacity * kvDim);
      if (old) next.set(old.subarray(0, length * kvDim));
      return next;
    };
    keys = Array.from({ length: config.numLayers }, (_, l) => grow(keys[l]));
    values = Array.from({ length: config.numLayers }, (_, l) => grow(values[l]));
  };

  const append = (id: number, wantLogits: boolean, recorder?: ForwardRecorder) => {
    checkId(id, config);
    if (length >= config.maxPositionEmbeddings)
      throw new Error(
        `The model holds ${config.maxPositionEmbeddings.toLocaleString('en')} positions and all are used; reset it to start again.`,
      );
    reserve(length + 1);
    const position = length;
    // Mistral's sliding window: position i sees positions i - slidingWindow + 1 .. i (and none after i).
    const first = Math.max(0, position - slidingWindow + 1);
    const row = rowOf(weights, id);
    const x = weights.embed.slice(row * hidden, (row + 1) * hidden);
    const record = (layer: number, stage: StageId, vector: Float32Array) =>
      recorder?.stage(layer, stage, position, vector);
    const stepAttention: LayerAttention[] = [];
    weights.layers.forEach((layer, l) => {
      record(l, 'input', x);
      const h = rmsNorm(x, layer.inputNorm, eps);
      record(l, 'input_norm', h);
      const q = matVec(layer.q, h, qDim, hidden);
      const k = matVec(layer.k, h, kvDim, hidden);
      const v = matVec(layer.v, h, kvDim, hidden);
      record(l, 'q', q);
      record(l, 'k', k);
      record(l, 'v', v);
      applyRope(q, heads, headDim, position, frequencies);
      applyRope(k, kvHeads, headDim, position, frequencies);
      record(l, 'q_rope', q);
      record(l, 'k_rope', k);
      const layerKeys = keys[l]!;
      const layerValues = values[l]!;
      layerKeys.set(k, position * kvDim);
      layerValues.set(v, position * kvDim);
      const attended = new Float32Array(qDim);
      const perHead: Float32Array[] = [];
      for (let head = 0; head < heads; head++) {
        const kvOffset = kvHeadOf(head, config) * headDim;
        const qOffset = head * headDim;
        const scores = new Float32Array(position + 1);
        for (let j = first; j <= position; j++) {
          let dot = 0;
          for (let t = 0; t < headDim; t++) dot += q[qOffset + t]! * layerKeys[j * kvDim + kvOffset + t]!;
          scores[j] = dot * scale;
        }
        softmaxInPlace(scores.subarray(first));
        for (let j = first; j <= position; j++) {
          const w = scores[j]!;
          for (let t = 0; t < headDim; t++)
            attended[qOffset + t]! += w * layerValues[j * kvDim + kvOffset + t]!;
        }
        recorder?.attention(l, head, position, scores);
        perHead.push(scores);
      }
      stepAttention.push(perHead);
      record(l, 'attention', attended);
      const projected = matVec(layer.o, attended, hidden, qDim);
      record(l, 'o_proj', projected);
      for (let i = 0; i < hidden; i++) x[i]! += projected[i]!;
      record(l, 'residual_1', x);
      const h2 = rmsNorm(x, layer.postNorm, eps);
      record(l, 'post_norm', h2);
      const gate = matVec(layer.gate, h2, inner, hidden);
      const up = matVec(layer.up, h2, inner, hidden);
      for (let i = 0; i < inner; i++) gate[i] = silu(gate[i]!) * up[i]!;
      record(l, 'swiglu', gate);
      const down = matVec(layer.down, gate, hidden, inner);
      record(l, 'down_proj', down);
      for (let i = 0; i < hidden; i++) x[i]! += down[i]!;
      record(l, 'residual_2', x);
    });
    length++;
    attention = stepAttention;
    if (!wantLogits && !recorder) return null;
    const normed = rmsNorm(x, weights.norm, eps);
    record(config.numLayers, 'final_norm', normed);
    return wantLogits ? outputLogits(weights, config, normed) : null;
  };

  return {
    config,
    weights,
    get length() {
      return length;
    },
    reset() {
      length = 0;
      attention = [];
    },
    append,
    lastAttention() {
      return attention;
    },
  };
}

/** Everything `forwardSequence` computes. */
export interface SequenceResult {
  /** Logits for the position after the last id. */
  logits: Float32Array;
  /** `[layer][head]`: an n x n row-major matrix; row i is what position i attends to (0 where masked). */
  attention: LayerAttention[];
}

/**
 * The whole sequence from an empty cache: the same loop a generating engine
 * runs, with every position's attention kept as n x n matrices for the
 * chapters that draw them. Its memory grows with the square of the length:
 * meant for the prompts a chapter inspects.
 */
export function forwardSequence(
  ids: readonly number[],
  options: GlassBoxOptions = {},
  recorder?: ForwardRecorder,
): SequenceResult {
  if (ids.length === 0) throw new Error('forwardSequence needs at least one token.');
  const model = createGlassBoxModel(options);
  const { config } = model;
  ids.forEach((id) => checkId(id, config));
  const n = ids.length;
  const attention: LayerAttention[] = Array.from({ length: config.numLayers }, () =>
    Array.from({ length: config.numAttentionHeads }, () => new Float32Array(n * n)),
  );
  const keep: ForwardRecorder = {
    stage: (...args) => recorder?.stage(...args),
    attention(layer, head, position, weights) {
      attention[layer]![head]!.set(weights, position * n);
      recorder?.attention(layer, head, position, weights);
    },
  };
  let logits: Float32Array | null = null;
  ids.forEach((id, position) => {
    logits = model.append(id, position === n - 1, keep);
  });
  return { logits: logits!, attention };
}
