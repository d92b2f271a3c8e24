/**
 * Which ids the two chapters feed the model: the chat-template chapter's
 * conversation, rendered by the tokenizer's own template, or, until the
 * reader has changed it, the seed's 20 ids (known here, so the chapters need
 * no tokenizer to start).
 */
import type { ChatTemplateState } from '../chat/client';
import { sameMessages, SEED_CONVERSATION, type Conversation } from '../chat/conversation';

/** `<s>[INST] Can you write an email explaining what an LLM is? [/INST]`, as the seed notebook's template gave it. */
export const SEED_PROMPT_IDS: readonly number[] = Object.freeze([
  1, 733, 16289, 28793, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804, 733, 28748,
  16289, 28793,
]);

/** The token the seed notebook's Mistral-7B picked first after that prompt: `Dear`. */
export const SEED_FIRST_TOKEN = { id: 22143, text: 'Dear' } as const;

export type PromptIds =
  | { status: 'ready'; ids: readonly number[]; source: 'seed' | 'conversation' }
  | { status: 'waiting'; message: string }
  | { status: 'problem'; message: string };

/** Whether the conversation is the seed's, whose ids need no template run. */
export const isSeedConversation = (conversation: Conversation) =>
  sameMessages(conversation, SEED_CONVERSATION);

/**
 * The prompt for `conversation`, given the chat-template client's state (null
 * when no client runs, which is fine for the seed). A rendering of an older
 * conversation never counts: the ids must be the reader's latest. The seed's
 * ids are known only in chapter 1's vocabulary (`knowsSeed`); any other
 * tokenizer renders even the seed conversation with its own template.
 */
export function promptFrom(
  conversation: Conversation,
  state: ChatTemplateState | null,
  knowsSeed = true,
): PromptIds {
  if (knowsSeed && isSeedConversation(conversation))
    return { status: 'ready', ids: SEED_PROMPT_IDS, source: 'seed' };
  if (conversation.length === 0)
    return {
      status: 'problem',
      message: 'The conversation in the chat template chapter is empty: add a user turn there.',
    };
  if (conversation.at(-1)!.role !== 'user')
    return {
      status: 'problem',
      message:
        'The conversation in the chat template chapter ends with the model’s own turn, so there is nothing to answer: end it with a user turn.',
    };
  if (!state || state.phase === 'loading')
    return { status: 'waiting', message: 'Rendering your conversation with the chat template…' };
  if (state.phase === 'error')
    return {
      status: 'problem',
      message:
        state.stage === 'load'
          ? `The tokenizer and chat template could not be loaded (${state.message}).`
          : `Your conversation could not be rendered (${state.message}).`,
    };
  const rendered = state.rendered;
  if (!rendered || rendered.conversation !== conversation)
    return { status: 'waiting', message: 'Rendering your conversation with the chat template…' };
  if (!rendered.result.ok)
    return {
      status: 'problem',
      message: `The chat template refuses your conversation: ${rendered.result.problem.message} Fix it in the chat template chapter.`,
    };
  return {
    status: 'ready',
    ids: rendered.result.ids,
    source: isSeedConversation(conversation) ? 'seed' : 'conversation',
  };
}
