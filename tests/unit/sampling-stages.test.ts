/**
 * The stages added to the pipeline (penalties, min-p, typical-p, the place of
 * temperature), each against numbers worked out by hand from the published
 * definitions:
 * - repetition penalty: Hugging Face's RepetitionPenaltyLogitsProcessor (CTRL,
 *   Keskar et al. 2019): score < 0 ? score * θ : score / θ, once per id in the context;
 * - presence and frequency: OpenAI's API reference, μ[j] − c[j]·α_frequency − [c[j] > 0]·α_presence,
 *   c counted over the reply;
 * - min-p: transformers' MinPLogitsWarper, keep p ≥ min_p · p_max;
 * - typical-p: transformers' TypicalLogitsWarper (Meister et al. 2022).
 */
import { describe, expect, it } from 'vitest';
import { seedState } from '../../src/lib/core/random';
import {
  drawWith,
  finalProbability,
  penalize,
  removalOf,
  sampleNext,
  topCandidates,
  traceToken,
  type SamplingStep,
} from '../../src/lib/sampling/pipeline';
import {
  checkSamplingSettings,
  parseSamplingSettings,
  SEED_SAMPLING,
  type SamplingSettings,
} from '../../src/lib/sampling/settings';

const settings = (overrides: Partial<SamplingSettings> = {}): SamplingSettings => ({
  ...SEED_SAMPLING,
  topK: 0,
  ...overrides,
});

/** Logits whose softmax at temperature 1 is exactly these probabilities (up to float32 rounding). */
const fromProbabilities = (...p: number[]) => Float32Array.from(p, Math.log);
const FOUR = fromProbabilities(0.5, 0.3, 0.15, 0.05);

const kept = (step: SamplingStep) =>
  Array.from(step.removed.keys()).filter((id) => removalOf(step, id) === null);

describe('penalties', () => {
  it('repetition: divides a positive score and multiplies a negative one, once per id, prompt included', () => {
    const logits = Float32Array.of(2, -1, 0.5, 3);
    // id 1 occurs twice but is penalised once; id 3 is not in the context.
    const scores = penalize(
      logits,
      { repetitionPenalty: 2, presencePenalty: 0, frequencyPenalty: 0 },
      { ids: [0, 1, 1, 2], replyFrom: 4 },
    );
    expect(Array.from(scores)).toEqual([1, -2, 0.25, 3]);
    expect(Array.from(logits)).toEqual([2, -1, 0.5, 3]); // the caller's array is left alone
  });

  it('presence and frequency: count the reply only; c occurrences cost presence + frequency × c', () => {
    const logits = Float32Array.of(2, -1, 0.5, 3);
    // Prompt [3, 0]; reply [0, 0, 2]. id 0: 2 − 0.5 − 0.25·2 = 1; id 2: 0.5 − 0.5 − 0.25 = −0.25; id 3 only in the prompt.
    const scores = penalize(
      logits,
      { repetitionPenalty: 1, presencePenalty: 0.5, frequencyPenalty: 0.25 },
      { ids: [3, 0, 0, 0, 2], replyFrom: 2 },
    );
    expect(Array.from(scores)).toEqual([1, -1, -0.25, 3]);
  });

  it('changes the pick: greedy takes the best score after penalties', () => {
    const logits = Float32Array.of(3, 2.9);
    const plain = sampleNext(logits, settings({ temperature: 0 }), seedState(0), { ids: [0], replyFrom: 1 });
    expect(plain.chosenId).toBe(0);
    // 3 / 1.2 = 2.5 < 2.9.
    const step = sampleNext(logits, settings({ temperature: 0, repetitionPenalty: 1.2 }), seedState(0), {
      ids: [0],
      replyFrom: 1,
    });
    expect(step.chosenId).toBe(1);
    expect(step.scores[0]).toBeCloseTo(2.5, 6);
    expect(step.logits[0]).toBe(3);
  });

  it('leaves masked tokens masked', () => {
    const logits = Float32Array.of(-Infinity, 1, 0);
    const step = sampleNext(logits, settings({ repetitionPenalty: 3, presencePenalty: 2 }), seedState(0), {
      ids: [0, 1],
      replyFrom: 0,
    });
    expect(removalOf(step, 0)).toBe('masked');
    expect(step.scores[0]).toBe(-Infinity);
  });
});

