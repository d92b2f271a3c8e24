import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkLogits,
  finalProbability,
  removalOf,
  sampleNext,
  softmax,
  topCandidates,
  topKProbability,
} from '../../src/lib/sampling/pipeline';
import { nextRandom, seedState } from '../../src/lib/core/random';
import { allIds, selectBest, selectByMass, sortByScore, topIds } from '../../src/lib/sampling/select';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';

const settings = (overrides: Partial<SamplingSettings> = {}): SamplingSettings => ({
  ...SEED_SAMPLING,
  temperature: 1,
  topK: 0,
  topP: 1,
  seed: 0,
  ...overrides,
});
/** Logits whose softmax at temperature 1 is exactly `probabilities` (up to rounding). */
const logitsOf = (probabilities: number[]) => Float32Array.from(probabilities, Math.log);
const kept = (step: ReturnType<typeof sampleNext>) =>
  Array.from(step.logits.keys()).filter((id) => removalOf(step, id) === null);

describe('checking logits', () => {
  it('refuses NaN and +Infinity, naming the position', () => {
    const logits = new Float32Array(10);
    logits[7] = NaN;
    expect(() => checkLogits(logits)).toThrowErrorMatchingInlineSnapshot(
      `[Error: The logit at position 7 (token id 7) is NaN, not a score; the engine's output is broken, so no token can be picked.]`,
    );
    logits[7] = 0;
    logits[3] = Infinity;
    expect(() => checkLogits(logits)).toThrow(/position 3 \(token id 3\) is \+Infinity/);
  });

  it('refuses a NaN after the maximum and at position 0', () => {
    expect(() => checkLogits([5, 1, NaN])).toThrow(/position 2 /);
    expect(() => checkLogits([NaN, 1, 2])).toThrow(/position 0 /);
  });

  it('accepts -Infinity as a masked token, but not when every token is masked', () => {
    expect(checkLogits([-Infinity, 2, -Infinity, 2])).toEqual({ maxLogit: 2, argmax: 1, masked: 2 });
    expect(() => checkLogits([-Infinity, -Infinity])).toThrow('All 2 logits are -Infinity (masked)');
    expect(() => checkLogits([])).toThrow(/no logits/);
  });
});

