/**
 * The page's side of the WebLLM worker: one engine, started on the first
 * real need (a load or a cache action, never with the page), and a state
 * machine the panels render. Framework-free and DOM-free: the worker, the
 * clock and the timers are passed in, so unit tests drive it with fakes.
 */
import { engineInfo, type Engine, type EngineInfo } from './engine';
import type { ModelKey, WebLlmRecord } from './models';
import { ENGINE_CRASH } from './errors';
import { estimateSecondsLeft, parseProgress, type LoadProgress, type ProgressSample } from './progress';
import type { EngineRequest, EngineResponse, WireError } from './protocol';

export type EngineState =
  | { phase: 'idle' }
  | {
      phase: 'loading';
      model: ModelKey;
      /** `now()` when the reader clicked load, for the elapsed time. */
      startedAt: number;
      progress: LoadProgress | null;
      secondsLeft: number | null;
    }
  | { phase: 'cancelling'; model: ModelKey }
  | { phase: 'ready'; model: ModelKey; loadMs: number }
  | { phase: 'error'; model: ModelKey; error: WireError };

/** The part of a Worker the client uses; tests pass a stand-in. */
export interface EngineWorkerLike {
  postMessage(message: EngineRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<EngineResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

export interface EngineClientOptions {
  createWorker: () => EngineWorkerLike;
  onState: (state: EngineState) => void;
  now?: () => number;
  /** How long a cancel may take before the worker is stopped outright. */
  cancelTimeoutMs?: number;
}

export interface EngineClient {
  load(model: ModelKey, record: WebLlmRecord): void;
  /** Stops a load: politely (WebLLM aborts its downloads), then by stopping the worker if that hangs. */
  cancel(): void;
  /** Loads the model of the last failed or cancelled load again. */
  retry(): void;
  /** Frees the GPU memory of the loaded model. */
  unload(): Promise<void>;
  /** WebLLM's `hasModelInCache` for the record. */
  isCached(record: WebLlmRecord): Promise<boolean>;
  /**
   * WebLLM's `deleteModelAllInfoInCache`, then a sweep of anything it leaves (see the worker); rejects if
   * WebLLM's `hasModelInCache` still finds the model afterwards.
   */
  clearCache(record: WebLlmRecord): Promise<void>;
  /**
   * The loaded model as an `Engine` for the One token and The loop chapters (src/lib/llm/webllm-adapter.ts
   * runs in the worker); `info` says what the model is. Its calls reject while no model is ready.
   */
  forwardEngine(info: EngineInfo): Engine;
  dispose(): void;
}

type Pending = { resolve: (value: EngineResponse) => void; reject: (error: Error) => void };

export function createEngineClient({
  createWorker,
  onState,
  now = () => performance.now(),
  cancelTimeoutMs = 4000,
}: EngineClientOptions): EngineClient {
  let worker: EngineWorkerLike | null = null;
  let state: EngineState = { phase: 'idle' };
  let nextId = 1;
  let loadId: number | null = null;
  let last: { model: ModelKey; record: WebLlmRecord } | null = null;
  let samples: ProgressSample[] = [];
  let cancelTimer: ReturnType<typeof setTimeout> | null = null;
  const pending = new Map<number, Pending>();

  const set = (next: EngineState) => {
    state = next;
    onState(next);
  };

  const stopWorker = (reason: string) => {
    worker?.terminate();
    worker = null;
    loadId = null;
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
  };

  const settleCancel = () => {
    if (cancelTimer !== null) clearTimeout(cancelTimer);
    cancelTimer = null;
    loadId = null;
    set({ phase: 'idle' });
  };

  const onMessage = (message: EngineResponse) => {
    const waiter = pending.get(message.requestId);
    if (waiter) {
      pending.delete(message.requestId);
      waiter.resolve(message);
      return;
    }
    if (message.requestId !== loadId) return;
    if (message.type === 'progress' && state.phase === 'loading') {
      const progress = parseProgress(message.report);
      if (state.progress?.phase !== progress.phase) samples = [];
      samples.push({ atMs: now(), fraction: progress.fraction });
      set({ ...state, progress, secondsLeft: estimateSecondsLeft(samples) });
    } else if (message.type === 'ready' && state.phase === 'loading') {
      loadId = null;
      set({ phase: 'ready', model: state.model, loadMs: message.loadMs });
    } else if (message.type === 'cancelled') {
      settleCancel();
    } else if (message.type === 'error' && (state.phase === 'loading' || state.phase === 'cancelling')) {
      if (state.phase === 'cancelling') return settleCancel();
      loadId = null;
      set({ phase: 'error', model: state.model, error: message.error });
    }
  };

  const ensureWorker = (): EngineWorkerLike => {
    if (worker) return worker;
    const created = createWorker();
    created.addEventListener('message', (event: MessageEvent<EngineResponse>) => onMessage(event.data));
    created.addEventListener('error', (event: ErrorEvent | Event) => {
      if (worker !== created) return;
      const message =
        'message' in event && event.message ? event.message : 'The WebLLM worker stopped unexpectedly.';
      const model = state.phase === 'idle' ? null : state.model;
      const wasCancelling = state.phase === 'cancelling';
      stopWorker(message);
      if (wasCancelling) return settleCancel();
      // A crash while loaded also loses the model (its GPU memory goes with the worker): report it either way.
      if (model) set({ phase: 'error', model, error: { name: ENGINE_CRASH, message } });
    });
    worker = created;
    return created;
  };

  const request = (build: (requestId: number) => EngineRequest): Promise<EngineResponse> => {
    const target = ensureWorker();
    const requestId = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(requestId, { resolve, reject });
      target.postMessage(build(requestId));
    });
  };