describe('min-p', () => {
  it('keeps the tokens at least min-p times as likely as the top one, renormalised', () => {
    // Bar 0.4 × 0.5 = 0.2: 0.5 and 0.3 stay, 0.15 and 0.05 go; final 0.5/0.8 and 0.3/0.8.
    const step = sampleNext(FOUR, settings({ minP: 0.4 }), seedState(1));
    expect(kept(step)).toEqual([0, 1]);
    expect(removalOf(step, 2)).toBe('min-p');
    expect(finalProbability(step, 0)).toBeCloseTo(0.625, 6);
    expect(finalProbability(step, 1)).toBeCloseTo(0.375, 6);
    expect(step.stages.find((stage) => stage.stage === 'min-p')).toMatchObject({ on: true, survivors: 2 });
  });

  it('always keeps the top token, even at min-p 1', () => {
    const step = sampleNext(FOUR, settings({ minP: 1 }), seedState(1));
    expect(kept(step)).toEqual([0]);
  });
});

describe('typical-p', () => {
  // p = 0.5, 0.3, 0.15, 0.05. Entropy H = Σ −p ln p = 1.14212 nats. Surprisals −ln p: 0.69315, 1.20397,
  // 1.89712, 2.99573; distances from H: 0.44897, 0.06185, 0.75500, 1.85361. So the order is id 1, 0, 2, 3
  // with cumulative mass 0.3, 0.8, 0.95, 1.
  it('keeps the tokens whose surprisal is closest to the entropy until their mass reaches p', () => {
    expect(kept(sampleNext(FOUR, settings({ typicalP: 0.5 }), seedState(1)))).toEqual([0, 1]);
    expect(kept(sampleNext(FOUR, settings({ typicalP: 0.9 }), seedState(1)))).toEqual([0, 1, 2]);
  });

  it('can remove the most likely token: it is more predictable than typical', () => {
    const step = sampleNext(FOUR, settings({ typicalP: 0.2 }), seedState(1));
    expect(kept(step)).toEqual([1]);
    expect(removalOf(step, 0)).toBe('typical-p');
    expect(step.chosenId).toBe(1);
    expect(finalProbability(step, 1)).toBe(1);
  });
});

describe('the order of stages', () => {
  // T 2: p ∝ √p = 0.70711, 0.54772, 0.38730, 0.22361 (sum 1.86574) → 0.37900, 0.29357, 0.20758, 0.11985.
  it('temperature first (Hugging Face): top-p judges the flattened distribution', () => {
    const step = sampleNext(FOUR, settings({ temperature: 2, topP: 0.75 }), seedState(1));
    // 0.379 + 0.294 = 0.673 < 0.75, + 0.208 = 0.880: three tokens.
    expect(kept(step)).toEqual([0, 1, 2]);
    expect(finalProbability(step, 0)).toBeCloseTo(0.379 / 0.88015, 3);
    expect(step.stages.map((stage) => stage.stage)).toEqual([
      'penalties',
      'temperature',
      'top-k',
      'top-p',
      'min-p',
      'typical-p',
    ]);
  });

  it('temperature last (llama.cpp): top-p judges the distribution at 1, temperature reshapes the survivors', () => {
    const step = sampleNext(
      FOUR,
      settings({ temperature: 2, topP: 0.75, order: 'temperature-last' }),
      seedState(1),
    );
    // At temperature 1, 0.5 + 0.3 = 0.8 ≥ 0.75: two tokens; then √ weights: 0.70711 / 1.25483 and 0.54772 / 1.25483.
    expect(kept(step)).toEqual([0, 1]);
    expect(finalProbability(step, 0)).toBeCloseTo(0.56351, 4);
    expect(finalProbability(step, 1)).toBeCloseTo(0.43649, 4);
    expect(step.stages.map((stage) => stage.stage)).toEqual([
      'penalties',
      'top-k',
      'top-p',
      'min-p',
      'typical-p',
      'temperature',
    ]);
  });

  it('top-k does not care about the order', () => {
    const logits = Float32Array.of(1, 4, 2, 3, 0);
    const first = sampleNext(logits, settings({ temperature: 0.5, topK: 2 }), seedState(3));
    const last = sampleNext(
      logits,
      settings({ temperature: 0.5, topK: 2, order: 'temperature-last' }),
      seedState(3),
    );
    expect(kept(first)).toEqual([1, 3]);
    expect(kept(last)).toEqual([1, 3]);
    expect(finalProbability(last, 1)).toBeCloseTo(finalProbability(first, 1), 12);
  });
});

