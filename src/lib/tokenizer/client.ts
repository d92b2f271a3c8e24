import { createLatestOnly } from '../worker/latest';
import type { WorkerLike } from '../worker/port';
import type { TokenizerRequest, TokenizerResponse } from './protocol';
import type { TokenizeResult } from './tokenize';

export type TokenizerState =
  | { phase: 'loading' }
  | { phase: 'ready'; result: TokenizeResult | null; busy: boolean; loadMs: number }
  | { phase: 'error'; stage: 'load' | 'tokenize'; message: string };

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
 * never builds a queue and the panel always ends on what the reader typed last
 * (src/lib/worker/latest.ts).
 */
export function createTokenizerClient(
  createWorker: () => WorkerLike<TokenizerRequest, TokenizerResponse>,
  modelsUrl: string,
  onState: (state: TokenizerState) => void,
): TokenizerClient {
  const { ask, retry, dispose } = createLatestOnly({
    createWorker,
    load: { type: 'load', modelsUrl },
    request: (text: string) => ({ type: 'tokenize' as const, text }),
    crashMessage: 'The tokenizer worker stopped unexpectedly.',
    onState: (state) =>
      onState(
        state.phase === 'ready'
          ? { phase: 'ready', result: state.latest?.result ?? null, busy: state.busy, loadMs: state.loadMs }
          : state,
      ),
  });
  return { tokenize: ask, retry, dispose };
}
