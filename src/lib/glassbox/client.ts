/**
 * The page's side of the in-page model worker: an `Engine` per model whose
 * every call is a message, so the chapters' controller drives the worker
 * exactly as it would drive a model in-process (src/lib/llm/engine.ts).
 *
 * Framework-free and DOM-free: the worker is passed in, so unit tests run the
 * client against a stand-in that answers with a real glass box.
 */
import type { Engine, EngineInfo } from '../llm/engine';
import type { InPageModelId } from '../pocket/models';
import { createPort, type WorkerLike } from '../worker/port';
import type { GlassBoxRequest, GlassBoxResponse } from './protocol';

export type GlassBoxWorkerLike = WorkerLike<GlassBoxRequest, GlassBoxResponse>;

export interface OpenedModel {
  engine: Engine;
  info: EngineInfo;
  /** Milliseconds the worker took to download or draw the weights (0 when they were already there). */
  loadMs: number;
}

export interface RemoteGlassBox {
  /** Loads a model's weights in the worker (once; a failure is forgotten so the next call retries). */
  open(
    model: InPageModelId,
    onProgress?: (loaded: number, total: number | null) => void,
  ): Promise<OpenedModel>;
  /** Stops the worker; calls still waiting reject. */
  dispose(): void;
  /** True once the worker has stopped (it crashed, its script did not load, or it was disposed): start another. */
  readonly stopped: boolean;
}

/**
 * Starts the worker and returns a way to open each model; the pocket model's
 * weights come from `modelsUrl`. Throws what `createWorker` throws.
 */
export function connectGlassBox(createWorker: () => GlassBoxWorkerLike, modelsUrl: string): RemoteGlassBox {
  const progress = new Map<InPageModelId, (loaded: number, total: number | null) => void>();
  const opened = new Map<InPageModelId, Promise<OpenedModel>>();
  let stopped = false;
  const port = createPort<GlassBoxRequest, GlassBoxResponse>(createWorker(), {
    requestIdOf: (message) => ('requestId' in message ? message.requestId : undefined),
    errorOf: (message) => (message.type === 'error' ? message.message : null),
    crashMessage: 'The in-page model’s worker stopped unexpectedly.',
    onStop: () => void (stopped = true),
    onOther(message) {
      if (message.type === 'progress') progress.get(message.model)?.(message.loaded, message.total);
    },
  });

  const logitsOf = async (response: Promise<GlassBoxResponse>) => {
    const message = await response;
    if (message.type !== 'logits')
      throw new Error(`The in-page model answered “${message.type}” instead of scores.`);
    return message.logits;
  };

  return {
    open(model, onProgress) {
      if (onProgress) progress.set(model, onProgress);
      let open = opened.get(model);
      if (!open) {
        open = port.request({ type: 'open', model, modelsUrl }).then((message) => {
          if (message.type !== 'opened')
            throw new Error(`The in-page model answered “${message.type}” instead of opening.`);
          const engine: Engine = {
            ...message.info,
            reset: async () => void (await port.request({ type: 'reset', model })),
            prefill: (ids) => logitsOf(port.request({ type: 'prefill', model, ids: [...ids] })),
            step: (id) => logitsOf(port.request({ type: 'step', model, id })),
          };
          return { engine, info: message.info, loadMs: message.loadMs };
        });
        opened.set(model, open);
        open.catch(() => opened.delete(model));
      }
      return open;
    },
    dispose: () => port.close('The in-page model was stopped.'),
    get stopped() {
      return stopped;
    },
  };
}