describe('every stage reported and traced', () => {
  it('counts the survivors of each stage in the order they ran', () => {
    const logits = fromProbabilities(0.4, 0.25, 0.15, 0.1, 0.05, 0.03, 0.02);
    // top-k 5 keeps 0.4..0.05 (mass 0.95); top-p 0.8 of that (0.76): 0.4, 0.65, 0.8 → 3; min-p 0.3 bar 0.12 → 3 stay.
    const step = sampleNext(logits, settings({ topK: 5, topP: 0.8, minP: 0.3 }), seedState(0));
    expect(step.stages.map(({ stage, on, survivors }) => [stage, on, survivors])).toEqual([
      ['penalties', false, 7],
      ['temperature', false, 7],
      ['top-k', true, 5],
      ['top-p', true, 3],
      ['min-p', true, 3],
      ['typical-p', false, 3],
    ]);
    expect(step.keptCount).toBe(3);
  });

  it('follows one token through every stage, renormalised at each', () => {
    const step = sampleNext(FOUR, settings({ topK: 3, minP: 0.4 }), seedState(1));
    const trace = traceToken(step, 2);
    expect(trace.removedBy).toBe('min-p');
    expect(trace.rank).toBe(2);
    const at = Object.fromEntries(trace.stages.map((stage) => [stage.stage, stage]));
    expect(at['penalties']!.probability).toBeCloseTo(0.15, 6);
    // After top-k 3: 0.15 / 0.95.
    expect(at['top-k']!.probability).toBeCloseTo(0.15 / 0.95, 6);
    expect(at['min-p']).toMatchObject({ kept: false, probability: 0 });
    expect(trace.final).toBe(0);
    const top = traceToken(step, 0);
    expect(top.stages.every((stage) => stage.kept)).toBe(true);
    expect(top.final).toBeCloseTo(0.625, 6);
    expect(() => traceToken(step, 4)).toThrow('Token id 4 is outside the vocabulary (0 to 3).');
  });

  it('drawWith gives the pipeline’s own pick for its own number', () => {
    for (let seed = 0; seed < 50; seed++) {
      const step = sampleNext(FOUR, settings({ temperature: 1.3, minP: 0.05 }), seedState(seed));
      expect(drawWith(step, step.random!)).toBe(step.chosenId);
    }
  });

  it('always offers the stop ids among the candidates', () => {
    const logits = Float32Array.of(-5, 1, -3, 2, 0.5);
    const step = sampleNext(logits, settings({ topK: 2 }), seedState(0));
    const rows = topCandidates(step, 2, [2]);
    expect(rows.map((row) => row.id)).toEqual([3, 1, 2]);
    expect(rows[2]).toMatchObject({ rank: 3, removedBy: 'top-k', final: 0 });
  });
});

describe('the new settings’ messages', () => {
  it('refuses min-p outside 0–1, negative penalties, a repetition penalty below 1 and an unknown order', () => {
    const errors = checkSamplingSettings(
      settings({
        minP: 1.5,
        typicalP: 0,
        repetitionPenalty: 0.5,
        presencePenalty: -1,
        frequencyPenalty: 2.5,
        order: 'sideways' as 'temperature-first',
      }),
      32_000,
    );
    expect(errors).toEqual({
      minP: 'Min-p 1.5 is out of range: use a number from 0 (off) to 1 (only tokens as likely as the top one).',
      typicalP: 'Typical-p 0 is out of range: use a number above 0 and at most 1 (1 switches it off).',
      repetitionPenalty:
        'Repetition penalty 0.5 is out of range: below 1 it rewards repeating instead of penalising it; use a number from 1 (off) to 3.',
      presencePenalty:
        'Presence penalty -1 is negative: a negative penalty rewards repeating; use a number from 0 (off) to 2.',
      frequencyPenalty: 'Frequency penalty 2.5 is out of range: use a number from 0 (off) to 2.',
      order:
        '“sideways” is not an order of stages: use “temperature-first” (Hugging Face’s) or “temperature-last” (llama.cpp’s).',
    });
    expect(() => sampleNext(FOUR, settings({ minP: Number.NaN }), seedState(0))).toThrow(
      'Min-p must be a finite number; NaN is not.',
    );
  });

  it('parses the new boxes as typed', () => {
    const input = {
      temperature: '0.8',
      topK: '0',
      topP: '1',
      minP: '0.05',
      typicalP: '0.95',
      repetitionPenalty: '1.2',
      presencePenalty: '0.5',
      frequencyPenalty: 'lots',
      order: 'temperature-last',
      seed: '7',
    };
    expect(parseSamplingSettings(input, 32_000)).toEqual({
      ok: false,
      errors: { frequencyPenalty: '“lots” is not a number, so it cannot be the frequency penalty.' },
    });
    expect(parseSamplingSettings({ ...input, frequencyPenalty: '0.1' }, 32_000)).toEqual({
      ok: true,
      settings: {
        temperature: 0.8,
        topK: 0,
        topP: 1,
        minP: 0.05,
        typicalP: 0.95,
        repetitionPenalty: 1.2,
        presencePenalty: 0.5,
        frequencyPenalty: 0.1,
        order: 'temperature-last',
        seed: 7,
      },
    });
  });
});
