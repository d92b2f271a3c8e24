import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../src/lib/generation/controller';
import {
  describeEngine,
  describeStep,
  describeTimings,
  formatLogit,
  formatProbability,
  generationStatus,
  removalLabel,
  showPiece,
  loadingMessage,
  startProblem,
} from '../../src/lib/generation/describe';
import type { GenerationView } from '../../src/lib/generation/controller';
import { parseMaxNewTokens } from '../../src/lib/generation/store';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { engineInfo } from '../../src/lib/llm/engine';

const pieces = ['<unk>', '<s>', '</s>', '▁Dear', '\n'];
const step = (overrides: Partial<StepRecord>) =>
  ({
    index: 0,
    id: 3,
    sampledId: 3,
    forced: false,
    probability: 0.031,
    greedy: false,
    random: 0.42137,
    keptCount: 50,
    ...overrides,
  }) as StepRecord;

describe('what the chapters say about a step', () => {
  it('formats probabilities and logits so small ones stay distinct', () => {
    expect([0, 1, 0.4132, 0.0523, 0.0052, 0.000031].map(formatProbability)).toEqual([
      '0%',
      '100%',
      '41.3%',
      '5.2%',
      '0.52%',
      '0.0031%',
    ]);
    expect([1.234, -0.5, -Infinity].map(formatLogit)).toEqual(['1.23', '−0.50', '−∞']);
    expect(showPiece(pieces, 4)).toBe('↵');
    // An id past the tokenizer's entries (Qwen scores 151,936 ids for 151,665 entries) has no text.
    expect(showPiece(pieces, 99)).toBe('⟨no text: padding⟩');
    // Before the vocabulary has loaded, nothing is known.
    expect(showPiece([], 4)).toBe('<unk>');
  });

  it('says in words why a candidate cannot be picked', () => {
    expect(removalLabel(null)).toBe('kept');
    expect(removalLabel('top-k')).toBe('removed by top-k');
    expect(removalLabel('greedy')).toBe('removed: greedy keeps only the top score');
  });

  it('announces a drawn, a greedy and a forced step', () => {
    expect(describeStep(step({}), pieces)).toBe(
      'Step 1: picked “▁Dear” (id 3), probability 3.1%, drawn with random number 0.4214 from 50 kept tokens.',
    );
    expect(describeStep(step({ greedy: true, random: null, probability: 1, index: 4 }), pieces)).toBe(
      'Step 5: picked “▁Dear” (id 3), probability 100%, greedy: the top score.',
    );
    expect(describeStep(step({ forced: true, id: 2, probability: 0 }), pieces)).toBe(
      'Step 1: you forced “</s>” (id 2), probability 0%.',
    );
  });

  it('names the engine and gives timings', () => {
    expect(describeEngine(engineInfo(createGlassBoxEngine()))).toBe(
      'Pocket Mistral before training (random weights): untrained, random weights, 32,000 tokens, context window 256.',
    );
    expect(
      describeTimings({ prefill: null, firstTokenMs: null, decode: { tokens: 0, ms: 0 }, played: null }),
    ).toEqual([]);
    expect(
      describeTimings({
        prefill: { tokens: 20, ms: 12.34 },
        firstTokenMs: 3.5,
        decode: { tokens: 8, ms: 40 },
        played: { tokens: 74, ms: 592, computeMs: 400, prefillMs: 12.34, prefillTokens: 1, running: false },
      }),
    ).toEqual([
      'Time to first token: 3.5 ms.',
      'Last prefill: 20 tokens read in 12 ms.',
      'Decoding: 8 tokens in 40 ms, 200 tokens per second.',
      // 74 tokens / 0.592 s = 125 per second
      'Last Play: 74 tokens on screen in 592 ms, 125 per second (the page’s drawing included).',
    ]);
    // One token is "1 token", not "1 tokens".
    expect(
      describeTimings({
        prefill: { tokens: 1, ms: 2 },
        firstTokenMs: null,
        decode: { tokens: 1, ms: 5 },
        played: null,
      }).slice(0, 2),
    ).toEqual([
      'Last prefill: 1 token read in 2.0 ms.',
      'Decoding: 1 token in 5.0 ms, 200 tokens per second.',
    ]);
  });

  it('parses the limit on new tokens with a message for each bad value', () => {
    expect(parseMaxNewTokens(' 64 ', 4096)).toEqual({ ok: true, value: 64 });
    expect(parseMaxNewTokens('', 4096)).toEqual({ ok: false, error: 'Enter a limit on new tokens.' });
    expect(parseMaxNewTokens('lots', 4096)).toEqual({
      ok: false,
      error: '“lots” is not a number, so it cannot be the limit on new tokens.',
    });
    expect(parseMaxNewTokens('5000', 4096)).toEqual({
      ok: false,
      error:
        'The limit on new tokens must be a whole number from 1 to 4,096 (the context window); 5000 is not.',
    });
  });
});

describe('the status line', () => {
  const view = (overrides: Partial<GenerationView>): GenerationView => ({
    promptLength: 20,
    steps: [],
    text: '',
    heldBytes: 0,
    busy: false,
    playing: false,
    ended: null,
    error: null,
    timings: { prefill: null, firstTokenMs: null, decode: { tokens: 0, ms: 0 }, played: null },
    newest: null,
    branches: [],
    search: null,
    searchNote: null,
    ...overrides,
  });
  const status = (v: GenerationView | null, showEnding = true, starting: string | null = null) =>
    generationStatus({ starting, view: v, pieces, idle: 'Press Step.', showEnding });
  const ended = { reason: 'end-of-text' as const, message: 'The model picked </s>.' };

  it('says one thing at a time, in order of importance', () => {
    expect(status(null)).toBe('Press Step.');
    expect(status(null, true, loadingMessage({ phase: 'loading' }))).toMatch(/^Loading Mistral’s tokenizer/);
    expect(status(view({ steps: [step({})] }), true, 'Downloading…')).toBe('Downloading…');
    expect(status(view({ busy: true }))).toBe('Running the prompt through the model…');
    expect(status(view({ playing: true, steps: [step({})] }))).toBe('Playing…');
    expect(status(view({ error: 'The engine failed: lost', playing: true }))).toBe('The engine failed: lost');
    expect(status(view({ steps: [step({})], ended }))).toBe('The model picked </s>.');
    expect(status(view({ steps: [step({})], ended }), false)).toMatch(/^Step 1: picked “▁Dear”/);
  });

  it('explains a worker that did not start, and what still works', () => {
    expect(startProblem('tokenizer.json: HTTP 404.')).toEqual({
      title: 'The model did not start',
      message:
        'tokenizer.json: HTTP 404. The prose and the settings still work; the in-page models need their files from this site (Mistral’s tokenizer, and the pocket model’s weights, about 4 MB) and a browser with Web Workers. Try again once the connection is back.',
    });
  });

  it('counts the pocket model’s download in bytes while it arrives', () => {
    expect(loadingMessage({ phase: 'opening', loaded: 0, total: null })).toBe(
      'Getting the model’s weights ready…',
    );
    expect(loadingMessage({ phase: 'opening', loaded: 3 * 1024 * 1024, total: 4 * 1024 * 1024 })).toBe(
      'Downloading the pocket model’s weights: 3 MiB of 4 MiB…',
    );
    expect(loadingMessage({ phase: 'opening', loaded: 512 * 1024, total: null })).toBe(
      'Downloading the pocket model’s weights: 512 KiB…',
    );
  });
});
