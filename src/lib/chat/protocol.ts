import type { Conversation } from './conversation';
import type { RenderResult } from './render';

/**
 * Messages the page sends to the chat-template worker. Besides rendering,
 * it hands out the loaded tokenizer's vocabulary: the generation panels need
 * both, and one worker means the page loads the tokenizer once.
 */
export type ChatTemplateRequest =
  | { type: 'load'; modelsUrl: string }
  | { type: 'render'; requestId: number; conversation: Conversation }
  /** Every vocabulary entry by id (for the candidate tables and the stream decoder). */
  | { type: 'vocabulary'; requestId: number };

/** What the chat-template worker answers to a one-off request (see `LatestOnly.request`). */
export type ChatTemplateAnswer = { vocabulary: string[] };

/** Messages the chat-template worker sends back. */
export type ChatTemplateResponse =
  | { type: 'ready'; loadMs: number }
  | { type: 'result'; requestId: number; result: RenderResult }
  | { type: 'answer'; requestId: number; answer: ChatTemplateAnswer }
  | { type: 'error'; stage: 'load' | 'render'; message: string; requestId?: number };
