import { describe, expect, it } from 'vitest';
import { seedState } from '../../src/lib/core/random';
import {
  describeLanding,
  drawLine,
  formatStretch,
  labelFits,
  type DrawLineGeometry,
} from '../../src/lib/sampling/draw-line';
import { drawWith, sampleNext, topCandidates } from '../../src/lib/sampling/pipeline';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';

/** Weights 1, 2, 3, 4 as logits (their logs), and a masked fifth: softmax at T 1 gives 0.1, 0.2, 0.3, 0.4 and 0. */
const logits = Float32Array.of(Math.log(1), Math.log(2), Math.log(3), Math.log(4), -Infinity);
const step = (settings: Partial<SamplingSettings>, seed = 0) =>
  sampleNext(logits, { ...SEED_SAMPLING, topK: 0, ...settings }, seedState(seed));
const ends = (line: DrawLineGeometry) =>
  line.stretches.map(({ id, start, end, count }) => [id, start, end, count]);
const expectEnds = (line: DrawLineGeometry, expected: (number | null)[][]) => {
  const actual = ends(line);
  expect(actual.map((row) => [row[0], row[3]])).toEqual(expected.map((row) => [row[0], row[3]]));
  actual.forEach((row, index) => {
    expect(row[1]).toBeCloseTo(expected[index]![1]!, 6);
    expect(row[2]).toBeCloseTo(expected[index]![2]!, 6);
  });
};

describe('the draw line', () => {
  it('lays the survivors end to end in id order, each as long as its final probability', () => {
    // Shown: ids 3 and 1 (the order given does not matter); ids 0 and 2 are runs of others; the masked id 4 is absent.
    const line = drawLine(step({}), [3, 1], 0.05);
    expectEnds(line, [
      [null, 0, 0.1, 1],
      [1, 0.1, 0.3, 1],
      [null, 0.3, 0.6, 1],
      [3, 0.6, 1, 1],
    ]);
  });

  it('merges the survivors between two shown tokens into one run, and renormalises after a filter', () => {
    // Top-k 2 keeps ids 2 and 3 (weights 3 and 4): 3/7 and 4/7 of the line; the rest are off it.
    expectEnds(drawLine(step({ topK: 2 }), [3], 0.5), [
      [null, 0, 3 / 7, 1],
      [3, 3 / 7, 1, 1],
    ]);
    // Nothing shown: every survivor in one run of four.
    expectEnds(drawLine(step({}), [], 0.5), [[null, 0, 1, 4]]);
  });

  it('lands u in the stretch the pipeline’s own draw picks, across the whole line', () => {
    const sampled = step({});
    for (let k = 0; k < 1000; k++) {
      const u = k / 1000;
      const line = drawLine(sampled, [0, 1, 2, 3], u);
      expect(line.landedId, `u = ${u}`).toBe(drawWith(sampled, u));
      const stretch = line.stretches[line.landedIndex]!;
      expect(stretch.id).toBe(line.landedId);
      expect(u).toBeGreaterThanOrEqual(stretch.start - 1e-12);
      expect(u).toBeLessThan(stretch.end + 1e-12);
    }
    // Hand-worked: 0.35 is past 0.1 + 0.2 and short of 0.6, so id 2; 0.61 is past 0.6, so id 3.
    expect(drawLine(sampled, [], 0.35).landedId).toBe(2);
    expect(drawLine(sampled, [], 0.61).landedId).toBe(3);
    // A run of others holds it: the landed token is known, its stretch is not drawn on its own.
    expect(drawLine(sampled, [3], 0.35)).toMatchObject({ landedId: 2, landedIndex: -1 });
  });

  it('marks the step’s own number on the token the pipeline picked, whatever the settings and seed', () => {
    const settings: Partial<SamplingSettings>[] = [
      {},
      { temperature: 0.5 },
      { temperature: 2, topP: 0.7 },
      { temperature: 1.5, topP: 0.8, order: 'temperature-last' },
      { minP: 0.3 },
      { typicalP: 0.5 },
    ];
    for (const setting of settings)
      for (let seed = 0; seed < 40; seed++) {
        const sampled = step(setting, seed);
        const shown = topCandidates(sampled, 2).map((candidate) => candidate.id);
        const line = drawLine(sampled, shown);
        expect(line.random).toBe(sampled.random);
        expect(line.landedId, JSON.stringify({ setting, seed })).toBe(sampled.chosenId);
        // topCandidates always lists the pick, so its stretch is on the line.
        expect(line.stretches[line.landedIndex]?.id).toBe(sampled.chosenId);
      }
  });

  it('takes the first survivor at u = 0 and the last one at the largest u the generator gives', () => {
    const sampled = step({ topK: 3 }); // ids 1, 2, 3
    expect(drawLine(sampled, [1, 2, 3], 0).landedId).toBe(1);
    expect(drawLine(sampled, [1, 2, 3], (2 ** 32 - 1) / 2 ** 32).landedId).toBe(3);
  });

  it('gives one survivor the whole line, wherever u falls', () => {
    const sampled = step({ topK: 1 });
    for (const u of [0, 0.5, 0.999999]) {
      const line = drawLine(sampled, [3], u);
      expectEnds(line, [[3, 0, 1, 1]]);
      expect(line.landedId).toBe(3);
    }
  });

  it('draws nothing at temperature 0: the top score fills the line and no number is marked', () => {
    const line = drawLine(step({ temperature: 0 }), [3, 2]);
    expect(line.random).toBeNull();
    expectEnds(line, [[3, 0, 1, 1]]);
    expect(line).toMatchObject({ landedId: 3, landedIndex: 0 });
    expect(describeLanding(line, (id) => `#${id}`)).toBe(
      'Temperature 0 is greedy: nothing is drawn, and #3 fills the whole line.',
    );
  });

  it('adds up to exactly the line: no gap and no overlap between neighbours', () => {
    const line = drawLine(step({ temperature: 1.3, topP: 0.9 }), [2]);
    line.stretches.forEach((stretch, index) => {
      if (index > 0) expect(stretch.start).toBe(line.stretches[index - 1]!.end);
    });
    expect(line.stretches[0]!.start).toBe(0);
    expect(line.stretches.at(-1)!.end).toBeCloseTo(1, 12);
  });
});

describe('the draw line in words', () => {
  it('says where u fell, with enough decimals to tell a thin stretch’s ends apart', () => {
    expect(formatStretch(0.31, 0.58)).toBe('0.31–0.58');
    expect(formatStretch(0.3101, 0.3149)).toBe('0.310–0.315');
    expect(formatStretch(0.001, 0.0012)).toBe('0.0010–0.0012');
    const line = drawLine(step({}), [1, 2], 0.42);
    // 0.42 is past 0.1 + 0.2 = 0.3 and short of 0.6: id 2's stretch.
    expect(describeLanding(line, (id) => ['▁a', '▁b', '▁Hello', '▁d'][id]!)).toBe(
      'u = 0.4200 fell in ▁Hello’s stretch 0.30–0.60.',
    );
  });

  it('labels a stretch only when its text fits inside', () => {
    // 5 characters need 5 × 7.3 + 8 = 44.5 px: a tenth of 600 px (60 px) holds them, a twentieth (30 px) does not.
    expect(labelFits(0.1, 600, 5)).toBe(true);
    expect(labelFits(0.05, 600, 5)).toBe(false);
  });
});
