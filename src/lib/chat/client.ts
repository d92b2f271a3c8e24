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

/** The part of a Worker the client uses; tests pass a stand-in. */
export interface ChatWorkerLike {
  postMessage(message: ChatTemplateRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ChatTemplateResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

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
 * always ends on the reader's latest edit.
 */
export function createChatTemplateClient(
  createWorker: () => ChatWorkerLike,
  modelsUrl: string,
  onState: (state: ChatTemplateState) => void,
): ChatTemplateClient {
  let worker: ChatWorkerLike | null = null;
  let loadMs = 0;
  let ready = false;
  let nextId = 1;
  let inFlight: { id: number; conversation: Conversation } | null = null;
  let waiting: Conversation | null = null;
  let last: Conversation | null = null;
  let rendered: { conversation: Conversation; result: RenderResult } | null = null;

  const report = (busy: boolean) => onState({ phase: 'ready', rendered, busy, loadMs });

  const pump = () => {
    if (!ready || inFlight !== null || waiting === null) return;
    inFlight = { id: nextId++, conversation: waiting };
    waiting = null;
    worker!.postMessage({ type: 'render', requestId: inFlight.id, conversation: inFlight.conversation });
    report(true);
  };

  const fail = (stage: 'load' | 'render', message: string) => {
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
    worker.addEventListener('message', (event: MessageEvent<ChatTemplateResponse>) => {
      const message = event.data;
      if (message.type === 'ready') {
        ready = true;
        loadMs = message.loadMs;
        report(false);
        pump();
      } else if (message.type === 'result') {
        if (message.requestId !== inFlight?.id) return;
        rendered = { conversation: inFlight.conversation, result: message.result };
        inFlight = null;
        if (waiting === null) report(false);
        pump();
      } else {
        fail(message.stage, message.message);
      }
    });
    worker.addEventListener('error', (event: ErrorEvent | Event) => {
      fail(
        'load',
        'message' in event && event.message
          ? event.message
          : 'The chat-template worker stopped unexpectedly.',
      );
    });
    worker.postMessage({ type: 'load', modelsUrl });
  };

  start();
  return {
    render(conversation) {
      last = conversation;
      waiting = conversation;
      pump();
    },
    retry() {
      worker?.terminate();
      waiting = last;
      start();
    },
    dispose() {
      worker?.terminate();
      worker = null;
    },
  };
}
