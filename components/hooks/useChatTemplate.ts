import { useEffect, useRef, useState } from 'preact/hooks';
import {
  createChatTemplateClient,
  type ChatTemplateClient,
  type ChatTemplateState,
} from '../../src/lib/chat/client';
import type { Conversation } from '../../src/lib/chat/conversation';
import { modelsUrl } from '../page/site-urls';
import { createChatTemplateWorker } from '../page/workers';

/**
 * Connects the panel to a chat-template worker of its own, created on mount
 * (for a `client:visible` island: when the panel scrolls into view), and
 * renders `conversation` whenever it changes; `null` renders nothing (the
 * panel has said why).
 */
export function useChatTemplate(conversation: Conversation | null) {
  const [state, setState] = useState<ChatTemplateState>({ phase: 'loading' });
  const client = useRef<ChatTemplateClient | null>(null);

  useEffect(() => {
    const created = createChatTemplateClient(createChatTemplateWorker, modelsUrl(), setState);
    client.current = created;
    return () => created.dispose();
  }, []);

  useEffect(() => {
    if (conversation) client.current?.render(conversation);
  }, [conversation]);

  return { state, retry: () => client.current?.retry() };
}
