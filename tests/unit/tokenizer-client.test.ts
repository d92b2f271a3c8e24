import { describe, expect, it } from 'vitest';
import { createTokenizerClient, type TokenizerState } from '../../src/lib/tokenizer/client';
import type { TokenizerRequest, TokenizerResponse } from '../../src/lib/tokenizer/protocol';
import type { TokenizeResult } from '../../src/lib/tokenizer/tokenize';
import { FakeWorker } from './fake-worker';

type TokenizerWorker = FakeWorker<TokenizerRequest, TokenizerResponse>;

const texts = (worker: TokenizerWorker) =>
  worker.sent.flatMap((message) => (message.type === 'tokenize' ? [message.text] : []));

const resultFor = (text: string): TokenizeResult => ({
  ids: [1, text.length],
  tokens: [],
  charCount: text.length,
  byteCount: text.length,
  notes: [],
  encodeMs: 0,
});

function setup() {
  const workers: TokenizerWorker[] = [];
  const states: TokenizerState[] = [];
  const client = createTokenizerClient(
    () => {
      const worker: TokenizerWorker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    '/models/',
    (state) => states.push(state),
  );
  return { client, workers, states, last: () => states.at(-1)! };
}

describe('the tokenizer client', () => {
  it('loads from the given folder, then tokenizes the text it was given while loading', async () => {
    const { client, workers, last } = setup();
    expect(workers[0]!.sent[0]).toEqual({ type: 'load', modelsUrl: '/models/' });
    expect(last()).toEqual({ phase: 'loading' });
    client.tokenize('hello');
    expect(texts(workers[0]!)).toEqual([]);
    await workers[0]!.emit({ type: 'ready', loadMs: 12 });
    expect(texts(workers[0]!)).toEqual(['hello']);
    expect(last()).toEqual({ phase: 'ready', result: null, busy: true, loadMs: 12 });
  });

  it('keeps one request in flight and skips text that was replaced while waiting', async () => {
    const { client, workers, last } = setup();
    const worker = workers[0]!;
    await worker.emit({ type: 'ready', loadMs: 1 });
    client.tokenize('a');
    client.tokenize('ab');
    client.tokenize('abc');
    expect(texts(worker)).toEqual(['a']);
    await worker.emit({ type: 'result', requestId: 1, result: resultFor('a') });
    expect(texts(worker)).toEqual(['a', 'abc']);
    expect(last()).toEqual({ phase: 'ready', result: resultFor('a'), busy: true, loadMs: 1 });
    await worker.answer(({ requestId }) => ({ type: 'result', requestId, result: resultFor('abc') }));
    expect(last()).toEqual({ phase: 'ready', result: resultFor('abc'), busy: false, loadMs: 1 });
  });

  it('reports a failed load and retries with a new worker and the last text', async () => {
    const { client, workers, last } = setup();
    client.tokenize('keep me');
    await workers[0]!.emit({ type: 'error', stage: 'load', message: 'Could not locate file tokenizer.json' });
    expect(last()).toEqual({
      phase: 'error',
      stage: 'load',
      message: 'Could not locate file tokenizer.json',
    });
    client.retry();
    expect(workers[0]!.terminated).toBe(true);
    await workers[1]!.emit({ type: 'ready', loadMs: 1 });
    expect(texts(workers[1]!)).toEqual(['keep me']);
  });

  it('reports a text that could not be tokenized with its stage', async () => {
    const { client, workers, last } = setup();
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    client.tokenize('x');
    await workers[0]!.answer(({ requestId }) => ({
      type: 'error',
      stage: 'tokenize',
      requestId,
      message: 'Bad input',
    }));
    expect(last()).toEqual({ phase: 'error', stage: 'tokenize', message: 'Bad input' });
  });

  it('reports a crashed worker in plain words', async () => {
    const { workers, last } = setup();
    await workers[0]!.crash();
    expect(last()).toEqual({
      phase: 'error',
      stage: 'load',
      message: 'The tokenizer worker stopped unexpectedly.',
    });
  });

  it('reports a worker that cannot be created', () => {
    const states: TokenizerState[] = [];
    createTokenizerClient(
      () => {
        throw new Error('Workers are disabled');
      },
      '/models/',
      (s) => states.push(s),
    );
    expect(states.at(-1)).toEqual({ phase: 'error', stage: 'load', message: 'Workers are disabled' });
  });

  it('stops its worker when disposed', () => {
    const { client, workers } = setup();
    client.dispose();
    expect(workers[0]!.terminated).toBe(true);
  });
});
