/**
 * The sampler's random numbers, with the generator's state in the open: a
 * draw takes a state and returns the number and the next state. A run is then
 * reproducible from its seed alone, and rewinding the loop to step n only
 * needs the state saved at step n (no hidden generator to replay).
 *
 * The generator is Mulberry32, the same one the mini network uses
 * (src/lib/mlp/random.ts), written here as a pure step function.
 */

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

/** One Mulberry32 step. */
export function nextRandom(state: RandomState): RandomDraw {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: next };
}
