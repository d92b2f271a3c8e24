import { describe, expect, it } from 'vitest';
import { drawFromTable, drawMany, drawTable, summarizeDraws } from '../../src/lib/sampling/draws';
import { drawWith, finalProbability, removalOf, sampleNext } from '../../src/lib/sampling/pipeline';
import { nextRandom, seedState } from '../../src/lib/core/random';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';

const settings = (overrides: Partial<SamplingSettings> = {}): SamplingSettings => ({
  ...SEED_SAMPLING,
  topK: 0,
  ...overrides,
});

/** Logits whose softmax at temperature 1 is `probabilities` (up to rounding). */
const logitsOf = (probabilities: readonly number[]) => Float32Array.from(probabilities, Math.log);

/** A language model's shape over 32,000 ids: a normal spread, a few strong candidates on top. */
function modelLikeLogits(seed: number, size = 32_000): Float32Array {
  let state = seedState(seed);
  const uniform = () => {
    const draw = nextRandom(state);
    state = draw.state;
    return draw.value;
  };
  const logits = new Float32Array(size);
  for (let i = 0; i < size; i++)
    logits[i] = 3 * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  for (let j = 0; j < 6; j++) logits[Math.floor(uniform() * size)] = 12 - j;
  return logits;
}

/** The uniform numbers the site's generator gives from `seed`, computed here step by step. */
function uniforms(seed: number, count: number): number[] {
  const values: number[] = [];
  let state = seedState(seed);
  for (let i = 0; i < count; i++) {
    const draw = nextRandom(state);
    values.push(draw.value);
    state = draw.state;
  }
  return values;
}

