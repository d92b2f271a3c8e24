/// <reference lib="webworker" />
/**
 * Runs the glass box (a tiny, untrained, Mistral-shaped model) off the main
 * thread, behind src/lib/glassbox/protocol.ts, so the page stays responsive
 * while it prefills. It also loads Mistral's tokenizer once and sends its
 * vocabulary, which the page needs to show pieces and stream the reply.
 * Thin on purpose: the model is src/lib/glassbox, the loop src/lib/generation.
 */
import { createGlassBoxEngine, type GlassBoxEngine } from '../lib/glassbox/engine';
import type { GlassBoxRequest, GlassBoxResponse } from '../lib/glassbox/protocol';
import { engineInfo } from '../lib/llm/engine';
import { loadTokenizer } from '../lib/tokenizer/load';
import { vocabularyPieces } from '../lib/tokenizer/stream-decode';

declare const self: DedicatedWorkerGlobalScope;

let engine: GlassBoxEngine | null = null;
const reply = (message: GlassBoxResponse, transfer: Transferable[] = []) =>
  self.postMessage(message, transfer);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

self.addEventListener('message', async (event: MessageEvent<GlassBoxRequest>) => {
  const request = event.data;
  if (request.type === 'load') {
    const started = performance.now();
    try {
      const tokenizer = await loadTokenizer(request.modelsUrl);
      engine = createGlassBoxEngine({ seed: 0 });
      reply({
        type: 'ready',
        info: engineInfo(engine),
        pieces: vocabularyPieces(tokenizer),
        loadMs: performance.now() - started,
      });
    } catch (error) {
      reply({ type: 'error', stage: 'load', message: describe(error) });
    }
    return;
  }
  const { requestId } = request;
  if (!engine)
    return reply({ type: 'error', stage: 'run', requestId, message: 'The glass box is not loaded.' });
  try {
    const started = performance.now();
    if (request.type === 'reset') {
      await engine.reset();
      return reply({ type: 'done', requestId });
    }
    const logits =
      request.type === 'prefill' ? await engine.prefill(request.ids) : await engine.step(request.id);
    reply({ type: 'logits', requestId, logits, ms: performance.now() - started }, [logits.buffer]);
  } catch (error) {
    reply({ type: 'error', stage: 'run', requestId, message: describe(error) });
  }
});
