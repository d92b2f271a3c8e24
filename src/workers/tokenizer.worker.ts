/// <reference lib="webworker" />
/**
 * Runs the tokenizer off the main thread, so that typing never waits for it.
 * Thin on purpose: the logic lives in src/lib/tokenizer, where unit tests reach it.
 */
import { loadTokenizer } from '../lib/tokenizer/load';
import { createTextTokenizer, type TextTokenizer } from '../lib/tokenizer/tokenize';
import type { TokenizerRequest, TokenizerResponse } from '../lib/tokenizer/protocol';

declare const self: DedicatedWorkerGlobalScope;

let ready: Promise<TextTokenizer> | null = null;
const reply = (message: TokenizerResponse) => self.postMessage(message);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

self.addEventListener('message', async (event: MessageEvent<TokenizerRequest>) => {
  const request = event.data;
  if (request.type === 'load') {
    const started = performance.now();
    ready = loadTokenizer(request.modelsUrl).then(createTextTokenizer);
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
      stage: 'tokenize',
      requestId: request.requestId,
      message: 'The tokenizer is not loaded.',
    });
    return;
  }
  try {
    const result = (await ready).tokenize(request.text);
    reply({ type: 'result', requestId: request.requestId, result });
  } catch (error) {
    reply({ type: 'error', stage: 'tokenize', requestId: request.requestId, message: describe(error) });
  }
});
