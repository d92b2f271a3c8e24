/**
 * A stand-in for src/workers/webllm.worker.ts, in-process: on `load` it
 * registers a logit tap for the model before the (stand-in) model "loads",
 * as the real worker does, then answers each generation request with the
 * real `answerForward`. The page's engine client talks to it through the
 * worker protocol, so what crosses the boundary is what crosses it in a browser.
 */
import { createEngineClient, type EngineClient, type EngineState } from '../../src/lib/llm/client';
import { MODELS, type ModelKey } from '../../src/lib/llm/models';
import type { EngineRequest, EngineResponse } from '../../src/lib/llm/protocol';
import {
  answerForward,
  createLogitTap,
  type ForwardSession,
  type ForwardingEngine,
  type LogitProcessorLike,
} from '../../src/lib/llm/webllm-adapter';
import type { WorkerLike } from '../../src/lib/worker/port';

/** What the stand-in needs of a WebLLM engine: its registry and reload, and the forwarding calls. */
export type StandInBackend = ForwardingEngine & {
  setLogitProcessorRegistry(map: Map<string, LogitProcessorLike>): void;
  reload(modelId: string): void;
};

export function standInWorker(backend: StandInBackend): WorkerLike<EngineRequest, EngineResponse> {
  let session: ForwardSession | null = null;
  const listeners: ((event: MessageEvent<EngineResponse>) => void)[] = [];
  const send = (data: EngineResponse) =>
    queueMicrotask(() => listeners.forEach((listener) => listener({ data } as MessageEvent<EngineResponse>)));
  return {
    addEventListener(type: 'message' | 'error', listener: never) {
      if (type === 'message') listeners.push(listener);
    },
    terminate() {},
    async postMessage(request: EngineRequest) {
      const { requestId } = request;
      if (request.type === 'load') {
        const tap = createLogitTap();
        backend.setLogitProcessorRegistry(new Map([[request.record.modelId, tap.processor]]));
        backend.reload(request.record.modelId);
        session = { modelId: request.record.modelId, tap, adapter: null };
        return send({ type: 'ready', requestId, modelId: request.record.modelId, loadMs: 1 });
      }
      if (!request.type.startsWith('forward-')) return;
      try {
        const forward = request as Extract<EngineRequest, { type: `forward-${string}` }>;
        send({ ...(await answerForward(backend, session, forward)), requestId });
      } catch (error) {
        const message = (error as Error).message;
        send({ type: 'error', requestId, stage: 'generate', error: { name: 'Error', message } });
      }
    },
  };
}

/** The page's engine client on a stand-in worker, not loaded yet. */
export function standInClient(backend: StandInBackend): {
  client: EngineClient;
  /** Loads `key` and resolves once the client says it is ready. */
  load(key: ModelKey): Promise<void>;
} {
  let ready = () => {};
  const client = createEngineClient({
    createWorker: () => standInWorker(backend),
    onState: (state: EngineState) => state.phase === 'ready' && ready(),
  });
  return {
    client,
    load(key) {
      const loaded = new Promise<void>((resolve) => (ready = resolve));
      client.load(key, MODELS[key].record);
      return loaded;
    },
  };
}
