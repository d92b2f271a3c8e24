import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/llm/engine';
import {
  createLatestScorer,
  impossibleNote,
  MAX_SCORED_TOKENS,
  planScoring,
  scoreIds,
  scoreToken,
  summarise,
} from '../../src/lib/sampling/surprisal';
import {
  comparisonLine,
  formatPerplexity,
  scopeNote,
  summaryLine,
  surprisalStep,
} from '../../src/lib/sampling/surprisal-text';

describe('one token’s score', () => {
  it('is worked out by hand: logits [0, ln 3] give probabilities 1/4 and 3/4, 2 bits and log2(4/3) bits', () => {
    const logits = Float32Array.from([0, Math.log(3)]);
    const first = scoreToken(logits, 0);
    const second = scoreToken(logits, 1);
    // ln 3 is rounded to float32 in the array, so the probabilities are exact to about 1e-7.
    expect(first.probability).toBeCloseTo(1 / 4, 7);
    expect(second.probability).toBeCloseTo(3 / 4, 7);
    expect(first.bits).toBeCloseTo(2, 6);
    expect(second.bits).toBeCloseTo(Math.log2(4 / 3), 6);
    expect([first.rank, second.rank]).toEqual([2, 1]);
  });

  it('gives every token log2 V bits under uniform scores, so the perplexity is exactly V', () => {
    for (const size of [2, 10, 32_000]) {
      const logits = new Float32Array(size).fill(1.5);
      const scores = [0, size - 1, Math.floor(size / 2)].map((id) => scoreToken(logits, id));
      for (const score of scores) {
        expect(score.probability).toBeCloseTo(1 / size, 12);
        expect(score.rank).toBe(1);
      }
      const summary = summarise(scores);
      expect(summary.bitsPerToken).toBeCloseTo(Math.log2(size), 10);
      expect(summary.perplexity).toBeCloseTo(size, 6);
      expect(summary.natsPerToken).toBeCloseTo(Math.log(size), 10);
    }
  });

  it('gives a token the model ruled out (logit −∞) probability 0 and infinite surprisal, and says so', () => {
    const logits = Float32Array.from([0, -Infinity, 0]);
    const ruledOut = scoreToken(logits, 1);
    expect(ruledOut).toEqual({ id: 1, probability: 0, bits: Infinity, rank: 3 });
    const summary = summarise([scoreToken(logits, 0), ruledOut]);
    expect(summary.perplexity).toBe(Infinity);
    expect(summary.impossible).toEqual([1]);
    expect(impossibleNote(summary)).toBe(
      'The model gave token 2 a probability of exactly 0 (a score of −∞), so its surprisal is infinite, and so are the cross-entropy and the perplexity.',
    );
    expect(formatPerplexity(summary.perplexity)).toBe('∞');
    expect(impossibleNote(summarise([scoreToken(logits, 0)]))).toBeNull();
  });

  it('stays exact with huge scores, where a naive exp overflows', () => {
    const shift = 3e38; // near float32's largest: exp() of it is Infinity
    const logits = Float32Array.from([shift, shift]);
    expect(Math.exp(logits[0]!)).toBe(Infinity);
    expect(scoreToken(logits, 1).probability).toBe(0.5);
    const big = Float32Array.from([1000, 1000 + Math.log(3)]);
    expect(scoreToken(big, 0).bits).toBeCloseTo(2, 4);
    const tiny = Float32Array.from([-1000, -1000 + Math.log(3)]);
    expect(scoreToken(tiny, 1).probability).toBeCloseTo(3 / 4, 4);
    // A probability too small for float32 still has a finite surprisal.
    const far = scoreToken(Float32Array.from([0, -200]), 1);
    expect(far.bits).toBeCloseTo(200 / Math.LN2, 4);
  });

  it('refuses NaN and +∞ scores and ids outside the vocabulary, naming the place', () => {
    expect(() => scoreToken(Float32Array.from([0, NaN, 1]), 0)).toThrow(/position 1 .* NaN/);
    expect(() => scoreToken(Float32Array.from([0, Infinity]), 0)).toThrow(/position 1 .*\+Infinity/);
    expect(() => scoreToken(Float32Array.from([-Infinity, -Infinity]), 0)).toThrow(/-Infinity/);
    expect(() => scoreToken(Float32Array.from([0, 1]), 2)).toThrow(
      'Token id 2 is outside the model’s 2 scores.',
    );
  });

  it('has no cross-entropy for no tokens (not zero, which would claim a perfect model)', () => {
    const summary = summarise([]);
    expect(summary.tokens).toBe(0);
    expect(summary.bitsPerToken).toBeNaN();
    expect(summaryLine(summary)).toBe('Nothing to score: the text has no tokens after the start marker.');
  });
});

