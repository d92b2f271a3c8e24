import { describe, expect, it } from 'vitest';
import {
  appended,
  forced,
  initialState,
  nextCall,
  resampled,
  rewound,
  scored,
  stateFor,
  stopped,
  withMaxNewTokens,
  withPrompt,
  withSettings,
  type GenerationContext,
  type GenerationState,
} from '../../src/lib/generation/state';
import { sampleNext } from '../../src/lib/sampling/pipeline';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';
import { decoding } from '../../src/lib/tokenizer/stream-decode';

/** A ten-piece vocabulary: the specials, two words, the four bytes of 🦙 (F0 9F A6 99) and a comma. */
const PIECES = ['<unk>', '<s>', '</s>', '▁Dear', '▁Anna', '<0xF0>', '<0x9F>', '<0xA6>', '<0x99>', ','];
const CONTEXT: GenerationContext = {
  stopIds: [2],
  contextWindow: 16,
  vocabSize: PIECES.length,
  decoding: decoding(PIECES),
  candidateCount: 3,
};
const GREEDY: SamplingSettings = { ...SEED_SAMPLING, temperature: 0, topK: 0, topP: 1, seed: 1 };
const SAMPLED: SamplingSettings = { ...SEED_SAMPLING, temperature: 1, topK: 0, topP: 1, seed: 1 };
const PROMPT = [1, 4];

/** Scores whose softmax at temperature 1 is proportional to `weights`. */
const scoresOf = (weights: number[]) => Float32Array.from(weights, Math.log);
/** Scores where `id` wins clearly. */
const favouring = (id: number) => scoresOf(PIECES.map((_, i) => (i === id ? 50 : 1)));

/** One whole step as the runner takes it: the call it asks for, the scores given, the pipeline's pick on them. */
function step(state: GenerationState, logits: Float32Array): GenerationState {
  const { call } = nextCall(state, CONTEXT);
  if (!call) throw new Error('the reply has ended');
  const withScores = scored(state, call, call.kind === 'reuse' ? call.logits : logits, 4);
  const picked = sampleNext(
    withScores.scores!.logits,
    withScores.settings,
    stateFor(withScores, state.steps.length),
  );
  return appended(withScores, CONTEXT, picked, { source: call.kind, engineMs: 4, samplingMs: 1 });
}

const replyOf = (ids: number[], settings = GREEDY) =>
  ids.reduce((state, id) => step(state, favouring(id)), initialState(PROMPT, settings, 10));

