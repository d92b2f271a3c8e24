/**
 * The few operations a Mistral layer is made of, on Float32Arrays. Written
 * as plain loops so a reader can match each line to the formula, and so the
 * glass box needs no tensor library: a pocket-model decode step is about
 * 4.2 million multiply-adds, two thirds of them in the output head (the
 * corpus's 22,280 vocabulary rows x 128), a few milliseconds in Node (see
 * scripts/bench/pocket.ts).
 *
 * Sums are accumulated in JavaScript numbers (float64) and stored as float32.
 */

/**
 * `out = W x` for a PyTorch-layout weight (`[rows, cols]`, row-major): the
 * Linear layer without bias. `out` may be passed in to avoid an allocation.
 */
export function matVec(
  weight: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  out = new Float32Array(rows),
): Float32Array {
  // Four rows at a time, two running sums each: every x[c] read serves four
  // rows, and the eight independent sums let the CPU overlap the
  // multiply-adds (measured in V8: 35 % faster than one row with four sums).
  const even = cols - (cols % 2);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o0 = r * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    let c0 = 0;
    let c1 = 0;
    let d0 = 0;
    let d1 = 0;
    let c = 0;
    for (; c < even; c += 2) {
      const x0 = x[c]!;
      const x1 = x[c + 1]!;
      a0 += weight[o0 + c]! * x0;
      a1 += weight[o0 + c + 1]! * x1;
      b0 += weight[o1 + c]! * x0;
      b1 += weight[o1 + c + 1]! * x1;
      c0 += weight[o2 + c]! * x0;
      c1 += weight[o2 + c + 1]! * x1;
      d0 += weight[o3 + c]! * x0;
      d1 += weight[o3 + c + 1]! * x1;
    }
    if (c < cols) {
      const xc = x[c]!;
      a0 += weight[o0 + c]! * xc;
      b0 += weight[o1 + c]! * xc;
      c0 += weight[o2 + c]! * xc;
      d0 += weight[o3 + c]! * xc;
    }
    out[r] = a0 + a1;
    out[r + 1] = b0 + b1;
    out[r + 2] = c0 + c1;
    out[r + 3] = d0 + d1;
  }
  for (; r < rows; r++) {
    let sum = 0;
    for (let c = 0, offset = r * cols; c < cols; c++) sum += weight[offset + c]! * x[c]!;
    out[r] = sum;
  }
  return out;
}

/** RMSNorm: x / sqrt(mean(x²) + eps), times a learned gain per dimension. No mean is subtracted (unlike LayerNorm). */
export function rmsNorm(x: Float32Array, gain: Float32Array, eps: number): Float32Array {
  let squares = 0;
  for (let i = 0; i < x.length; i++) squares += x[i]! * x[i]!;
  const scale = 1 / Math.sqrt(squares / x.length + eps);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * scale * gain[i]!;
  return out;
}

/** SiLU (swish): x * sigmoid(x), the gate's activation in Mistral's MLP. */
export function silu(x: number): number {
  return x / (1 + Math.exp(-x));
}

/** The rotation frequencies of one head: theta^(-2i/d) for i < d/2 (PyTorch's `inv_freq`). */
export function ropeFrequencies(headDim: number, theta: number): Float64Array {
  const half = headDim / 2;
  return Float64Array.from({ length: half }, (_, i) => Math.pow(theta, (-2 * i) / headDim));
}

/**
 * Rotary position embedding, in place, on `heads` consecutive vectors of
 * `headDim` starting at `offset`. Dimension i is paired with i + d/2 (the
 * "rotate half" layout Hugging Face's Mistral uses) and the pair is turned by
 * the angle position * frequency_i. Rotating q and k this way makes q·k depend
 * on how far apart the two positions are, not where they are.
 */
export function applyRope(
  vectors: Float32Array,
  heads: number,
  headDim: number,
  position: number,
  frequencies: Float64Array,
): void {
  const half = headDim / 2;
  for (let i = 0; i < half; i++) {
    const angle = position * frequencies[i]!;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (let h = 0; h < heads; h++) {
      const a = h * headDim + i;
      const b = a + half;
      const x = vectors[a]!;
      const y = vectors[b]!;
      vectors[a] = x * cos - y * sin;
      vectors[b] = y * cos + x * sin;
    }
  }
}

/** Softmax in place over `values[0..length)`, stable (the largest value is subtracted first). */
export function softmaxInPlace(values: Float32Array, length = values.length): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < length; i++) if (values[i]! > max) max = values[i]!;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.exp(values[i]! - max);
    values[i] = e;
    sum += e;
  }
  for (let i = 0; i < length; i++) values[i]! /= sum;
  return values;
}
