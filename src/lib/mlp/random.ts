/**
 * A small seeded random number generator, so the seed run draws the same
 * "random" data and starting weights on every machine and every backend.
 * (PyTorch's generator gives other numbers, so the loss curve matches the
 * seed notebook's in shape, not digit for digit.)
 */

/** Returns numbers in [0, 1). */
export type Random = () => number;

/** Mulberry32: a 32-bit seeded generator, fast and good enough for data and initial weights. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (mean 0, variance 1) by the Box-Muller transform. */
export function normal(random: Random): number {
  const u = 1 - random(); // in (0, 1], so the logarithm is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Numbers drawn uniformly from [-bound, bound). */
export function uniformArray(random: Random, length: number, bound: number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = (random() * 2 - 1) * bound;
  return values;
}

/** 0 .. count-1 in a random order (Fisher-Yates). */
export function shuffledIndices(count: number, random: Random): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