describe('the generation state, one pure change at a time', () => {
  it('asks for a prefill of the prompt first, then one decode of the newest token per step', () => {
    const start = initialState(PROMPT, GREEDY, 10);
    expect(nextCall(start, CONTEXT).call).toEqual({ kind: 'prefill', ids: [1, 4] });
    const one = step(start, favouring(3));
    expect(one.steps.map((s) => s.id)).toEqual([3]);
    expect(nextCall(one, CONTEXT).call).toEqual({ kind: 'decode', id: 3 });
    const two = step(one, favouring(4));
    expect(two.steps.map((s) => [s.source, s.id])).toEqual([
      ['prefill', 3],
      ['decode', 4],
    ]);
    expect(two.timings).toEqual({
      prefill: { tokens: 2, ms: 4 },
      firstTokenMs: 5,
      decode: { tokens: 1, ms: 5 },
      played: null,
    });
  });

  it('after going back, reuses the scores it has, decodes from them, or reads everything again', () => {
    const two = replyOf([3, 4]);
    // The scores are for position 1: rewinding to 1 keeps them, rewinding to 0 cannot.
    expect(nextCall(rewound(two, CONTEXT, 1), CONTEXT).call).toMatchObject({ kind: 'reuse' });
    expect(nextCall(rewound(two, CONTEXT, 0), CONTEXT).call).toEqual({ kind: 'prefill', ids: [1, 4] });
    // Forcing the newest token keeps the scores it was picked from, so the next step decodes the forced token.
    expect(nextCall(forced(two, CONTEXT, 1, 9), CONTEXT).call).toEqual({ kind: 'decode', id: 9 });
    // Forcing an older one leaves the engine ahead of the reply: it must read the kept tokens again.
    expect(nextCall(forced(two, CONTEXT, 0, 4), CONTEXT).call).toEqual({ kind: 'prefill', ids: [1, 4, 4] });
  });

  it('gives a forced token its probability from the same scores (hand arithmetic: weight over total)', () => {
    const start = initialState(PROMPT, SAMPLED, 10);
    // Weights 1..10: id 6 has probability 7 / 55.
    const one = step(start, scoresOf(PIECES.map((_, i) => i + 1)));
    const swapped = forced(one, CONTEXT, 0, 6);
    expect(swapped.steps[0]).toMatchObject({ id: 6, forced: true, sampledId: one.steps[0]!.id });
    expect(swapped.steps[0]!.probability).toBeCloseTo(7 / 55, 6);
    // Forcing back the sampled token is not a forced step.
    expect(forced(swapped, CONTEXT, 0, one.steps[0]!.id).steps[0]!.forced).toBe(false);
  });

  it('decodes the reply as it grows, holding the bytes of a character until it is whole, and again after a rewind', () => {
    const states = [3, 5, 6, 7, 8, 9].reduce(
      (all, id) => [...all, step(all.at(-1)!, favouring(id))],
      [initialState(PROMPT, GREEDY, 10)],
    );
    expect(states.map((s) => [s.decoded.text, s.decoded.held.length])).toEqual([
      ['', 0],
      ['Dear', 0],
      ['Dear', 1],
      ['Dear', 2],
      ['Dear', 3],
      ['Dear🦙', 0],
      ['Dear🦙,', 0],
    ]);
    expect(states.at(-1)!.steps.map((s) => s.text)).toEqual(['Dear', '', '', '', '🦙', ',']);
    const back = rewound(states.at(-1)!, CONTEXT, 3);
    expect([back.decoded.text, back.decoded.held.length]).toEqual(['Dear', 2]);
  });

  it('ends on the stop token, on the limit, and on the reader’s stop; only the limit’s ending moves with the limit', () => {
    const ended = replyOf([3, 2]);
    expect(ended.ended?.reason).toBe('end-of-text');
    expect(nextCall(ended, CONTEXT)).toEqual({ problem: null, call: null });
    expect(withMaxNewTokens(ended, CONTEXT, 12).ended?.reason).toBe('end-of-text');

    const capped = withMaxNewTokens(replyOf([3, 4]), CONTEXT, 2);
    expect(capped.ended?.reason).toBe('max-new-tokens');
    expect(withMaxNewTokens(capped, CONTEXT, 3).ended).toBeNull();

    const byReader = stopped(replyOf([3]));
    expect(byReader.ended).toMatchObject({
      reason: 'reader',
      message: expect.stringContaining('after 1 token.'),
    });
    expect(withMaxNewTokens(byReader, CONTEXT, 1).ended?.reason).toBe('reader');
    expect(rewound(byReader, CONTEXT, 1).ended).toBeNull();
    expect(() => withMaxNewTokens(byReader, CONTEXT, 0)).toThrow();
  });

  it('re-samples the newest token from the same scores with new settings, and says why a step cannot run', () => {
    const one = replyOf([3], SAMPLED);
    const greedy = withSettings(one, GREEDY);
    const scores = greedy.scores!.logits;
    const again = resampled(greedy, CONTEXT, sampleNext(scores, GREEDY, stateFor(greedy, 0)), 1);
    expect(again.steps).toHaveLength(1);
    expect(again.steps[0]).toMatchObject({ id: 3, greedy: true, probability: 1 });

    const bad = withSettings(one, { ...SAMPLED, topK: 11 });
    expect(nextCall(bad, CONTEXT).problem).toMatch(/Top-k 11 is out of range/);
    const tooLong = withPrompt(
      one,
      CONTEXT,
      Array.from({ length: 17 }, () => 4),
    );
    expect(tooLong.error).toMatch(/17/);
    expect(tooLong.steps).toEqual([]);
  });

  it('never changes a state it was given: every record and array handed out stays as it was', () => {
    const before = replyOf([3, 5, 6, 4], SAMPLED);
    const copy = structuredClone(before);
    const after = [
      rewound(before, CONTEXT, 1),
      forced(before, CONTEXT, 3, 9),
      forced(before, CONTEXT, 0, 4),
      stopped(before),
      withMaxNewTokens(before, CONTEXT, 4),
      withSettings(before, GREEDY),
      withPrompt(before, CONTEXT, [1]),
      resampled(before, CONTEXT, sampleNext(before.scores!.logits, GREEDY, stateFor(before, 3)), 1),
      step(before, favouring(2)),
    ];
    expect(before).toEqual(copy);
    for (const next of after) expect(next).not.toBe(before);
  });
});
