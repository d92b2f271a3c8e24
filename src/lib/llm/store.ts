/**
 * The loading chapter's shared state: the device check, what each model has
 * in the browser's cache, and the one WebLLM engine, with the functions that
 * change them. The page creates one store (components/page/llm-state.ts) and
 * keeps it at module level, so it outlives any one island: the engine (a Web
 * Worker holding the model in GPU memory) must survive the panel that
 * started it, and Astro's <ClientRouter /> keeps the document (and so the
 * module) across page changes.
 *
 * Everything the browser provides comes in through `LlmStoreDeps`, so the
 * store runs, and is tested, without a page.
 */
import { atom, type ReadableAtom } from 'nanostores';
import { createEngineClient, type EngineClient, type EngineState } from './client';
import { inspectModelCache, type CacheStatus, type CacheStorageLike } from './cache';
import { MODEL_ORDER, MODELS, modelRecordFor, type ModelKey, type WebLlmRecord } from './models';
import type { WorkerLike } from '../worker/port';
import type { EngineRequest, EngineResponse } from './protocol';
import { probeDevice, requestPersistentStorage, type NavigatorLike } from '../device/probe';
import { judgeDevice, type Verdict } from '../device/verdict';
import type { DeviceReport } from '../device/report';

export type DeviceCheck = { phase: 'checking' } | { phase: 'done'; report: DeviceReport; verdict: Verdict };

export interface LlmStoreDeps {
  /** The browser's navigator (WebGPU, storage), read when a check runs. */
  navigator: () => NavigatorLike & { storage?: { persist?(): Promise<boolean> } };
  /** Whether the page is a secure context (WebGPU needs one). */
  secureContext: () => boolean;
  /** Cache Storage, where WebLLM keeps model files; undefined where there is none. */
  caches: () => CacheStorageLike | undefined;
  /** The test host that replaces Hugging Face in end-to-end tests, or null (see override.ts). */
  testModelHost: () => string | null;
  /** Starts WebLLM's worker. */
  createWorker: () => WorkerLike<EngineRequest, EngineResponse>;
}

export interface LlmStore {
  $deviceCheck: ReadableAtom<DeviceCheck>;
  $engineState: ReadableAtom<EngineState>;
  $cacheStatus: ReadableAtom<Partial<Record<ModelKey, CacheStatus>>>;
  /** Probes WebGPU and storage once per document (again when `force`), and judges the result. */
  runDeviceCheck(force?: boolean): Promise<void>;
  /** Asks the browser to keep this site's storage; then checks again, so the report shows the answer. */
  askForPersistentStorage(): Promise<boolean | null>;
  /** The record WebLLM should load for `key`: the real one, or the test host's. */
  recordFor(key: ModelKey): WebLlmRecord;
  /** The test host, or null for every reader. */
  testModelHost(): string | null;
  /** Reads what each model has stored, straight from Cache Storage (no WebLLM needed). */
  refreshCacheStatus(): Promise<void>;
  /** The one engine client; its worker (and WebLLM with it) starts on the first load or cache action. */
  engine(): EngineClient;
}

export function createLlmStore(deps: LlmStoreDeps): LlmStore {
  const $deviceCheck = atom<DeviceCheck>({ phase: 'checking' });
  const $engineState = atom<EngineState>({ phase: 'idle' });
  const $cacheStatus = atom<Partial<Record<ModelKey, CacheStatus>>>({});
  const models = MODEL_ORDER.map((key) => MODELS[key]);
  let checking: Promise<void> | null = null;
  let client: EngineClient | null = null;

  const recordFor = (key: ModelKey) => modelRecordFor(MODELS[key], deps.testModelHost());

  const runDeviceCheck = (force = false): Promise<void> => {
    if (checking && !force) return checking;
    $deviceCheck.set({ phase: 'checking' });
    checking = probeDevice(deps.navigator(), deps.secureContext()).then((report) => {
      $deviceCheck.set({ phase: 'done', report, verdict: judgeDevice(report, models) });
    });
    return checking;
  };

  const refreshCacheStatus = async () => {
    const storage = deps.caches();
    const entries = await Promise.all(
      MODEL_ORDER.map(async (key) => [key, await inspectModelCache(recordFor(key), storage)] as const),
    );
    $cacheStatus.set(Object.fromEntries(entries));
  };

  return {
    $deviceCheck,
    $engineState,
    $cacheStatus,
    runDeviceCheck,
    async askForPersistentStorage() {
      const granted = await requestPersistentStorage(deps.navigator());
      await runDeviceCheck(true);
      return granted;
    },
    recordFor,
    testModelHost: deps.testModelHost,
    refreshCacheStatus,
    engine() {
      client ??= createEngineClient({
        createWorker: deps.createWorker,
        onState: (state) => {
          $engineState.set(state);
          if (state.phase !== 'loading') void refreshCacheStatus();
        },
      });
      return client;
    },
  };
}
