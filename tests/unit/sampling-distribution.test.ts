import { describe, expect, it } from 'vitest';
import {
  findToken,
  rankDistribution,
  rankRows,
  tableRanks,
  thinDistribution,
} from '../../src/lib/sampling/distribution';
import { sampleNext } from '../../src/lib/sampling/pipeline';
import { formatProbability } from '../../src/lib/generation/describe';
import { superscript } from '../../src/lib/core/format';
import { nextRandom, seedState } from '../../src/lib/core/random';
import { SEED_SAMPLING } from '../../src/lib/sampling/settings';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MODELS_DIR } from './tokenizer-fixture';

/** Mistral's 32,000 pieces by id, read straight from the site's tokenizer.json. */
async function mistralPieces(): Promise<string[]> {
  const file = path.join(MODELS_DIR, 'mistralai/Mistral-7B-Instruct-v0.1/tokenizer.json');
  const vocab = (JSON.parse(await readFile(file, 'utf8')) as { model: { vocab: Record<string, number> } })
    .model.vocab;
  const pieces: string[] = [];
  for (const [piece, id] of Object.entries(vocab)) pieces[id] = piece;
  return pieces;
}

/** Probabilities that fall like a language model's: a few strong tokens, then a long random tail. */
function modelLikeLogits(size: number, seed = 1): Float32Array {
  let state = seedState(seed);
  const logits = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const draw = nextRandom(state);
    state = draw.state;
    logits[i] = -8 * draw.value;
  }
  logits[17] = 9;
  logits[4] = 7;
  logits[size - 1] = 6;
  return logits;
}

describe('the ranked distribution', () => {
  it('sorts every probability from the top, marks the survivors and sums the mass from the top', () => {
    const probabilities = [0.1, 0.4, 0.05, 0.3, 0.15];
    const removed = [3, 0, 3, 0, 0]; // ids 1, 3, 4 survived
    const ranked = rankDistribution(probabilities, removed);
    expect(Array.from(ranked.probabilities)).toEqual([0.4, 0.3, 0.15, 0.1, 0.05]);
    expect(Array.from(ranked.kept)).toEqual([1, 1, 1, 0, 0]);
    expect(ranked.cumulative[2]).toBeCloseTo(0.85, 12);
    expect(ranked.cumulative[4]).toBeCloseTo(1, 12);
  });

  it('marks survivors that are not the best tokens (typical-p can remove the top one)', () => {
    const ranked = rankDistribution([0.6, 0.25, 0.15], [6, 0, 0]);
    expect(Array.from(ranked.kept)).toEqual([0, 1, 1]);
  });
});

