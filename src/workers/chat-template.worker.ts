/// <reference lib="webworker" />
/**
 * Renders the chat template off the main thread: transformers.js, the
 * tokenizer files and the template engine load here, never with the page.
 * Thin on purpose: the logic lives in src/lib/chat, where unit tests reach it.
 */
import { createChatRenderer, type ChatRenderer } from '../lib/chat/render';
import type { ChatTemplateRequest, ChatTemplateResponse } from '../lib/chat/protocol';
import { loadTokenizer } from '../lib/tokenizer/load';

declare const self: DedicatedWorkerGlobalScope;

let ready: Promise<ChatRenderer> | null = null;
const reply = (message: ChatTemplateResponse) => self.postMessage(message);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

self.addEventListener('message', async (event: MessageEvent<ChatTemplateRequest>) => {
  const request = event.data;
  if (request.type === 'load') {
    const started = performance.now();
    ready = loadTokenizer(request.modelsUrl).then(createChatRenderer);
    try {
      await ready;
      reply({ type: 'ready', loadMs: performance.now() - started });
    } catch (error) {
      ready = null;
      reply({ type: 'error', stage: 'load', message: describe(error) });
    }
    return;
  }
  if (!ready) {
    reply({
      type: 'error',
      stage: 'render',
      requestId: request.requestId,
      message: 'The tokenizer is not loaded.',
    });
    return;
  }
  try {
    reply({
      type: 'result',
      requestId: request.requestId,
      result: (await ready).render(request.conversation),
    });
  } catch (error) {
    reply({ type: 'error', stage: 'render', requestId: request.requestId, message: describe(error) });
  }
});