  const expect = async <T extends EngineResponse['type']>(response: Promise<EngineResponse>, type: T) => {
    const message = await response;
    if (message.type === 'error')
      throw Object.assign(new Error(message.error.message), { name: message.error.name });
    if (message.type !== type)
      throw new Error(`Expected "${type}" from the WebLLM worker, got "${message.type}".`);
    return message as Extract<EngineResponse, { type: T }>;
  };

  const load = (model: ModelKey, record: WebLlmRecord) => {
    if (state.phase === 'loading' || state.phase === 'cancelling') return;
    last = { model, record };
    const target = ensureWorker();
    loadId = nextId++;
    samples = [];
    set({ phase: 'loading', model, startedAt: now(), progress: null, secondsLeft: null });
    target.postMessage({ type: 'load', requestId: loadId, record });
  };

  return {
    load,
    cancel() {
      if (state.phase !== 'loading' || loadId === null || !worker) return;
      set({ phase: 'cancelling', model: state.model });
      worker.postMessage({ type: 'cancel', requestId: loadId });
      cancelTimer = setTimeout(() => {
        stopWorker('The load was cancelled.');
        settleCancel();
      }, cancelTimeoutMs);
    },
    retry() {
      if (last) load(last.model, last.record);
    },
    async unload() {
      if (state.phase !== 'ready' || !worker) return;
      await expect(
        request((requestId) => ({ type: 'unload', requestId })),
        'unloaded',
      );
      set({ phase: 'idle' });
    },
    async isCached(record) {
      const answer = await expect(
        request((requestId) => ({ type: 'cache-check', requestId, record })),
        'cache',
      );
      return answer.cached;
    },
    async clearCache(record) {
      const answer = await expect(
        request((requestId) => ({ type: 'cache-delete', requestId, record })),
        'cache',
      );
      if (answer.cached) throw new Error('WebLLM still finds the model in the cache after deleting it.');
    },
    forwardEngine(info) {
      const whenReady = () => {
        if (state.phase !== 'ready')
          throw new Error('No model is loaded; load one in the loading chapter first.');
      };
      return {
        ...engineInfo(info),
        async reset() {
          whenReady();
          await expect(
            request((requestId) => ({ type: 'forward-reset', requestId })),
            'forward-done',
          );
        },
        async prefill(ids) {
          whenReady();
          const answer = await expect(
            request((requestId) => ({
              type: 'forward-prefill',
              requestId,
              ids: [...ids],
              info: engineInfo(info),
            })),
            'logits',
          );
          return answer.logits;
        },
        async step(id) {
          whenReady();
          const answer = await expect(
            request((requestId) => ({ type: 'forward-step', requestId, id })),
            'logits',
          );
          return answer.logits;
        },
      };
    },
    dispose() {
      if (cancelTimer !== null) clearTimeout(cancelTimer);
      stopWorker('The engine was disposed.');
    },
  };
}
