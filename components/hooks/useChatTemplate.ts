import { useEffect, useRef, useState } from 'preact/hooks';
import {
  createChatTemplateClient,
  type ChatTemplateClient,
  type ChatTemplateState,
} from '../../src/lib/chat/client';
import type { Conversation } from '../../src/lib/chat/conversation';
import type { TokenizerSource } from '../../src/lib/tokenizer/vocabulary';
import { modelsUrl } from '../page/site-urls';
import { createChatTemplateWorker } from '../page/workers';

/**
 * Connects the panel to a chat-template worker of its own, created on mount
 * (for a `client:visible` island: when the panel scrolls into view), and
 * renders `conversation` whenever it changes; `null` renders nothing (the
 * panel has said why). `source`: whose tokenizer and template (chapter 1's
 * Mistral unless given; fixed for the hook's life).
 */
export function useChatTemplate(conversation: Conversation | null, source?: TokenizerSource) {
  const [state, setState] = useState<ChatTemplateState>({ phase: 'loading' });
  const client = useRef<ChatTemplateClient | null>(null);

  useEffect(() => {
    const created = createChatTemplateClient(
      createChatTemplateWorker,
      source ?? { kind: 'site', modelsUrl: modelsUrl() },
      setState,
    );
    client.current = created;
    return () => created.dispose();
    // The source is fixed for the hook's life (a panel shows another model's template in another component).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (conversation) client.current?.render(conversation);
  }, [conversation]);

  return { state, retry: () => client.current?.retry() };
}
