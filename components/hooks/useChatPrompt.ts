import { useStore } from '@nanostores/preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  createChatTemplateClient,
  type ChatTemplateClient,
  type ChatTemplateState,
} from '../../src/lib/chat/client';
import { $conversation, connectConversationToPage } from '../../src/lib/chat/store';
import { isSeedConversation, promptFrom, type PromptIds } from '../../src/lib/generation/prompt';
import {
  SITE_VOCABULARY_KEY,
  type VocabularyFacts,
  type VocabularyRef,
} from '../../src/lib/tokenizer/vocabulary';
import { createChatTemplateWorker } from '../page/workers';

/**
 * What a generation panel takes from the engine's tokenizer: the prompt ids
 * for the chat template chapter's conversation, and the vocabulary (the
 * pieces on screen, the stream decoder, the stop ids). Both come from one
 * chat-template worker per vocabulary, so the page loads each tokenizer once:
 * chapter 1's Mistral for the in-page models, a WebLLM model's own files for
 * it. A worker starts on the first real need: a conversation whose ids are
 * not known without a tokenizer (anything but the seed in chapter 1's
 * vocabulary), or the panel's first step asking for the vocabulary.
 * Switching vocabularies keeps each worker, so switching back is instant.
 */
export function useChatPrompt(vocabulary: VocabularyRef): {
  prompt: PromptIds;
  vocabulary: () => Promise<VocabularyFacts>;
  /** Loads the tokenizer again after a failed load (a new worker). */
  retry: () => void;
} {
  const conversation = useStore($conversation);
  const [states, setStates] = useState<ReadonlyMap<string, ChatTemplateState>>(new Map());
  const clients = useRef(new Map<string, ChatTemplateClient>());
  useEffect(() => connectConversationToPage(window), []);
  useEffect(
    () => () => {
      for (const client of clients.current.values()) client.dispose();
    },
    [],
  );
  const { key, source } = vocabulary;
  const connect = useCallback(() => {
    let client = clients.current.get(key);
    if (!client) {
      client = createChatTemplateClient(createChatTemplateWorker, source, (state) =>
        setStates((previous) => new Map(previous).set(key, state)),
      );
      clients.current.set(key, client);
    }
    return client;
    // The source is fixed for a key (a key names one vocabulary's files).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const knowsSeed = key === SITE_VOCABULARY_KEY;
  const needsTemplate =
    (!knowsSeed || !isSeedConversation(conversation)) && conversation.at(-1)?.role === 'user';
  useEffect(() => {
    if (needsTemplate) connect().render(conversation);
  }, [connect, conversation, needsTemplate]);

  const facts = useCallback(() => connect().vocabulary(), [connect]);
  const state = states.get(key) ?? null;
  // One object per conversation, vocabulary and template state: panels' effects depend on it.
  const prompt = useMemo(() => promptFrom(conversation, state, knowsSeed), [conversation, state, knowsSeed]);
  const retry = useCallback(() => clients.current.get(key)?.retry(), [key]);
  return { prompt, vocabulary: facts, retry };
}