/** A model whose logits depend on every id read so far, and which records how it was called. */
function fakeEngine(vocabSize = 7) {
  const calls: string[] = [];
  let history: number[] = [];
  const logitsFor = (ids: readonly number[]) => {
    let h = 17;
    for (const id of ids) h = (h * 31 + id + 1) % 1009;
    return Float32Array.from({ length: vocabSize }, (_, j) => Math.sin(h * 0.37 + j * 1.3) * 4);
  };
  const engine: Pick<Engine, 'prefill' | 'step'> = {
    async prefill(ids) {
      calls.push(`prefill ${ids.join(',')}`);
      history = [...ids];
      return logitsFor(history);
    },
    async step(id) {
      calls.push(`step ${id}`);
      history.push(id);
      return logitsFor(history);
    },
  };
  return { engine, calls, logitsFor };
}

/** Brute force, a different way: each probability as exp(logit) / sum exp (no shift), from the whole history. */
function bruteForceBits(logitsFor: (ids: readonly number[]) => Float32Array, ids: readonly number[]) {
  let total = 0;
  for (let i = 1; i < ids.length; i++) {
    const logits = Array.from(logitsFor(ids.slice(0, i)));
    const sum = logits.reduce((acc, value) => acc + Math.exp(value), 0);
    total += -Math.log2(Math.exp(logits[ids[i]!]!) / sum);
  }
  return total / (ids.length - 1);
}

