/**
 * The page's side of the glass-box worker: an `Engine` whose every call is a
 * message, so the chapters' controller drives the worker exactly as it would
 * drive the model in-process (src/lib/llm/engine.ts). The worker also sends
 * the tokenizer's vocabulary once, so the page can show each candidate's
 * piece and stream the reply's text without loading transformers.js itself.
 *
 * Framework-free and DOM-free: the worker is passed in, so unit tests run the
 * client against a stand-in that answers with a real glass box.
 */
import type { Engine, EngineInfo } from '../llm/engine';
import type { GlassBoxRequest, GlassBoxResponse } from './protocol';

/** The part of a Worker the client uses; tests pass a stand-in. */
export interface GlassBoxWorkerLike {
  postMessage(message: GlassBoxRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<GlassBoxResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

export interface RemoteGlassBox {
  engine: Engine;
  pieces: string[];
  loadMs: number;
  /** Stops the worker; calls still waiting reject. */
  dispose(): void;
}

/** A request without its id (distributed over the union, so each kind keeps its own fields). */
type Call =
  Extract<GlassBoxRequest, { requestId: number }> extends infer R
    ? R extends { requestId: number }
      ? Omit<R, 'requestId'>
      : never
    : never;

type Pending = { resolve: (response: GlassBoxResponse) => void; reject: (error: Error) => void };

/** Starts the worker, waits for its model and vocabulary, and returns an engine that talks to it. */
export function connectGlassBox(
  createWorker: () => GlassBoxWorkerLike,
  modelsUrl: string,
): Promise<RemoteGlassBox> {
  return new Promise((resolveReady, rejectReady) => {
    let worker: GlassBoxWorkerLike;
    try {
      worker = createWorker();
    } catch (error) {
      rejectReady(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const pending = new Map<number, Pending>();
    let nextId = 1;
    let info: EngineInfo | null = null;
    let stopped: string | null = null;

    const failAll = (message: string) => {
      stopped = message;
      for (const { reject } of pending.values()) reject(new Error(message));
      pending.clear();
      if (!info) rejectReady(new Error(message));
    };

    const call = (request: Call) =>
      new Promise<GlassBoxResponse>((resolve, reject) => {
        if (stopped) return reject(new Error(stopped));
        const requestId = nextId++;
        pending.set(requestId, { resolve, reject });
        worker.postMessage({ ...request, requestId } as GlassBoxRequest);
      });
    const logitsOf = async (request: Call) => {
      const response = await call(request);
      if (response.type !== 'logits')
        throw new Error(`The glass box answered “${response.type}” instead of scores.`);
      return response.logits;
    };

    worker.addEventListener('message', (event: MessageEvent<GlassBoxResponse>) => {
      const message = event.data;
      if (message.type === 'ready') {
        info = message.info;
        const engineInfo = info;
        const engine: Engine = {
          ...engineInfo,
          reset: async () => void (await call({ type: 'reset' })),
          prefill: (ids) => logitsOf({ type: 'prefill', ids: [...ids] }),
          step: (id) => logitsOf({ type: 'step', id }),
        };
        resolveReady({
          engine,
          pieces: message.pieces,
          loadMs: message.loadMs,
          dispose: () => {
            worker.terminate();
            failAll('The glass box was stopped.');
          },
        });
        return;
      }
      if (message.type === 'error' && message.requestId === undefined) return failAll(message.message);
      const waiting = pending.get(message.requestId!);
      if (!waiting) return;
      pending.delete(message.requestId!);
      if (message.type === 'error') waiting.reject(new Error(message.message));
      else waiting.resolve(message);
    });
    worker.addEventListener('error', (event: ErrorEvent | Event) => {
      failAll(
        'message' in event && event.message ? event.message : 'The glass-box worker stopped unexpectedly.',
      );
    });
    worker.postMessage({ type: 'load', modelsUrl });
  });
}
