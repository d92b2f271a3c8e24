/**
 * The site's one seeded random number generator, Mulberry32: a 32-bit state,
 * fast, and good enough for drawn data, starting weights and the sampler's
 * draws. Seeded runs then draw the same numbers on every machine and every
 * backend. (PyTorch's generator gives other numbers, so the mini network's
 * loss curve matches the seed notebook's in shape, not digit for digit.)
 *
 * Two ways to hold it, one generator: `mulberry32` hides the state in a
 * closure, for code that draws many numbers in a row; `nextRandom` takes a
 * state and returns the number and the next state, so the sampler can save
 * the state at each step and rewind to it without replaying anything.
 */

/** Returns numbers in [0, 1). */
export type Random = () => number;

/** A 32-bit generator state; any integer seed is a valid starting state. */
export type RandomState = number;

/** A number in [0, 1) and the state to use for the next draw. */
export interface RandomDraw {
  value: number;
  state: RandomState;
}

/** The starting state for a seed (integers wrap to 32 bits, so -1 and 2^32 - 1 are the same seed). */
export function seedState(seed: number): RandomState {
  return seed >>> 0;
}

/** Mulberry32's state step: a Weyl sequence. */
const advance = (state: RandomState): RandomState => (state + 0x6d2b79f5) >>> 0;

/** Mulberry32's output for an advanced state, in [0, 1). */
function output(state: RandomState): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** One Mulberry32 step. */
export function nextRandom(state: RandomState): RandomDraw {
  const next = advance(state);
  return { value: output(next), state: next };
}

/** A generator that keeps its own state: the same numbers as `nextRandom` from `seedState(seed)`. */
export function mulberry32(seed: number): Random {
  let state = seedState(seed);
  return () => {
    state = advance(state);
    return output(state);
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
