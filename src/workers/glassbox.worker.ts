/// <reference lib="webworker" />
/**
 * Runs the in-page models (the pocket model and its untrained twin) off the
 * main thread, behind src/lib/glassbox/protocol.ts, so the page stays
 * responsive while they prefill. No tokenizer here: the page takes the
 * vocabulary from the chat-template worker, which has the tokenizer loaded
 * anyway. Thin on purpose: the model is src/lib/glassbox, the weights
 * src/lib/pocket, the loop src/lib/generation.
 */
import { createGlassBoxEngine, type GlassBoxEngine } from '../lib/glassbox/engine';
import type { GlassBoxRequest, GlassBoxResponse } from '../lib/glassbox/protocol';
import { engineInfo } from '../lib/llm/engine';
import { loadPocketWeights } from '../lib/pocket/load';
import { POCKET_WEIGHTS_FILE, type InPageModelId } from '../lib/pocket/models';

declare const self: DedicatedWorkerGlobalScope;

const engines = new Map<InPageModelId, Promise<GlassBoxEngine>>();
const reply = (message: GlassBoxResponse, transfer: Transferable[] = []) =>
  self.postMessage(message, transfer);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The engine of `model`, created once (the pocket model's weights downloaded from `modelsUrl`). */
function open(model: InPageModelId, modelsUrl: string): Promise<GlassBoxEngine> {
  let engine = engines.get(model);
  if (!engine) {
    engine =
      model === 'pocket'
        ? loadPocketWeights(`${modelsUrl}${POCKET_WEIGHTS_FILE}`, ({ loaded, total }) =>
            reply({ type: 'progress', model, loaded, total }),
          ).then((weights) => createGlassBoxEngine({ weights, identity: 'pocket' }))
        : Promise.resolve().then(() => createGlassBoxEngine({ seed: 0, identity: 'untrained' }));
    engines.set(model, engine);
    engine.catch(() => engines.delete(model));
  }
  return engine;
}

self.addEventListener('message', async (event: MessageEvent<GlassBoxRequest>) => {
  const request = event.data;
  const { requestId } = request;
  const started = performance.now();
  if (request.type === 'open') {
    try {
      const engine = await open(request.model, request.modelsUrl);
      reply({ type: 'opened', requestId, info: engineInfo(engine), loadMs: performance.now() - started });
    } catch (error) {
      reply({ type: 'error', stage: 'open', requestId, message: describe(error) });
    }
    return;
  }
  try {
    const engine = await engines.get(request.model);
    if (!engine) throw new Error(`Open the ${request.model} model before running it.`);
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
