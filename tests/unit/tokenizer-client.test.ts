import { describe, expect, it } from 'vitest';
import { createTokenizerClient, type TokenizerState, type WorkerLike } from '../../src/lib/tokenizer/client';
import type { TokenizerRequest, TokenizerResponse } from '../../src/lib/tokenizer/protocol';
import type { TokenizeResult } from '../../src/lib/tokenizer/tokenize';

/** A worker stand-in that records requests and answers when the test says so. */
class FakeWorker implements WorkerLike {
  sent: TokenizerRequest[] = [];
  terminated = false;
  private listeners: { message: Array<(e: MessageEvent<TokenizerResponse>) => void>; error: Array<(e: Event) => void> } = {
    message: [],
    error: [],
  };
  postMessage(message: TokenizerRequest) {
    this.sent.push(message);
  }
  addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
    this.listeners[type].push(listener as never);
  }
  terminate() {
    this.terminated = true;
  }
  answer(message: TokenizerResponse) {
    this.listeners.message.forEach((listener) => listener({ data: message } as MessageEvent<TokenizerResponse>));
  }
  crash() {
    this.listeners.error.forEach((listener) => listener(new Event('error')));
  }
  texts() {
    return this.sent.flatMap((message) => (message.type === 'tokenize' ? [message.text] : []));
  }
}

const resultFor = (text: string): TokenizeResult => ({
  ids: [1, text.length],
  tokens: [],
  charCount: text.length,
  byteCount: text.length,
  notes: [],
  encodeMs: 0,
});

function setup() {
  const workers: FakeWorker[] = [];
  const states: TokenizerState[] = [];
  const client = createTokenizerClient(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    '/models/',
    (state) => states.push(state),
  );
  return { client, workers, states, last: () => states.at(-1)! };
}

describe('the tokenizer client', () => {
  it('loads from the given folder, then tokenizes the text it was given while loading', () => {
    const { client, workers, last } = setup();
    expect(workers[0]!.sent[0]).toEqual({ type: 'load', modelsUrl: '/models/' });
    expect(last()).toEqual({ phase: 'loading' });
    client.tokenize('hello');
    expect(workers[0]!.texts()).toEqual([]);
    workers[0]!.answer({ type: 'ready', loadMs: 12 });
    expect(workers[0]!.texts()).toEqual(['hello']);
  });

  it('keeps one request in flight and skips text that was replaced while waiting', () => {
    const { client, workers, last } = setup();
    const worker = workers[0]!;
    worker.answer({ type: 'ready', loadMs: 1 });
    client.tokenize('a');
    client.tokenize('ab');
    client.tokenize('abc');
    expect(worker.texts()).toEqual(['a']);
    worker.answer({ type: 'result', requestId: 1, result: resultFor('a') });
    expect(worker.texts()).toEqual(['a', 'abc']);
    expect(last()).toMatchObject({ phase: 'ready', busy: true });
    worker.answer({ type: 'result', requestId: 2, result: resultFor('abc') });
    expect(last()).toEqual({ phase: 'ready', result: resultFor('abc'), busy: false, loadMs: 1 });
  });

  it('reports a failed load and retries with a new worker and the last text', () => {
    const { client, workers, last } = setup();
    client.tokenize('keep me');
    workers[0]!.answer({ type: 'error', stage: 'load', message: 'Could not locate file tokenizer.json' });
    expect(last()).toEqual({ phase: 'error', stage: 'load', message: 'Could not locate file tokenizer.json' });
    client.retry();
    expect(workers[0]!.terminated).toBe(true);
    workers[1]!.answer({ type: 'ready', loadMs: 1 });
    expect(workers[1]!.texts()).toEqual(['keep me']);
  });

  it('reports a crashed worker in plain words', () => {
    const { workers, last } = setup();
    workers[0]!.crash();
    expect(last()).toEqual({ phase: 'error', stage: 'load', message: 'The tokenizer worker stopped unexpectedly.' });
  });

  it('reports a worker that cannot be created', () => {
    const states: TokenizerState[] = [];
    createTokenizerClient(() => { throw new Error('Workers are disabled'); }, '/models/', (s) => states.push(s));
    expect(states.at(-1)).toEqual({ phase: 'error', stage: 'load', message: 'Workers are disabled' });
  });
});
