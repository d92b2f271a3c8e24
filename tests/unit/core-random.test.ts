import { describe, expect, it } from 'vitest';
import { mulberry32, nextRandom, normal, seedState, shuffledIndices } from '../../src/lib/core/random';

describe('the seeded generator (Mulberry32)', () => {
  it('draws the same numbers on every machine: the first draws for seeds 0 and 42', () => {
    // Pinned: the mini network's data, the glass box's weights and every seeded sample depend on these.
    const zero = mulberry32(0);
    expect([zero(), zero()]).toEqual([0.26642920868471265, 0.0003297457005828619]);
    const fortyTwo = mulberry32(42);
    expect([fortyTwo(), fortyTwo(), fortyTwo()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
    expect(Array.from(shuffledIndices(8, mulberry32(1)))).toEqual([2, 1, 6, 7, 4, 3, 0, 5]);
    expect(normal(mulberry32(3))).toBe(1.5492425833682681);
  });

  it('gives the same stream with the state in the open, so the sampler can rewind to any saved state', () => {
    const hidden = mulberry32(7);
    let state = seedState(7);
    const states: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 100; i++) {
      states.push(state);
      const draw = nextRandom(state);
      values.push(draw.value);
      expect(draw.value).toBe(hidden());
      state = draw.state;
    }
    // Starting again from the state saved before draw 40 draws 40, 41, ... again.
    let resumed = states[40]!;
    for (let i = 40; i < 100; i++) {
      const draw = nextRandom(resumed);
      expect(draw.value).toBe(values[i]);
      resumed = draw.state;
    }
  });

  it('wraps seeds to 32 bits and stays in [0, 1)', () => {
    expect(seedState(-1)).toBe(2 ** 32 - 1);
    expect(seedState(2 ** 32 + 5)).toBe(5);
    let state = seedState(7);
    for (let i = 0; i < 1000; i++) {
      const { value, state: next } = nextRandom(state);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      state = next;
    }
  });
});
