import { describe, expect, it } from 'vitest';
import {
  beamSearch,
  cachedScorer,
  greedySearch,
  parseBeamWidth,
  type Hypothesis,
  type Scorer,
} from '../../src/lib/sampling/beam';

const VOCAB = 4;
const PROMPT = [1, 2];

/**
 * A deterministic fake model: logits that depend on the whole context, with
 * no ties (sin of an irrational mix), so "the optimum" is one sequence.
 */
const contextScorer: Scorer = async (ids) => {
  let mix = 0.5;
  for (const [i, id] of ids.entries()) mix = mix * 1.618 + (id + 1) * Math.SQRT2 * (i + 3);
  return Float32Array.from({ length: VOCAB }, (_, v) => 3 * Math.sin(mix + v * 2.399));
};

/** log p(token | context) computed here, independently of the module (plain log of the softmax). */
async function logProbOf(score: Scorer, context: readonly number[], id: number): Promise<number> {
  const logits = Array.from(await score(context));
  const total = logits.reduce((sum, x) => sum + Math.exp(x), 0);
  return Math.log(Math.exp(logits[id]!) / total);
}

/** Every reply up to `depth` tokens: those ending at a stop id and those of full length, with their summed log-probs. */
async function exhaustive(score: Scorer, depth: number, stopIds: readonly number[]) {
  const done: { ids: number[]; score: number }[] = [];
  const walk = async (ids: number[], total: number) => {
    if (ids.length === depth || stopIds.includes(ids.at(-1)!)) return void done.push({ ids, score: total });
    for (let v = 0; v < VOCAB; v++)
      await walk([...ids, v], total + (await logProbOf(score, [...PROMPT, ...ids], v)));
  };
  await walk([], 0);
  return done.sort((a, b) => b.score - a.score);
}

const idsOf = (hypothesis: Hypothesis) => hypothesis.tokens.map((token) => token.id);

/** A scorer from a table of next-token probabilities keyed by the reply so far ("" for the first token). */
const tableScorer =
  (table: Record<string, number[]>): Scorer =>
  async (ids) => {
    const probabilities = table[ids.slice(PROMPT.length).join(' ')];
    if (!probabilities) throw new Error(`no row for ${ids.join(' ')}`);
    return Float32Array.from(probabilities, Math.log);
  };