describe('thinning 32,000 to 152,000 points', () => {
  for (const size of [32_000, 151_936])
    it(`keeps the top ranks exactly, the last rank, and both sides of the survivors' boundary (${size.toLocaleString('en')} ids)`, () => {
      const step = sampleNext(modelLikeLogits(size), { ...SEED_SAMPLING, topK: 50 }, seedState(0));
      const ranked = rankDistribution(step.probabilities, step.removed);
      const points = thinDistribution(ranked, { exactTop: 200, tailPoints: 400, include: [12_345] });
      expect(points.ranks.length).toBeLessThan(700);
      expect(points.ranks.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(points.ranks.at(-1)).toBe(size);
      expect(points.ranks).toContain(12_345);
      // Increasing ranks, as uPlot needs; each value the exact probability at its rank.
      expect(points.ranks.every((rank, i) => i === 0 || rank > points.ranks[i - 1]!)).toBe(true);
      points.ranks.forEach((rank, i) => expect(points.all[i]).toBe(ranked.probabilities[rank - 1]));
      // Top-k 50: ranks 1-50 survive, 51 on do not.
      expect(points.survivors.slice(0, 50).every((p) => p !== null)).toBe(true);
      expect(points.survivors.slice(50).every((p) => p === null)).toBe(true);
    });

  it('keeps both sides of a boundary deep in the tail, where the ranks are thinned', () => {
    // Top-p over a flat distribution keeps thousands: the boundary falls between sampled ranks.
    const size = 32_000;
    const probabilities = new Float64Array(size).map((_, i) => (size - i) / ((size * (size + 1)) / 2));
    const removed = new Uint8Array(size).map((_, i) => (i < 5_001 ? 0 : 4));
    const points = thinDistribution(rankDistribution(probabilities, removed));
    const last = points.ranks.indexOf(5_001);
    expect(last).toBeGreaterThan(0);
    expect(points.ranks[last + 1]).toBe(5_002);
    expect(points.survivors[last]).not.toBeNull();
    expect(points.survivors[last + 1]).toBeNull();
  });

  it('leaves out probabilities of 0, which a log scale cannot show', () => {
    const points = thinDistribution(rankDistribution([1, 0, 0], [0, 2, 2]));
    expect(points.all).toEqual([1, null, null]);
    expect(points.survivors).toEqual([1, null, null]);
  });
});

describe('the table twin', () => {
  it('lists ranks 1, 2, 5, 10, 20, 50, … and the last rank', () => {
    expect(tableRanks(32_000)).toEqual([
      1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 32_000,
    ]);
    expect(tableRanks(151_936).slice(-3)).toEqual([50_000, 100_000, 151_936]);
    expect(tableRanks(5)).toEqual([1, 2, 5]);
  });

  it('gives the probability at each rank, the mass from the top through it, and whether it survived', () => {
    const probabilities = Array.from({ length: 20 }, (_, i) => 2 ** -(i + 1));
    probabilities[19] = 2 ** -19; // the mass adds up to exactly 1
    const removed = probabilities.map((_, i) => (i < 5 ? 0 : 3));
    const rows = rankRows(rankDistribution(probabilities, removed));
    expect(rows.map((row) => row.rank)).toEqual([1, 2, 5, 10, 20]);
    expect(rows[0]).toEqual({ rank: 1, probability: 0.5, cumulative: 0.5, kept: true });
    expect(rows[2]).toEqual({ rank: 5, probability: 2 ** -5, cumulative: 1 - 2 ** -5, kept: true });
    expect(rows[3]).toMatchObject({ rank: 10, kept: false, cumulative: 1 - 2 ** -10 });
    expect(rows[4]).toMatchObject({ rank: 20, cumulative: 1 });
  });
});

describe('finding a token', () => {
  const pieces = ['<unk>', '<s>', '</s>', '▁Dear', 'Dear', '1', '▁', '<0x0A>', 'é', ' x', '<b>'];

  it('finds a piece as typed first, then the same text at the start of a word', () => {
    expect(findToken('Dear', pieces, pieces.length)).toEqual({ ok: true, ids: [4, 3] });
    expect(findToken('▁Dear', pieces, pieces.length)).toEqual({ ok: true, ids: [3] });
    expect(findToken(' Dear', pieces, pieces.length)).toEqual({ ok: true, ids: [3] });
    expect(findToken('x', pieces, pieces.length)).toEqual({ ok: true, ids: [9] });
    expect(findToken('</s>', pieces, pieces.length)).toEqual({ ok: true, ids: [2] });
    expect(findToken('<b>', pieces, pieces.length)).toEqual({ ok: true, ids: [10] });
    // As the tables show it: a byte-level piece's leading space is drawn ▁, as everywhere on the site.
    expect(findToken('▁x', pieces, pieces.length)).toEqual({ ok: true, ids: [9] });
    // ␣, the glyph the tables once drew, still finds it (an old habit, or text copied from an old page).
    expect(findToken('␣x', pieces, pieces.length)).toEqual({ ok: true, ids: [9] });
  });

  it('reads a whole number as an id, and a piece spelled the same comes second', () => {
    expect(findToken('3', pieces, pieces.length)).toEqual({ ok: true, ids: [3] });
    expect(findToken('1', pieces, pieces.length)).toEqual({ ok: true, ids: [1, 5] });
    expect(findToken(' 2 ', pieces, pieces.length)).toEqual({ ok: true, ids: [2] });
    // Ids past the pieces (a model's padding rows) still have scores.
    expect(findToken('12', pieces, 16)).toEqual({ ok: true, ids: [12] });
  });

  it('explains empty input, an id out of range, text no piece spells, and emoji', () => {
    expect(findToken('', pieces, 32_000)).toEqual({
      ok: false,
      message:
        'Type a piece of text, such as Dear or ▁Dear, or an id: this vocabulary’s ids run from 0 to 31,999.',
    });
    expect(findToken('32000', pieces, 32_000)).toEqual({
      ok: false,
      message: 'There is no token with id “32000”: this vocabulary’s ids run from 0 to 31,999.',
    });
    expect(findToken('<i>hi</i>', pieces, 32_000)).toEqual({
      ok: false,
      message:
        'No token of this vocabulary is “<i>hi</i>”, with or without a space before it. Tokens are short: try one piece of a word, as the candidate table shows them.',
    });
    const emoji = findToken('🦙', pieces, 32_000);
    expect(emoji.ok).toBe(false);
    expect(!emoji.ok && emoji.message).toMatch(
      /^No token of this vocabulary is “🦙”.* several byte tokens such as <0xF0>/,
    );
    expect(findToken('x'.repeat(1_000), pieces, 32_000)).toMatchObject({
      ok: false,
      message: expect.stringContaining('(1,000 characters)'),
    });
  });

  it('finds the seed’s first token in Mistral’s real vocabulary', async () => {
    const vocabulary = await mistralPieces();
    expect(vocabulary).toHaveLength(32_000);
    expect(findToken('Dear', vocabulary, vocabulary.length)).toMatchObject({
      ok: true,
      ids: expect.arrayContaining([22143]),
    });
    expect(findToken('▁Dear', vocabulary, vocabulary.length)).toEqual({ ok: true, ids: [22143] });
    expect(findToken('22143', vocabulary, vocabulary.length)).toEqual({ ok: true, ids: [22143] });
  });
});

describe('formatting probabilities over the whole range', () => {
  it('writes percentages with the digits small ones need, then powers of ten in the far tail', () => {
    expect([0, 1, 0.413, 0.0052, 3.1e-5, 1.5e-6].map(formatProbability)).toEqual([
      '0%',
      '100%',
      '41.3%',
      '0.52%',
      '0.0031%',
      '0.00015%',
    ]);
    expect(formatProbability(2.34e-13)).toBe('2.3 × 10⁻¹¹%');
    expect(formatProbability(9.96e-9)).toBe('1.0 × 10⁻⁶%');
    expect(superscript(-10)).toBe('⁻¹⁰');
  });
});