describe('scoring a text on an engine', () => {
  it('prefills the start token, steps through every token but the last, and matches a brute-force cross-entropy', async () => {
    const { engine, calls, logitsFor } = fakeEngine();
    const ids = [1, 4, 0, 6, 6, 2];
    const progress: string[] = [];
    const scores = await scoreIds(engine, ids, {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(calls).toEqual(['prefill 1', 'step 4', 'step 0', 'step 6', 'step 6']);
    expect(progress).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(scores!.map((score) => score.id)).toEqual([4, 0, 6, 6, 2]);
    expect(summarise(scores!).bitsPerToken).toBeCloseTo(bruteForceBits(logitsFor, ids), 5);
  });

  it('slides past the window: a full engine starts over on the start token and the last half-window of tokens', async () => {
    const { engine, calls, logitsFor } = fakeEngine();
    const ids = [1, 4, 0, 6, 6, 2, 5, 3, 1];
    const scores = (await scoreIds(engine, ids, { positions: 4 }))!;
    // Window 4, keep 2: read <s>,4,0,6 (full), then restart on <s> + the last two read or about to be read.
    expect(calls).toEqual([
      'prefill 1',
      'step 4',
      'step 0',
      'step 6',
      'prefill 1,6,6',
      'step 2',
      'prefill 1,2,5',
      'step 3',
    ]);
    expect(scores.map((score) => score.id)).toEqual(ids.slice(1));
    // Each token scored from exactly the context the calls above gave it, worked out independently.
    const contexts = [[1], [1, 4], [1, 4, 0], [1, 4, 0, 6], [1, 6, 6], [1, 6, 6, 2], [1, 2, 5], [1, 2, 5, 3]];
    contexts.forEach((context, k) => {
      const logits = Array.from(logitsFor(context));
      const sum = logits.reduce((acc, value) => acc + Math.exp(value), 0);
      expect(scores[k]!.probability).toBeCloseTo(Math.exp(logits[ids[k + 1]!]!) / sum, 6);
    });
  });

  it('scores nothing, and calls nothing, for a text with no tokens after the start', async () => {
    const { engine, calls } = fakeEngine();
    expect(await scoreIds(engine, [1])).toEqual([]);
    expect(await scoreIds(engine, [])).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('stops after the engine call in flight when cancelled, and resolves to null', async () => {
    const { engine, calls } = fakeEngine();
    const controller = new AbortController();
    const run = scoreIds(engine, [1, 2, 3, 4, 5], {
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 2) controller.abort();
      },
    });
    expect(await run).toBeNull();
    expect(calls).toEqual(['prefill 1', 'step 2', 'step 3']);
  });

  it('keeps only the newest run: a new one cancels the old and waits for its engine call before starting', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => {};
    const firstInFlight = new Promise<void>((resolve) => (entered = resolve));
    const engine: Pick<Engine, 'prefill' | 'step'> = {
      async prefill(ids) {
        log.push(`prefill ${ids.join(',')}`);
        // The first run's prefill waits for the test; the second run's does not.
        if (log.length === 1) {
          entered();
          await gate;
        }
        log.push('prefill done');
        return Float32Array.from([0, 0, 0, 0]);
      },
      async step(id) {
        log.push(`step ${id}`);
        return Float32Array.from([0, 0, 0, 0]);
      },
    };
    const scorer = createLatestScorer();
    const first = scorer.run(engine, [1, 3, 3, 3]);
    await firstInFlight;
    const second = scorer.run(engine, [1, 2, 0]);
    release();
    expect(await first).toBeNull();
    const scores = await second;
    expect(scores!.map((score) => score.id)).toEqual([2, 0]);
    // The second run touched the engine only after the first one's call returned, and the first stepped no further.
    expect(log).toEqual(['prefill 1', 'prefill done', 'prefill 1', 'prefill done', 'step 2']);
  });

  it('passes an engine failure on to the caller', async () => {
    const engine: Pick<Engine, 'prefill' | 'step'> = {
      prefill: () => Promise.reject(new Error('The worker stopped.')),
      step: () => Promise.reject(new Error('unused')),
    };
    await expect(createLatestScorer().run(engine, [1, 2])).rejects.toThrow('The worker stopped.');
  });
});

describe('what one run scores', () => {
  const ids = (count: number) => Array.from({ length: count + 1 }, (_, i) => (i === 0 ? 1 : 100 + i));

  it('caps a long text at the time limit, counts what it left out, and slides past the window', () => {
    const pocket = planScoring(ids(300), 256);
    expect(pocket).toMatchObject({ leftOut: 0, window: 256, slides: true });
    expect(pocket.ids).toHaveLength(301);
    const large = planScoring(ids(2000), 4096);
    expect(large.ids).toHaveLength(MAX_SCORED_TOKENS + 1);
    expect(large).toMatchObject({ leftOut: 2000 - MAX_SCORED_TOKENS, slides: false });
    expect(planScoring(ids(256), 256)).toMatchObject({ leftOut: 0, slides: false });
    expect(planScoring(ids(257), 256)).toMatchObject({ slides: true });
    expect(planScoring([], 256)).toMatchObject({ ids: [], leftOut: 0 });
  });

  it('says how a long text was scored and what was left out', () => {
    expect(scopeNote(planScoring(ids(300), 256), 'Pocket Mistral')).toBe(
      'Pocket Mistral holds 256 positions at once, fewer than your text has, so the scoring slides: whenever the model is full it starts again from the start token and the last 128 tokens, so every token is scored with at least that much of what came before it.',
    );
    expect(scopeNote(planScoring(ids(1025), 4096), 'X')).toBe(
      'Only the first 1,024 tokens were scored, so that a run ends in seconds; the other 1 token of your text was left out of every number here.',
    );
    expect(scopeNote(planScoring(ids(5), 256), 'X')).toBeNull();
  });
});

describe('the words and shades', () => {
  it('prints the summary from the hand-worked example: 2 and 0.415 bits make 1.21 bits a token', () => {
    const logits = Float32Array.from([0, Math.log(3)]);
    const summary = summarise([scoreToken(logits, 0), scoreToken(logits, 1)]);
    // (2 + log2(4/3)) / 2 = 1.2075 bits; ×ln 2 = 0.837 nats; 2^1.2075 = 2.31.
    expect(summaryLine(summary)).toBe(
      '2 tokens, 2.42 bits in all. Cross-entropy: 1.21 bits per token (0.84 nats). Perplexity: 2.31.',
    );
  });

  it('shades by probability in five steps, a ruled-out token in the last', () => {
    expect([1, 0.5, 0.49, 0.1, 0.05, 0.01, 0.002, 0.001, 0.0009, 0].map(surprisalStep)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]);
  });

  it('compares the trained model with its random twin once both scored the text', () => {
    const summary = (perplexity: number) => ({ ...summarise([]), tokens: 3, perplexity });
    expect(comparisonLine(summary(62.7), summary(724_700), 32_000)).toBe(
      'On this text the pocket model’s perplexity is 62.7; before training it was 724,700, worse than the 32,000 of a model that spreads its probability evenly over all 32,000 tokens. Training made the text about 11,558 times less surprising.',
    );
    expect(comparisonLine(summary(62.7), null, 32_000)).toMatch(
      /^A model that spreads its probability evenly/,
    );
    expect(formatPerplexity(3.14159)).toBe('3.14');
    expect(formatPerplexity(31.44)).toBe('31.4');
  });
});
