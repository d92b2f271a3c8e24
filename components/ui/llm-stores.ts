/**
 * State the loading chapter's panels share, kept at module level so it
 * outlives any one island: the device check, what each model has in the
 * browser's cache, and the one WebLLM engine.
 *
 * Why module level: the engine (a Web Worker holding the model in GPU memory)
 * must survive more than the panel that started it. A module is evaluated
 * once per document, so every island that imports this file, on this page or
 * on the next one when Astro's <ClientRouter /> swaps pages without reloading
 * the document, finds the same engine and its state. See the chapter's
 * "Keeping the model loaded" note and DESIGN-notes in the report.
 */
import { atom } from 'nanostores';
import { createEngineClient, type EngineClient, type EngineState } from '../../src/lib/llm/client';
import { inspectModelCache, type CacheStatus, type CacheStorageLike } from '../../src/lib/llm/cache';
import { probeDevice, requestPersistentStorage, type NavigatorLike } from '../../src/lib/device/probe';
import { judgeDevice, type Verdict } from '../../src/lib/device/verdict';
import type { DeviceReport } from '../../src/lib/device/report';
import { MODEL_ORDER, MODELS, modelRecordFor, type ModelKey } from '../../src/lib/llm/models';
import { readTestModelHost } from '../../src/lib/llm/override';
import { createWebLlmWorker } from './workers';

export type DeviceCheck = { phase: 'checking' } | { phase: 'done'; report: DeviceReport; verdict: Verdict };

export const $deviceCheck = atom<DeviceCheck>({ phase: 'checking' });
export const $engineState = atom<EngineState>({ phase: 'idle' });
export const $cacheStatus = atom<Partial<Record<ModelKey, CacheStatus>>>({});

const nav = () => navigator as unknown as NavigatorLike;
const models = MODEL_ORDER.map((key) => MODELS[key]);
let checking: Promise<void> | null = null;

/** Probes WebGPU and storage once per document (again when `force`), and judges the result. */
export function runDeviceCheck(force = false): Promise<void> {
  if (checking && !force) return checking;
  $deviceCheck.set({ phase: 'checking' });
  checking = probeDevice(nav(), window.isSecureContext).then((report) => {
    $deviceCheck.set({ phase: 'done', report, verdict: judgeDevice(report, models) });
  });
  return checking;
}

/** Asks the browser to keep this site's storage; then re-checks, so the report shows the answer. */
export async function askForPersistentStorage(): Promise<boolean | null> {
  const granted = await requestPersistentStorage(
    nav() as NavigatorLike & { storage?: { persist?(): Promise<boolean> } },
  );
  await runDeviceCheck(true);
  return granted;
}

/** The test host, or null for every reader (see src/lib/llm/override.ts). */
export function testModelHost(): string | null {
  if (typeof location === 'undefined') return null;
  return readTestModelHost(globalThis.localStorage ?? null, location.origin);
}

/** The record WebLLM should load for `key`: the real one, or the test host's. */
export const recordFor = (key: ModelKey) => modelRecordFor(MODELS[key], testModelHost());

/** Reads what each model has stored, straight from Cache Storage (no WebLLM needed). */
export async function refreshCacheStatus(): Promise<void> {
  const storage = (globalThis as { caches?: CacheStorageLike }).caches;
  const entries = await Promise.all(
    MODEL_ORDER.map(async (key) => [key, await inspectModelCache(recordFor(key), storage)] as const),
  );
  $cacheStatus.set(Object.fromEntries(entries));
}

let client: EngineClient | null = null;

/** The one engine client; its worker (and WebLLM with it) starts on the first load or cache action. */
export function engine(): EngineClient {
  client ??= createEngineClient({
    createWorker: createWebLlmWorker,
    onState: (state) => {
      $engineState.set(state);
      if (state.phase !== 'loading') void refreshCacheStatus();
    },
  });
  return client;
}
