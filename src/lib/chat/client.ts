import { createLatestOnly } from '../worker/latest';
import type { WorkerLike } from '../worker/port';
import type { Conversation } from './conversation';
import type { ChatTemplateAnswer, ChatTemplateRequest, ChatTemplateResponse, EncodedText } from './protocol';
import type { RenderResult } from './render';
import type { TokenizerSource, VocabularyFacts } from '../tokenizer/vocabulary';

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
  /**
   * The vocabulary (every entry by id, stop ids, sizes), from the tokenizer
   * this worker loaded for the template: asked once (again only after a
   * failure), and the reason the generation panels need no tokenizer of their own.
   */
  vocabulary(): Promise<VocabularyFacts>;
  /** A plain text's ids in this tokenizer, start token included (the surprisal panel's input). */
  encode(text: string): Promise<EncodedText>;
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
  source: TokenizerSource,
  onState: (state: ChatTemplateState) => void,
): ChatTemplateClient {
  const { ask, request, retry, dispose } = createLatestOnly<
    Conversation,
    RenderResult,
    'load' | 'render',
    ChatTemplateRequest,
    ChatTemplateAnswer
  >({
    createWorker,
    load: { type: 'load', source },
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
  let vocabulary: Promise<VocabularyFacts> | null = null;
  return {
    render: ask,
    vocabulary() {
      if (!vocabulary) {
        const asked = request({ type: 'vocabulary' }).then((answer) => {
          if (!('vocabulary' in answer))
            throw new Error('The chat-template worker did not send its vocabulary.');
          return answer.vocabulary;
        });
        vocabulary = asked;
        // A failure is forgotten, so the next call asks again (on a new worker).
        asked.catch(() => {
          if (vocabulary === asked) vocabulary = null;
        });
      }
      return vocabulary;
    },
    async encode(text) {
      const answer = await request({ type: 'encode', text });
      if (!('encoded' in answer)) throw new Error('The chat-template worker did not send the text’s ids.');
      return answer.encoded;
    },
    retry,
    dispose,
  };
}
