import type { TokenizeResult } from './tokenize';

/** Messages the page sends to the tokenizer worker. */
export type TokenizerRequest =
  { type: 'load'; modelsUrl: string } | { type: 'tokenize'; requestId: number; text: string };

/** Messages the tokenizer worker sends back. */
export type TokenizerResponse =
  | { type: 'ready'; loadMs: number }
  | { type: 'result'; requestId: number; result: TokenizeResult }
  | { type: 'error'; stage: 'load' | 'tokenize'; message: string; requestId?: number };
