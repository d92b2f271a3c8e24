import type { TokenizerRequest, TokenizerResponse } from './protocol';
import type { TokenizeResult } from './tokenize';

export type TokenizerState =
  | { phase: 'loading' }
  | { phase: 'ready'; result: TokenizeResult | null; busy: boolean; loadMs: number }
  | { phase: 'error'; stage: 'load' | 'tokenize'; message: string };

/** The part of a Worker the client uses; tests pass a stand-in. */
export interface WorkerLike {
  postMessage(message: TokenizerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<TokenizerResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

export interface TokenizerClient {
  /** Asks for the tokens of `text`; only the newest text is ever worked on. */
  tokenize(text: string): void;
  /** Starts over after a failure: a new worker, a new load, the last text again. */
  retry(): void;
  dispose(): void;
}

/**
 * Talks to the tokenizer worker for one panel. At most one request is in
 * flight; while it runs, newer text replaces any waiting text, so fast typing
 * never builds a queue and the panel always ends on what the reader typed last.
 */
export function createTokenizerClient(
  createWorker: () => WorkerLike,
  modelsUrl: string,
  onState: (state: TokenizerState) => void,
): TokenizerClient {
  let worker: WorkerLike | null = null;
  let loadMs = 0;
  let ready = false;
  let nextId = 1;
  let inFlight: number | null = null;
  let waiting: string | null = null;
  let lastText: string | null = null;
  let result: TokenizeResult | null = null;

  const send = (text: string) => {
    inFlight = nextId++;
    worker!.postMessage({ type: 'tokenize', requestId: inFlight, text });
    onState({ phase: 'ready', result, busy: true, loadMs });
  };

  const pump = () => {
    if (!ready || inFlight !== null || waiting === null) return;
    const text = waiting;
    waiting = null;
    send(text);
  };

  const fail = (stage: 'load' | 'tokenize', message: string) => {
    ready = false;
    inFlight = null;
    onState({ phase: 'error', stage, message });
  };

  const start = () => {
    ready = false;
    inFlight = null;
    onState({ phase: 'loading' });
    try {
      worker = createWorker();
    } catch (error) {
      fail('load', error instanceof Error ? error.message : String(error));
      return;
    }
    worker.addEventListener('message', (event: MessageEvent<TokenizerResponse>) => {
      const message = event.data;
      if (message.type === 'ready') {
        ready = true;
        loadMs = message.loadMs;
        onState({ phase: 'ready', result, busy: false, loadMs });
        pump();
      } else if (message.type === 'result') {
        if (message.requestId !== inFlight) return;
        inFlight = null;
        result = message.result;
        if (waiting === null) onState({ phase: 'ready', result, busy: false, loadMs });
        pump();
      } else {
        fail(message.stage, message.message);
      }
    });
    worker.addEventListener('error', (event: ErrorEvent | Event) => {
      fail('load', 'message' in event && event.message ? event.message : 'The tokenizer worker stopped unexpectedly.');
    });
    worker.postMessage({ type: 'load', modelsUrl });
  };

  start();
  return {
    tokenize(text) {
      lastText = text;
      waiting = text;
      pump();
    },
    retry() {
      worker?.terminate();
      waiting = lastText;
      start();
    },
    dispose() {
      worker?.terminate();
      worker = null;
    },
  };
}
