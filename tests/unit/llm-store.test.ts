import { describe, expect, it } from 'vitest';
import { createLlmStore, type LlmStoreDeps } from '../../src/lib/llm/store';
import { MODEL_ORDER, MODELS } from '../../src/lib/llm/models';
import type { EngineRequest, EngineResponse } from '../../src/lib/llm/protocol';
import { FakeWorker, settle } from './fake-worker';

/** A page without WebGPU or Cache Storage, counting what the store asks of it. */
function page(overrides: Partial<LlmStoreDeps> = {}) {
  const asked = { navigator: 0, workers: [] as FakeWorker<EngineRequest, EngineResponse>[] };
  const deps: LlmStoreDeps = {
    navigator: () => (asked.navigator++, {}),
    secureContext: () => true,
    caches: () => undefined,
    testModelHost: () => null,
    createWorker: () => {
      const worker = new FakeWorker<EngineRequest, EngineResponse>();
      asked.workers.push(worker);
      return worker;
    },
    ...overrides,
  };
  return { store: createLlmStore(deps), asked };
}

describe('the page’s LLM store', () => {
  it('checks the device once per document unless asked again, and judges what it found', async () => {
    const { store, asked } = page();
    expect(store.$deviceCheck.get()).toEqual({ phase: 'checking' });
    await Promise.all([store.runDeviceCheck(), store.runDeviceCheck()]);
    expect(asked.navigator).toBe(1);
    const check = store.$deviceCheck.get();
    expect(check.phase === 'done' && check.report.webgpu.status).toBe('unsupported');
    // No WebGPU: no model can run here.
    expect(check.phase === 'done' && MODEL_ORDER.some((key) => check.verdict.models[key].runnable)).toBe(
      false,
    );
    await store.runDeviceCheck(true);
    expect(asked.navigator).toBe(2);
  });

  it('says, for every model, that the cache cannot be read where the browser has no Cache Storage', async () => {
    const { store } = page();
    await store.refreshCacheStatus();
    const status = store.$cacheStatus.get();
    expect(Object.keys(status).sort()).toEqual([...MODEL_ORDER].sort());
    for (const key of MODEL_ORDER)
      expect(status[key]).toEqual({ state: 'unknown', reason: 'This browser has no Cache Storage here.' });
  });

  it('loads each model from Hugging Face, or from the test host when one is set', () => {
    const key = MODEL_ORDER[0]!;
    expect(page().store.recordFor(key)).toBe(MODELS[key].record);
    const tested = page({ testModelHost: () => 'http://127.0.0.1:9999/models' }).store.recordFor(key);
    expect(tested.modelUrl.startsWith('http://127.0.0.1:9999/models/')).toBe(true);
    expect(tested.modelId).toBe(MODELS[key].record.modelId);
  });

  it('has one engine, whose worker starts only with the first load, and whose state the store carries', async () => {
    const { store, asked } = page();
    expect(store.engine()).toBe(store.engine());
    expect(asked.workers).toHaveLength(0);
    const key = MODEL_ORDER[0]!;
    store.engine().load(key, store.recordFor(key));
    await settle();
    expect(asked.workers).toHaveLength(1);
    expect(store.$engineState.get()).toMatchObject({ phase: 'loading', model: key });
  });
});
