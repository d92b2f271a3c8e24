import { createLatestOnly } from '../worker/latest';
import type { WorkerLike } from '../worker/port';
import type { Conversation } from './conversation';
import type { ChatTemplateRequest, ChatTemplateResponse } from './protocol';
import type { RenderResult } from './render';

export type ChatTemplateState =
  | { phase: 'loading' }
  | {
      phase: 'ready';
      /** The newest result, and the conversation it is for (which may be a few keystrokes old). */
      rendered: { conversation: Conversation; result: RenderResult } | null;
      busy: boolean;
      loadMs: number;
    }
  | { phase: 'error'; stage: 'load' | 'render'; message: string };

export interface ChatTemplateClient {
  /** Asks for the template of `conversation`; only the newest conversation is ever worked on. */
  render(conversation: Conversation): void;
  /** Starts over after a failure: a new worker, a new load, the last conversation again. */
  retry(): void;
  dispose(): void;
}

/**
 * Talks to the chat-template worker for one panel, the way the tokenizer
 * client does for text: at most one request in flight; a newer conversation
 * replaces any waiting one, so typing never builds a queue and the panel
 * always ends on the reader's latest edit (src/lib/worker/latest.ts).
 */
export function createChatTemplateClient(
  createWorker: () => WorkerLike<ChatTemplateRequest, ChatTemplateResponse>,
  modelsUrl: string,
  onState: (state: ChatTemplateState) => void,
): ChatTemplateClient {
  const { ask, retry, dispose } = createLatestOnly({
    createWorker,
    load: { type: 'load', modelsUrl },
    request: (conversation: Conversation) => ({ type: 'render' as const, conversation }),
    crashMessage: 'The chat-template worker stopped unexpectedly.',
    onState: (state) =>
      onState(
        state.phase === 'ready'
          ? {
              phase: 'ready',
              rendered: state.latest && { conversation: state.latest.input, result: state.latest.result },
              busy: state.busy,
              loadMs: state.loadMs,
            }
          : state,
      ),
  });
  return { render: ask, retry, dispose };
}
