import { useStore } from '@nanostores/preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  createChatTemplateClient,
  type ChatTemplateClient,
  type ChatTemplateState,
} from '../../src/lib/chat/client';
import { $conversation, connectConversationToPage } from '../../src/lib/chat/store';
import { isSeedConversation, promptFrom, type PromptIds } from '../../src/lib/generation/prompt';
import { modelsUrl } from '../page/site-urls';
import { createChatTemplateWorker } from '../page/workers';

/**
 * What a generation panel takes from Mistral's tokenizer: the prompt ids for
 * the chat template chapter's conversation, and the vocabulary (the pieces
 * on screen and the stream decoder). Both come from one chat-template worker,
 * so the page loads the tokenizer once. It starts on the first real need: a
 * conversation other than the seed (whose ids are known without a tokenizer),
 * or the panel's first step asking for the vocabulary.
 */
export function useChatPrompt(): { prompt: PromptIds; vocabulary: () => Promise<string[]> } {
  const conversation = useStore($conversation);
  const [state, setState] = useState<ChatTemplateState | null>(null);
  const client = useRef<ChatTemplateClient | null>(null);
  useEffect(() => connectConversationToPage(window), []);
  useEffect(() => () => client.current?.dispose(), []);
  const connect = useCallback(
    () => (client.current ??= createChatTemplateClient(createChatTemplateWorker, modelsUrl(), setState)),
    [],
  );

  const needsTemplate = !isSeedConversation(conversation) && conversation.at(-1)?.role === 'user';
  useEffect(() => {
    if (needsTemplate) connect().render(conversation);
  }, [connect, conversation, needsTemplate]);

  // Stable: the generation hook keeps it for the panel's life.
  const vocabulary = useCallback(() => connect().vocabulary(), [connect]);
  // One object per conversation and template state: panels' effects depend on it.
  const prompt = useMemo(() => promptFrom(conversation, state), [conversation, state]);
  return { prompt, vocabulary };
}