describe('drawing many times from one step', () => {
  const cases: [string, Partial<SamplingSettings>][] = [
    ['no filter', { temperature: 1.3 }],
    ['top-k 50 (the seed settings)', { topK: 50 }],
    ['top-k 40, top-p 0.9, T 0.7', { temperature: 0.7, topK: 40, topP: 0.9 }],
    ['top-p 0.95 over the whole vocabulary', { temperature: 1.5, topP: 0.95 }],
    ['min-p 0.05', { minP: 0.05 }],
    ['typical-p 0.9 (it can remove the best tokens)', { temperature: 1.2, typicalP: 0.9 }],
    [
      'temperature last, top-k 40, min-p 0.1',
      { temperature: 0.7, topK: 40, minP: 0.1, order: 'temperature-last' },
    ],
  ];
  for (const [name, overrides] of cases)
    it(`picks what the pipeline's own draw picks for the same numbers: ${name}`, () => {
      const logits = modelLikeLogits(3);
      const step = sampleNext(logits, settings(overrides), seedState(11));
      const draws = drawMany(step, 1_000, 11);
      const expected = uniforms(11, 1_000).map((u) => drawWith(step, u));
      expect(Array.from(draws.picks)).toEqual(expected);
      // The first number from the seed is the step's own number, so the first draw is the step's pick.
      expect(draws.picks[0]).toBe(step.chosenId);
      expect([...draws.counts.values()].reduce((a, b) => a + b, 0)).toBe(1_000);
    });

  it('agrees with drawWith at the ends of the line: u = 0 and u just below 1', () => {
    const step = sampleNext(modelLikeLogits(5), settings({ topK: 50 }), seedState(0));
    const table = drawTable(step);
    for (const u of [0, 1e-12, 0.5, 1 - 2 ** -53]) expect(drawFromTable(table, u)).toBe(drawWith(step, u));
  });

  it('gives the same counts for the same seed, and other draws for another seed', () => {
    const step = sampleNext(modelLikeLogits(7), settings({ topK: 50 }), seedState(1));
    const first = drawMany(step, 1_000, 42);
    const again = drawMany(step, 1_000, 42);
    expect([...again.counts]).toEqual([...first.counts]);
    expect(Array.from(again.picks)).toEqual(Array.from(first.picks));
    expect(Array.from(drawMany(step, 1_000, 43).picks)).not.toEqual(Array.from(first.picks));
  });

  it('passes a chi-square goodness-of-fit test against the probabilities the draw should follow', () => {
    // Eight tokens survive top-k; two more are removed. Expected shares are computed here from the
    // probabilities put in, renormalised over the eight, not from the pipeline's numbers.
    const probabilities = [0.22, 0.18, 0.15, 0.12, 0.1, 0.08, 0.06, 0.05, 0.03, 0.01];
    const keptIds = [0, 1, 2, 3, 4, 5, 6, 7];
    const keptMass = keptIds.reduce((sum, id) => sum + probabilities[id]!, 0);
    const step = sampleNext(logitsOf(probabilities), settings({ topK: 8 }), seedState(2024));
    const count = 20_000;
    const draws = drawMany(step, count, 2024);
    let chiSquare = 0;
    for (const id of keptIds) {
      const expected = (count * probabilities[id]!) / keptMass;
      chiSquare += ((draws.counts.get(id) ?? 0) - expected) ** 2 / expected;
    }
    // 8 categories, so 7 degrees of freedom. The upper 0.1% point of chi-square with 7 degrees of freedom
    // is 24.322: NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.4, "Critical Values of
    // the Chi-Square Distribution" (https://www.itl.nist.gov/div898/handbook/eda/section3/eda3674.htm).
    expect(chiSquare).toBeLessThan(24.322);
    // And a test that can fail: the same counts against the wrong (uniform) shares are far outside it.
    const uniform = keptIds.reduce(
      (sum, id) => sum + ((draws.counts.get(id) ?? 0) - count / 8) ** 2 / (count / 8),
      0,
    );
    expect(uniform).toBeGreaterThan(24.322);
  });

  it('never draws a token a stage removed', () => {
    const probabilities = [0.3, 0.25, 0.2, 0.1, 0.08, 0.04, 0.02, 0.01];
    const filters: Partial<SamplingSettings>[] = [
      { topK: 3 },
      { topP: 0.6 },
      { topK: 5, topP: 0.8 },
      { minP: 0.3 },
      { typicalP: 0.5 },
    ];
    for (const overrides of filters) {
      const step = sampleNext(logitsOf(probabilities), settings(overrides), seedState(9));
      expect(step.keptCount).toBeLessThan(probabilities.length); // the stage did remove something
      const draws = drawMany(step, 5_000, 9);
      for (const id of draws.counts.keys()) expect(removalOf(step, id)).toBeNull();
      expect(draws.counts.size).toBe(step.keptCount);
    }
  });

  it('never draws a masked token (logit −∞), even when it sits among the survivors by id', () => {
    const logits = Float32Array.from([1, -Infinity, 1, -Infinity, 1]);
    const draws = drawMany(sampleNext(logits, settings(), seedState(0)), 3_000, 0);
    expect([...draws.counts.keys()].sort()).toEqual([0, 2, 4]);
  });

  it('draws only the argmax when greedy (temperature 0)', () => {
    const logits = modelLikeLogits(13);
    const step = sampleNext(logits, settings({ temperature: 0 }), seedState(0));
    let argmax = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[argmax]!) argmax = i;
    const draws = drawMany(step, 1_000, 0);
    expect([...draws.counts]).toEqual([[argmax, 1_000]]);
  });

  it('refuses a count that is not a whole number', () => {
    const step = sampleNext(logitsOf([0.5, 0.5]), settings(), seedState(0));
    expect(() => drawMany(step, 1.5, 0)).toThrow(
      'The number of draws must be a whole number of at least 0, not 1.5.',
    );
    expect(drawMany(step, 0, 0).counts.size).toBe(0);
  });
});

describe('the histogram rows', () => {
  it('lists the most drawn first with the share they should have, and what the rest add up to', () => {
    const probabilities = [0.5, 0.3, 0.1, 0.06, 0.04];
    const step = sampleNext(logitsOf(probabilities), settings(), seedState(5));
    const draws = drawMany(step, 1_000, 5);
    const summary = summarizeDraws(draws, (id) => finalProbability(step, id), 2, step.keptCount);
    expect(summary.rows.map((row) => row.id)).toEqual([0, 1]);
    expect(summary.rows[0]!.share).toBe(draws.counts.get(0)! / 1_000);
    expect(summary.rows[0]!.expected).toBeCloseTo(0.5, 6);
    expect(summary.rest.tokens).toBe(3);
    expect(summary.rest.count).toBe(1_000 - draws.counts.get(0)! - draws.counts.get(1)!);
    expect(summary.rest.expected).toBeCloseTo(0.2, 6);
  });
});
