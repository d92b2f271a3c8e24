import { useStore } from '@nanostores/preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  createChatTemplateClient,
  type ChatTemplateClient,
  type ChatTemplateState,
} from '../../src/lib/chat/client';
import { $conversation, connectConversationToPage } from '../../src/lib/chat/store';
import { isSeedConversation, promptFrom, type PromptIds } from '../../src/lib/generation/prompt';
import { modelsUrl } from './site-urls';

/**
 * The prompt ids for the chat template chapter's conversation. The seed's are
 * known without a tokenizer; any other conversation is rendered by the same
 * chat-template worker that chapter uses, started only when it is needed.
 */
export function usePromptIds(): PromptIds {
  const conversation = useStore($conversation);
  const [state, setState] = useState<ChatTemplateState | null>(null);
  const client = useRef<ChatTemplateClient | null>(null);
  useEffect(() => connectConversationToPage(window), []);
  useEffect(() => () => client.current?.dispose(), []);

  const needsTemplate = !isSeedConversation(conversation) && conversation.at(-1)?.role === 'user';
  useEffect(() => {
    if (!needsTemplate) return;
    client.current ??= createChatTemplateClient(
      () =>
        new Worker(new URL('../../src/workers/chat-template.worker.ts', import.meta.url), { type: 'module' }),
      modelsUrl(),
      setState,
    );
    client.current.render(conversation);
  }, [conversation, needsTemplate]);

  // One object per conversation and template state: panels' effects depend on it.
  return useMemo(() => promptFrom(conversation, state), [conversation, state]);
}