describe('beam search', () => {
  it('with a width that keeps every hypothesis, finds the exhaustive optimum (and ranks all replies as exhaustive search does)', async () => {
    for (const stopIds of [[], [3]]) {
      const all = await exhaustive(contextScorer, 3, stopIds);
      const result = await beamSearch(contextScorer, PROMPT, { width: 64, maxNewTokens: 3, stopIds });
      expect(idsOf(result.hypotheses[0]!)).toEqual(all[0]!.ids);
      expect(result.hypotheses.map(idsOf)).toEqual(all.map((reply) => reply.ids));
      expect(result.hypotheses[0]!.score).toBeCloseTo(all[0]!.score, 5);
    }
  });

  it('with width 1 is greedy search, on several prompts, with and without a stop id', async () => {
    for (const prompt of [[1], [1, 2], [3, 0, 2], [2, 2, 2, 1]])
      for (const stopIds of [[], [0], [2]]) {
        const beam = await beamSearch(contextScorer, prompt, { width: 1, maxNewTokens: 6, stopIds });
        const greedy = await greedySearch(contextScorer, prompt, { maxNewTokens: 6, stopIds });
        expect(beam.hypotheses.map(idsOf)).toEqual(greedy.hypotheses.map(idsOf));
        expect(beam.hypotheses[0]!.score).toBeCloseTo(greedy.hypotheses[0]!.score, 10);
      }
  });

  it('greedy takes the top token each time (checked by hand against argmax)', async () => {
    const { hypotheses } = await greedySearch(contextScorer, PROMPT, { maxNewTokens: 4, stopIds: [] });
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const logits = Array.from(await contextScorer([...PROMPT, ...ids]));
      ids.push(logits.indexOf(Math.max(...logits)));
    }
    expect(idsOf(hypotheses[0]!)).toEqual(ids);
  });

  it('gives every reply the sum of its tokens’ log-probabilities, and each token its own', async () => {
    for (const width of [2, 3, 4]) {
      const { hypotheses } = await beamSearch(contextScorer, PROMPT, {
        width,
        maxNewTokens: 5,
        stopIds: [1],
      });
      expect(hypotheses).toHaveLength(width);
      for (const hypothesis of hypotheses) {
        let total = 0;
        for (const [i, token] of hypothesis.tokens.entries()) {
          const expected = await logProbOf(
            contextScorer,
            [...PROMPT, ...idsOf(hypothesis).slice(0, i)],
            token.id,
          );
          expect(token.logProb).toBeCloseTo(expected, 5);
          total += expected;
        }
        expect(hypothesis.score).toBeCloseTo(total, 5);
      }
      // Best first.
      const scores = hypotheses.map((hypothesis) => hypothesis.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('finds a better reply than greedy where greedy’s first choice leads nowhere', async () => {
    // First token: A (0) 0.5, B (1) 0.4, C and D 0.05 each. After A the model is unsure (0.25 each);
    // after B it is sure of A (0.9). Greedy takes A, then A: 0.5 × 0.25 = 0.125, log −2.079.
    // Width 2 keeps A and B; B then A scores 0.4 × 0.9 = 0.36, log −1.022, the best of all 16 replies.
    const score = tableScorer({
      '': [0.5, 0.4, 0.05, 0.05],
      '0': [0.25, 0.25, 0.25, 0.25],
      '1': [0.9, 0.04, 0.03, 0.03],
      '2': [0.25, 0.25, 0.25, 0.25],
      '3': [0.25, 0.25, 0.25, 0.25],
    });
    const greedy = await greedySearch(score, PROMPT, { maxNewTokens: 2, stopIds: [] });
    expect(idsOf(greedy.hypotheses[0]!)).toEqual([0, 0]);
    expect(greedy.hypotheses[0]!.score).toBeCloseTo(Math.log(0.125), 6);
    const beam = await beamSearch(score, PROMPT, { width: 2, maxNewTokens: 2, stopIds: [] });
    expect(idsOf(beam.hypotheses[0]!)).toEqual([1, 0]);
    expect(beam.hypotheses[0]!.score).toBeCloseTo(Math.log(0.36), 6);
    // The runner-up: A then A (ties among A's four continuations go to the lower id).
    expect(idsOf(beam.hypotheses[1]!)).toEqual([0, 0]);
  });

  it('ends a beam at a stop id (kept in the reply, its log-probability counted) and stops once width replies are finished', async () => {
    // Id 3 is the stop. First: A 0.6, B 0.3, stop 0.1. After A: stop 0.7; after B: stop 0.8.
    // Round 1 keeps A and B (the stop ranks third, outside the width). Round 2: "A stop" (0.42) and
    // "B stop" (0.24) are the two best: both finished, so the search ends after 2 of 10 rounds.
    const score = tableScorer({
      '': [0.6, 0.3, 0, 0.1],
      '0': [0.2, 0.1, 0, 0.7],
      '1': [0.1, 0.1, 0, 0.8],
    });
    const result = await beamSearch(score, PROMPT, { width: 2, maxNewTokens: 10, stopIds: [3] });
    expect(result.rounds).toBe(2);
    expect(result.scored).toBe(3);
    expect(result.hypotheses.map(idsOf)).toEqual([
      [0, 3],
      [1, 3],
    ]);
    expect(result.hypotheses.every((hypothesis) => hypothesis.finished)).toBe(true);
    expect(result.hypotheses[0]!.score).toBeCloseTo(Math.log(0.42), 6);
    // Greedy ends at the stop too.
    const greedy = await greedySearch(score, PROMPT, { maxNewTokens: 10, stopIds: [3] });
    expect(greedy.hypotheses[0]).toMatchObject({ finished: true });
    expect(idsOf(greedy.hypotheses[0]!)).toEqual([0, 3]);
  });

  it('returns the live beams as unfinished replies when the limit comes first', async () => {
    const result = await beamSearch(contextScorer, PROMPT, { width: 3, maxNewTokens: 2, stopIds: [] });
    expect(result.rounds).toBe(2);
    expect(result.hypotheses.every((h) => !h.finished && h.tokens.length === 2)).toBe(true);
  });

  it('can be cancelled between model calls: it stops calling and returns no replies', async () => {
    const signal = { aborted: false };
    let calls = 0;
    const counting: Scorer = async (ids) => {
      calls++;
      if (calls === 3) signal.aborted = true;
      return contextScorer(ids);
    };
    const result = await beamSearch(counting, PROMPT, { width: 3, maxNewTokens: 8, stopIds: [], signal });
    expect(result).toMatchObject({ cancelled: true, hypotheses: [] });
    expect(calls).toBe(3);
    const greedy = await greedySearch(counting, PROMPT, { maxNewTokens: 8, stopIds: [], signal });
    expect(greedy).toMatchObject({ cancelled: true, hypotheses: [] });
    expect(calls).toBe(3);
  });

  it('reports its progress round by round', async () => {
    const rounds: number[] = [];
    await beamSearch(contextScorer, PROMPT, {
      width: 2,
      maxNewTokens: 4,
      stopIds: [],
      onProgress: (progress) => rounds.push(progress.round),
    });
    expect(rounds).toEqual([1, 2, 3, 4]);
  });
});

describe('the cached scorer on an engine', () => {
  function fakeEngine() {
    const calls: string[] = [];
    let read: number[] = [];
    return {
      calls,
      prefill: async (ids: readonly number[]) => {
        calls.push(`prefill ${ids.length}`);
        read = [...ids];
        return contextScorer(read);
      },
      step: async (id: number) => {
        calls.push(`step ${id}`);
        read = [...read, id];
        return contextScorer(read);
      },
    };
  }

  it('greedy search costs one prefill and then one step per token, with the same scores as prefills would give', async () => {
    const engine = fakeEngine();
    const scorer = cachedScorer(engine);
    const cached = await greedySearch(scorer, PROMPT, { maxNewTokens: 4, stopIds: [] });
    const plain = await greedySearch(contextScorer, PROMPT, { maxNewTokens: 4, stopIds: [] });
    expect(cached.hypotheses).toEqual(plain.hypotheses);
    const ids = idsOf(cached.hypotheses[0]!);
    expect(engine.calls).toEqual(['prefill 2', ...ids.slice(0, 3).map((id) => `step ${id}`)]);
    expect(scorer.read()).toEqual([...PROMPT, ...ids.slice(0, 3)]);
  });

  it('beam search finds the same replies through the cache, and prefills when a beam does not extend the last one read', async () => {
    const engine = fakeEngine();
    const cached = await beamSearch(cachedScorer(engine), PROMPT, {
      width: 3,
      maxNewTokens: 4,
      stopIds: [2],
    });
    const plain = await beamSearch(contextScorer, PROMPT, { width: 3, maxNewTokens: 4, stopIds: [2] });
    expect(cached.hypotheses).toEqual(plain.hypotheses);
    expect(engine.calls.filter((call) => call.startsWith('prefill')).length).toBeGreaterThan(1);
  });

  it('forgets what it read when the engine fails, so the next call prefills', async () => {
    const engine = fakeEngine();
    const failing = { ...engine, step: () => Promise.reject(new Error('GPU device lost')) };
    const scorer = cachedScorer(failing);
    await scorer([1, 2]);
    await expect(scorer([1, 2, 3])).rejects.toThrow('GPU device lost');
    expect(scorer.read()).toBeNull();
    await scorer([1, 2, 3, 0]);
    expect(engine.calls).toEqual(['prefill 2', 'prefill 4']);
  });
});

describe('the beam width box', () => {
  it('takes a whole number from 2 to 4 and says what is wrong with anything else', () => {
    expect(parseBeamWidth(' 3 ')).toEqual({ ok: true, value: 3 });
    expect(parseBeamWidth('')).toEqual({ ok: false, error: 'Enter a beam width.' });
    expect(parseBeamWidth('two')).toEqual({
      ok: false,
      error: '“two” is not a number, so it cannot be the beam width.',
    });
    expect(parseBeamWidth('2.5')).toEqual({
      ok: false,
      error: 'The beam width must be a whole number of beams; 2.5 is not.',
    });
    expect(parseBeamWidth('5')).toEqual({
      ok: false,
      error:
        'Beam width 5 is out of range: use a whole number from 2 to 4 (each beam costs one model call per token; width 1 is greedy search).',
    });
    expect(parseBeamWidth('1')).toMatchObject({ ok: false });
  });
});
