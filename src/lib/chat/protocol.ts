import type { Conversation } from './conversation';
import type { RenderResult } from './render';

/** Messages the page sends to the chat-template worker. */
export type ChatTemplateRequest =
  { type: 'load'; modelsUrl: string } | { type: 'render'; requestId: number; conversation: Conversation };

/** Messages the chat-template worker sends back. */
export type ChatTemplateResponse =
  | { type: 'ready'; loadMs: number }
  | { type: 'result'; requestId: number; result: RenderResult }
  | { type: 'error'; stage: 'load' | 'render'; message: string; requestId?: number };
