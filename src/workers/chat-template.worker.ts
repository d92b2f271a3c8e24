/// <reference lib="webworker" />
/**
 * Renders the chat template off the main thread: transformers.js, the
 * tokenizer files and the template engine load here, never with the page.
 * It also hands out the tokenizer's vocabulary, so the generation panels,
 * which need both, load the tokenizer once, here.
 * Thin on purpose: the logic lives in src/lib/chat, where unit tests reach it.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { createChatRenderer, type ChatRenderer } from '../lib/chat/render';
import type { ChatTemplateRequest, ChatTemplateResponse } from '../lib/chat/protocol';
import { loadModelTokenizer, loadTokenizer } from '../lib/tokenizer/load';
import { encodeText } from '../lib/tokenizer/encode-text';
import { vocabularyFacts, type ChatConfig, type TokenizerSource } from '../lib/tokenizer/vocabulary';

declare const self: DedicatedWorkerGlobalScope;

let ready: Promise<{
  tokenizer: PreTrainedTokenizer;
  chatConfig: ChatConfig | null;
  renderer: ChatRenderer;
}> | null = null;
/** Whether the loaded tokenizer is the site's own (chapter 1's), which encodes through the chunked encoder. */
let siteTokenizer = false;

/** The site's tokenizer (chapter 1's files), or a WebLLM model's from its own folder. */
async function load(source: TokenizerSource) {
  const { tokenizer, chatConfig } =
    source.kind === 'site'
      ? { tokenizer: await loadTokenizer(source.modelsUrl), chatConfig: null }
      : await loadModelTokenizer(source.folderUrl);
  return { tokenizer, chatConfig: chatConfig as ChatConfig | null, renderer: createChatRenderer(tokenizer) };
}
const reply = (message: ChatTemplateResponse) => self.postMessage(message);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

self.addEventListener('message', async (event: MessageEvent<ChatTemplateRequest>) => {
  const request = event.data;
  if (request.type === 'load') {
    const started = performance.now();
    ready = load(request.source);
    siteTokenizer = request.source.kind === 'site';
    try {
      await ready;
      reply({ type: 'ready', loadMs: performance.now() - started });
    } catch (error) {
      ready = null;
      reply({ type: 'error', stage: 'load', message: describe(error) });
    }
    return;
  }
  // The vocabulary is part of what was loaded: failing to give it is a failed load.
  const stage = request.type === 'render' ? 'render' : 'load';
  const { requestId } = request;
  if (!ready) {
    reply({ type: 'error', stage, requestId, message: 'The tokenizer is not loaded.' });
    return;
  }
  try {
    const { tokenizer, chatConfig, renderer } = await ready;
    if (request.type === 'vocabulary')
      reply({ type: 'answer', requestId, answer: { vocabulary: vocabularyFacts(tokenizer, chatConfig) } });
    else if (request.type === 'encode')
      reply({
        type: 'answer',
        requestId,
        answer: { encoded: encodeText(tokenizer, request.text, siteTokenizer) },
      });
    else reply({ type: 'result', requestId, result: renderer.render(request.conversation) });
  } catch (error) {
    reply({ type: 'error', stage, requestId, message: describe(error) });
  }
});
