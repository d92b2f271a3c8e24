/**
 * The page's side of the WebLLM worker: one engine, started on the first
 * real need (a load or a cache action, never with the page), and a state
 * machine the panels render. Framework-free and DOM-free: the worker, the
 * clock and the timers are passed in, so unit tests drive it with fakes.
 */
import { createPort, type Port, type WithoutId, type WorkerLike } from '../worker/port';
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

export interface EngineClientOptions {
  createWorker: () => WorkerLike<EngineRequest, EngineResponse>;
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

export function createEngineClient({
  createWorker,
  onState,
  now = () => performance.now(),
  cancelTimeoutMs = 4000,
}: EngineClientOptions): EngineClient {
  let port: Port<EngineRequest, EngineResponse> | null = null;
  let state: EngineState = { phase: 'idle' };
  let loads = 0;
  let loadId: number | null = null;
  let last: { model: ModelKey; record: WebLlmRecord } | null = null;
  let samples: ProgressSample[] = [];
  let cancelTimer: ReturnType<typeof setTimeout> | null = null;

  const set = (next: EngineState) => {
    state = next;
    onState(next);
  };

  /** Stops the worker on purpose; requests still waiting reject with `reason`. */
  const stopWorker = (reason: string) => {
    const stopping = port;
    port = null;
    loadId = null;
    stopping?.close(reason);
  };

  const settleCancel = () => {
    if (cancelTimer !== null) clearTimeout(cancelTimer);
    cancelTimer = null;
    loadId = null;
    set({ phase: 'idle' });
  };

  /** What the worker says about a load: its progress, then ready, cancelled or an error. */
  const onLoadMessage = (message: EngineResponse) => {
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

  /** The worker crashed: the port rejected every waiting request; a load or a loaded model is lost too. */
  const onCrash = (message: string) => {
    const model = state.phase === 'idle' ? null : state.model;
    const wasCancelling = state.phase === 'cancelling';
    stopWorker(message);
    if (wasCancelling) return settleCancel();
    // A crash while loaded also loses the model (its GPU memory goes with the worker): report it either way.
    if (model) set({ phase: 'error', model, error: { name: ENGINE_CRASH, message } });
  };

  const ensurePort = (): Port<EngineRequest, EngineResponse> => {
    if (port) return port;
    const opened = createPort<EngineRequest, EngineResponse>(createWorker(), {
      // A load is answered many times (progress, then ready, cancelled or error) and a cancel names it, so
      // loads are numbered apart from the port's requests, below zero, and followed by onLoadMessage.
      requestIdOf: (message) => (message.requestId > 0 ? message.requestId : undefined),
      // An error keeps its name (a WebLLM error class, mapped by errors.ts): ask() throws it.
      errorOf: () => null,
      onOther: onLoadMessage,
      crashMessage: 'The WebLLM worker stopped unexpectedly.',
      onStop: (reason) => {
        if (port === opened) onCrash(reason);
      },
    });
    port = opened;
    return opened;
  };

  /** Sends a request (starting the worker if need be) and returns its answer; an error throws by name. */
  const ask = async <T extends EngineResponse['type']>(request: WithoutId<EngineRequest>, type: T) => {
    const message = await ensurePort().request(request);
    if (message.type === 'error')
      throw Object.assign(new Error(message.error.message), { name: message.error.name });
    if (message.type !== type)
      throw new Error(`Expected "${type}" from the WebLLM worker, got "${message.type}".`);
    return message as Extract<EngineResponse, { type: T }>;
  };

  const load = (model: ModelKey, record: WebLlmRecord) => {
    if (state.phase === 'loading' || state.phase === 'cancelling') return;
    last = { model, record };
    const target = ensurePort();
    loads += 1;
    loadId = -loads;
    samples = [];
    set({ phase: 'loading', model, startedAt: now(), progress: null, secondsLeft: null });
    target.post({ type: 'load', requestId: loadId, record });
  };

  return {
    load,
    cancel() {
      if (state.phase !== 'loading' || loadId === null || !port) return;
      set({ phase: 'cancelling', model: state.model });
      port.post({ type: 'cancel', requestId: loadId });
      cancelTimer = setTimeout(() => {
        stopWorker('The load was cancelled.');
        settleCancel();
      }, cancelTimeoutMs);
    },
    retry() {
      if (last) load(last.model, last.record);
    },
    async unload() {
      if (state.phase !== 'ready' || !port) return;
      await ask({ type: 'unload' }, 'unloaded');
      set({ phase: 'idle' });
    },
    async isCached(record) {
      return (await ask({ type: 'cache-check', record }, 'cache')).cached;
    },
    async clearCache(record) {
      const answer = await ask({ type: 'cache-delete', record }, 'cache');
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
          await ask({ type: 'forward-reset' }, 'forward-done');
        },
        async prefill(ids) {
          whenReady();
          const answer = await ask(
            { type: 'forward-prefill', ids: [...ids], info: engineInfo(info) },
            'logits',
          );
          return answer.logits;
        },
        async step(id) {
          whenReady();
          return (await ask({ type: 'forward-step', id }, 'logits')).logits;
        },
      };
    },
    dispose() {
      if (cancelTimer !== null) clearTimeout(cancelTimer);
      stopWorker('The engine was disposed.');
    },
  };
}