describe('softmax', () => {
  it('gives the probabilities the logits were made from, summing to 1', () => {
    const { probabilities } = softmax(logitsOf([0.5, 0.3, 0.2]), 1);
    expect(probabilities[0]).toBeCloseTo(0.5, 6);
    expect(probabilities[1]).toBeCloseTo(0.3, 6);
    expect(probabilities[2]).toBeCloseTo(0.2, 6);
    expect(probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('does not overflow on large logits (log-sum-exp) and reports the normaliser', () => {
    const { probabilities, logSumExp } = softmax(Float32Array.of(1000, 1001), 1);
    expect(probabilities[0]).toBeCloseTo(1 / (1 + Math.E), 12);
    expect(probabilities[1]).toBeCloseTo(Math.E / (1 + Math.E), 12);
    expect(logSumExp).toBeCloseTo(1001 + Math.log(1 + 1 / Math.E), 9);
    const tiny = softmax(Float32Array.of(-1000, -1001), 1);
    expect(tiny.probabilities[0]).toBeCloseTo(Math.E / (1 + Math.E), 12);
  });

  it('divides by the temperature first: T = 0.5 is softmax of twice the logits', () => {
    const logits = Float32Array.of(1, 2, 0.5, -1);
    const half = softmax(logits, 0.5).probabilities;
    const doubled = softmax(
      logits.map((x) => 2 * x),
      1,
    ).probabilities;
    half.forEach((p, i) => expect(p).toBeCloseTo(doubled[i]!, 12));
    expect(half[1]).toBeGreaterThan(softmax(logits, 1).probabilities[1]!);
  });

  it('gives a masked token exactly 0', () => {
    expect(softmax(Float32Array.of(0, -Infinity, 0), 1).probabilities).toEqual(Float64Array.of(0.5, 0, 0.5));
  });
});

describe('greedy (temperature 0)', () => {
  it('picks the highest logit, the lowest id among ties, and draws no random number', () => {
    const logits = Float32Array.of(1, 3, -Infinity, 3, 2);
    const step = sampleNext(logits, settings({ temperature: 0 }), 99);
    expect(step.chosenId).toBe(1);
    expect(step.greedy).toBe(true);
    expect(step.state).toBe(99);
    expect(step.random).toBeNull();
    expect([0, 1, 2, 3, 4].map((id) => removalOf(step, id))).toEqual([
      'greedy',
      null,
      'masked',
      'greedy',
      'greedy',
    ]);
    expect(finalProbability(step, 1)).toBe(1);
  });
});

describe('top-k', () => {
  it('keeps the k highest logits; at a tie on the boundary the lower id wins', () => {
    const step = sampleNext(Float32Array.of(1, 3, 3, 2, 3), settings({ topK: 2 }), 0);
    expect(kept(step)).toEqual([1, 2]);
    expect(removalOf(step, 4)).toBe('top-k');
    expect(step.keptCount).toBe(2);
    expect(topKProbability(step, 1)).toBeCloseTo(0.5, 12);
  });

  it('renormalises what it keeps', () => {
    const step = sampleNext(logitsOf([0.4, 0.3, 0.2, 0.1]), settings({ topK: 2 }), 0);
    expect(step.topKMass).toBeCloseTo(0.7, 6);
    expect(finalProbability(step, 0)).toBeCloseTo(4 / 7, 6);
    expect(finalProbability(step, 1)).toBeCloseTo(3 / 7, 6);
    expect(finalProbability(step, 2)).toBe(0);
  });

  it('with k = vocabulary size or 0, removes nothing', () => {
    for (const topK of [0, 4])
      expect(sampleNext(logitsOf([0.4, 0.3, 0.2, 0.1]), settings({ topK }), 0).keptCount).toBe(4);
  });
});

describe('top-p', () => {
  it('keeps the smallest set of best tokens that reaches p', () => {
    const logits = logitsOf([0.5, 0.3, 0.2]);
    expect(kept(sampleNext(logits, settings({ topP: 0.45 }), 0))).toEqual([0]);
    expect(kept(sampleNext(logits, settings({ topP: 0.75 }), 0))).toEqual([0, 1]);
    expect(kept(sampleNext(logits, settings({ topP: 0.9 }), 0))).toEqual([0, 1, 2]);
  });

  it('works on what top-k left, renormalised', () => {
    const logits = logitsOf([0.4, 0.3, 0.2, 0.1]);
    // Alone, 0.4 < 0.5 so two tokens are needed; after top-k 2 the first token has 4/7 > 0.5 of what is left.
    expect(kept(sampleNext(logits, settings({ topP: 0.5 }), 0))).toEqual([0, 1]);
    const both = sampleNext(logits, settings({ topK: 2, topP: 0.5 }), 0);
    expect(kept(both)).toEqual([0]);
    expect(removalOf(both, 1)).toBe('top-p');
    expect(removalOf(both, 2)).toBe('top-k');
    expect(topKProbability(both, 1)).toBeCloseTo(3 / 7, 6);
    expect(finalProbability(both, 0)).toBe(1);
  });

  it('breaks ties at the boundary by the lower id', () => {
    const step = sampleNext(Float32Array.of(0, 0, 0, 0), settings({ topP: 0.5 }), 0);
    expect(kept(step)).toEqual([0, 1]);
  });
});

describe('the draw', () => {
  it('is reproducible from the seed, and each step hands on the next state', () => {
    const logits = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const run = (seed: number) => {
      let state = seedState(seed);
      return Array.from({ length: 20 }, () => {
        const step = sampleNext(logits, settings({ temperature: 1.5 }), state);
        state = step.state;
        return step.chosenId;
      });
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('picks the kept token whose cumulative share (in id order) first passes the random number', () => {
    const logits = logitsOf([0.1, 0.2, 0.3, 0.4]);
    for (let seed = 0; seed < 50; seed++) {
      const step = sampleNext(logits, settings(), seedState(seed));
      const u = nextRandom(seedState(seed)).value;
      expect(step.random).toBe(u);
      const cumulative = [0.1, 0.3, 0.6, 1.0];
      expect(step.chosenId).toBe(cumulative.findIndex((c) => c > u));
    }
  });

  it('draws each kept token about as often as its final probability, and never a removed one', () => {
    const logits = Float32Array.of(2, 1, 0.5, 0, -1, -Infinity, 3);
    const counts = new Array<number>(logits.length).fill(0);
    let state = seedState(1);
    const draws = 20_000;
    const first = sampleNext(logits, settings({ temperature: 0.8, topK: 4, topP: 0.95 }), state);
    for (let i = 0; i < draws; i++) {
      const step = sampleNext(logits, settings({ temperature: 0.8, topK: 4, topP: 0.95 }), state);
      counts[step.chosenId]!++;
      state = step.state;
    }
    expect(kept(first)).toEqual([0, 1, 6]);
    counts.forEach((count, id) => expect(count / draws).toBeCloseTo(finalProbability(first, id), 1.5));
    expect(kept(first).reduce((sum, id) => sum + finalProbability(first, id), 0)).toBeCloseTo(1, 12);
  });

  it('refuses unusable settings with the reader-facing message', () => {
    expect(() => sampleNext(Float32Array.of(1, 2), settings({ temperature: 3, topK: 5 }), 0)).toThrow(
      'Temperature 3 is out of range: use a number from 0 (greedy: always the top token) to 2. Top-k 5 is out of range: use a whole number from 1 to 2 (the vocabulary size), or 0 to switch it off.',
    );
  });
});

describe('pipeline invariants, for any logits and settings', () => {
  const logitsArb = fc
    .array(
      fc.oneof(
        fc.integer({ min: -3, max: 3 }),
        fc.double({ min: -30, max: 30, noNaN: true }),
        fc.constant(-Infinity),
      ),
      { minLength: 1, maxLength: 300, size: 'medium' },
    )
    .map((values) => Float32Array.from(values))
    .filter((logits) => logits.some((x) => x > -Infinity));
  const settingsArb = fc.record({
    temperature: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 2, noNaN: true })),
    topK: fc.nat({ max: 320 }),
    topP: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 1, noNaN: true })),
    seed: fc.integer(),
  });

  it('picks a kept token; kept tokens outrank removed ones; top-k and top-p keep what they promise', () => {
    fc.assert(
      fc.property(logitsArb, settingsArb, (logits, raw) => {
        const s = { ...SEED_SAMPLING, ...raw, topK: Math.min(raw.topK, logits.length) };
        const step = sampleNext(logits, s, seedState(s.seed));
        const ids = kept(step);
        expect(ids).toContain(step.chosenId);
        expect(step.keptCount).toBe(ids.length);
        expect(ids.every((id) => logits[id]! > -Infinity)).toBe(true);
        // Ranking: every kept token ranks above every token a filter removed (logit, then lower id).
        const ranksAbove = (a: number, b: number) =>
          logits[a]! > logits[b]! || (logits[a] === logits[b] && a < b);
        const filtered = Array.from(logits.keys()).filter((id) =>
          ['top-k', 'top-p', 'greedy'].includes(removalOf(step, id)!),
        );
        for (const a of ids) for (const b of filtered) expect(ranksAbove(a, b)).toBe(true);
        if (step.greedy) {
          expect(ids).toEqual([step.argmax]);
          return;
        }
        if (s.topK > 0) expect(ids.length).toBeLessThanOrEqual(s.topK);
        const finalSum = ids.reduce((sum, id) => sum + finalProbability(step, id), 0);
        expect(finalSum).toBeCloseTo(1, 9);
        if (s.topP < 1) {
          // Enough mass, and minimal: without its lowest-ranked kept token, top-p's set would fall short.
          expect(step.keptMass).toBeGreaterThanOrEqual(s.topP * step.topKMass * (1 - 1e-12));
          const positive = ids.filter((id) => step.probabilities[id]! > 0);
          const last = positive.reduce((worst, id) => (ranksAbove(worst, id) ? id : worst), positive[0]!);
          expect(step.keptMass - step.probabilities[last]!).toBeLessThan(
            s.topP * step.topKMass * (1 + 1e-12),
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('partial selection', () => {
  /** The reference: sort everything (score descending, lower id first). */
  const sorted = (scores: number[]) =>
    scores.map((_, id) => id).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const scoresArb = fc.array(fc.integer({ min: -5, max: 5 }), {
    minLength: 1,
    maxLength: 300,
    size: 'medium',
  });

  it('finds the same top k as a full sort, ties included', () => {
    fc.assert(
      fc.property(scoresArb, fc.nat(), (scores, k0) => {
        const k = k0 % (scores.length + 1);
        const got = Array.from(selectBest(allIds(scores.length), scores, null, k)).sort((a, b) => a - b);
        expect(got).toEqual(
          sorted(scores)
            .slice(0, k)
            .sort((a, b) => a - b),
        );
      }),
    );
  });

  it('finds the smallest best prefix whose weight reaches the target', () => {
    fc.assert(
      fc.property(scoresArb, fc.double({ min: 0.01, max: 1, noNaN: true }), (scores, p) => {
        const weights = scores.map((s) => Math.exp(s));
        const total = weights.reduce((a, b) => a + b);
        const order = sorted(scores);
        let reached = 0;
        let end = 0;
        while (end < order.length && reached < p * total) reached += weights[order[end++]!]!;
        const got = Array.from(selectBest(allIds(scores.length), scores, weights, p * total)).sort(
          (a, b) => a - b,
        );
        expect(got).toEqual(order.slice(0, end).sort((a, b) => a - b));
      }),
    );
  });

  it('lists the best k in order, by heap (small k) or quickselect (large k), like a full sort', () => {
    // Long arrays (fast-check keeps arrays short by default) so the heap, used when k <= n / 8, sees ties evicted.
    const long = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 400, size: 'max' });
    fc.assert(
      fc.property(long, fc.nat(), fc.boolean(), (scores, k0, small) => {
        const k = k0 % ((small ? Math.floor(scores.length / 8) : scores.length) + 1);
        const withMasked = scores.map((s) => (s === -5 ? -Infinity : s));
        expect(Array.from(topIds(Float32Array.from(withMasked), k))).toEqual(sorted(withMasked).slice(0, k));
      }),
      { numRuns: 300 },
    );
  });

  it('by buckets, finds the same top-p set as the quickselect, masked ids and ties included', () => {
    const real = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -20, max: 20, noNaN: true }));
    const scores = fc.array(fc.oneof(real, fc.constant(-Infinity)), {
      minLength: 1,
      maxLength: 400,
      size: 'medium',
    });
    fc.assert(
      fc.property(scores, fc.double({ min: 0.01, max: 0.999, noNaN: true }), (raw, p) => {
        const score = Float32Array.from(raw);
        if (score.every((s) => s === -Infinity)) score[0] = 0;
        const mass = softmax(score, 1).probabilities;
        const byMass = Array.from(selectByMass(score, mass, p)).sort((a, b) => a - b);
        const byQuickselect = Array.from(selectBest(allIds(score.length), score, mass, p)).sort(
          (a, b) => a - b,
        );
        expect(byMass).toEqual(byQuickselect);
      }),
      { numRuns: 500 },
    );
  });

  it('by buckets, stops where the mass reaches p exactly: no zero-probability tail, no extra tied id', () => {
    // Dyadic masses add up exactly, so the running total meets p = 0.75 exactly after the second id.
    const ids = (score: number[], mass: number[]) =>
      Array.from(selectByMass(Float32Array.from(score), Float64Array.from(mass), 0.75)).sort((a, b) => a - b);
    // Probabilities that underflowed to 0 still have scores: they are not part of the smallest set.
    expect(ids([3, 2, 1, 0], [0.5, 0.25, 0, 0])).toEqual([0, 1]);
    // p is reached inside a tie: the lower id alone completes it.
    expect(ids([3, 2, 2, 0], [0.5, 0.25, 0.25, 0])).toEqual([0, 1]);
  });

  it('sorts a selection for display', () => {
    expect(Array.from(sortByScore(Uint32Array.of(0, 1, 2, 3), [1, 3, -Infinity, 3]))).toEqual([1, 3, 0, 2]);
  });
});

describe('the candidate table', () => {
  it('lists the best logits first with every stage’s number, like a full sort would', () => {
    const logits = Float32Array.from({ length: 32000 }, (_, i) => Math.sin(i * 12.9898) * 4);
    const step = sampleNext(logits, settings({ temperature: 0.7, topK: 10, topP: 0.8 }), seedState(5));
    const rows = topCandidates(step, 20);
    const reference = Array.from(logits.keys())
      .sort((a, b) => logits[b]! - logits[a]! || a - b)
      .slice(0, 20);
    expect(rows.map((row) => row.id)).toEqual(reference);
    expect(rows.map((row) => row.rank)).toEqual(reference.map((_, i) => i));
    expect(
      rows.slice(10).every((row) => row.removedBy === 'top-k' && row.afterTopK === 0 && !row.keptByTopK),
    ).toBe(true);
    expect(rows.slice(0, 10).every((row) => row.keptByTopK)).toBe(true);
    expect(rows.map((row) => row.keptByTopP)).toEqual(rows.map((row) => row.final > 0));
    const survivors = rows.filter((row) => row.removedBy === null);
    expect(survivors.reduce((sum, row) => sum + row.final, 0)).toBeCloseTo(1, 12);
    expect(rows.slice(0, 10).reduce((sum, row) => sum + row.afterTopK, 0)).toBeCloseTo(1, 12);
    expect(rows.filter((row) => row.chosen)).toHaveLength(1);
    const top = rows[0]!;
    expect(top.scaledLogit).toBeCloseTo(top.logit / 0.7, 5);
    expect(top.probability).toBeCloseTo(Math.exp(top.logit / 0.7 - step.logSumExp!), 12);
  });

  it('appends the chosen token when it ranks below the table', () => {
    const logits = Float32Array.of(5, 4, 3, 2, 1);
    // Seed 0's first number is 0.2657...; with near-equal probabilities at T = 2, id order puts that on id 1.
    const step = sampleNext(
      Float32Array.of(0, 0.01, 0.02, 0.03, 0.04),
      settings({ temperature: 2 }),
      seedState(0),
    );
    expect(step.chosenId).toBe(1);
    const rows = topCandidates(step, 2);
    expect(rows.map((row) => [row.id, row.rank, row.chosen])).toEqual([
      [4, 0, false],
      [3, 1, false],
      [1, 3, true],
    ]);
    expect(
      topCandidates(sampleNext(logits, settings({ temperature: 0 }), 0), 3).map((row) => row.id),
    ).toEqual([0, 1, 2]);
  });
});
