import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngineClient, type EngineState } from '../../src/lib/llm/client';
import { MODELS } from '../../src/lib/llm/models';
import type { EngineRequest, EngineResponse } from '../../src/lib/llm/protocol';
import { FakeWorker } from './fake-worker';

type EngineWorker = FakeWorker<EngineRequest, EngineResponse>;

const record = MODELS['mistral-f16'].record;
let clock = 0;

function setup() {
  const workers: EngineWorker[] = [];
  const states: EngineState[] = [];
  const client = createEngineClient({
    createWorker: () => {
      const worker: EngineWorker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    onState: (state) => states.push(state),
    now: () => clock,
    cancelTimeoutMs: 4000,
  });
  return { client, workers, states, state: () => states.at(-1)! };
}

const progress = (requestId: number, fraction: number, mib: number): EngineResponse => ({
  type: 'progress',
  requestId,
  report: {
    progress: fraction,
    timeElapsed: 0,
    text: `Fetching param cache[1/108]: ${mib}MB fetched. ${fraction * 100}% completed, 1 secs elapsed.`,
  },
});

beforeEach(() => {
  clock = 0;
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the engine client', () => {
  it('starts no worker until the first load', () => {
    const { workers, states } = setup();
    expect(workers).toEqual([]);
    expect(states).toEqual([]);
  });

  it('loads: sends the record, turns progress into phase and time left, ends ready', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    const worker = workers[0]!;
    // A load is answered many times, so it is numbered apart from the requests (below zero).
    expect(worker.last()).toEqual({ type: 'load', requestId: -1, record });
    expect(state()).toEqual({
      phase: 'loading',
      model: 'mistral-f16',
      startedAt: 0,
      progress: null,
      secondsLeft: null,
    });
    await worker.emit(progress(-1, 0.1, 390));
    clock = 10_000;
    await worker.emit(progress(-1, 0.2, 780));
    const loading = state();
    expect(loading).toMatchObject({
      phase: 'loading',
      progress: { phase: 'download', fraction: 0.2, mib: 780 },
    });
    expect(loading.phase === 'loading' && loading.secondsLeft).toBeCloseTo(80);
    await worker.emit({ type: 'ready', requestId: -1, modelId: record.modelId, loadMs: 12_345 });
    expect(state()).toEqual({ phase: 'ready', model: 'mistral-f16', loadMs: 12_345 });
  });

  it('ignores a second load while one runs, and reports from another load', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    client.load('small', MODELS.small.record);
    expect(workers[0]!.sent).toHaveLength(1);
    await workers[0]!.emit(progress(-99, 0.5, 10));
    expect(state()).toMatchObject({ phase: 'loading', progress: null });
  });

  it('turns a worker error into an error state, and retry sends the same model again on the same worker', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    const error = { name: 'TypeError', message: "Failed to execute 'add' on 'Cache': Request failed" };
    await workers[0]!.emit({ type: 'error', requestId: -1, stage: 'load', error });
    expect(state()).toEqual({ phase: 'error', model: 'mistral-f16', error });
    client.retry();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.last()).toEqual({ type: 'load', requestId: -2, record });
    expect(state()).toMatchObject({ phase: 'loading', model: 'mistral-f16' });
    await workers[0]!.emit(progress(-1, 0.5, 10));
    expect(state()).toMatchObject({ phase: 'loading', progress: null });
  });

  it('cancels politely: the worker confirms and the state returns to idle', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    client.cancel();
    expect(state()).toEqual({ phase: 'cancelling', model: 'mistral-f16' });
    expect(workers[0]!.last()).toEqual({ type: 'cancel', requestId: -1 });
    await workers[0]!.emit({ type: 'cancelled', requestId: -1 });
    expect(state()).toEqual({ phase: 'idle' });
    vi.advanceTimersByTime(10_000);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('treats an error that arrives while cancelling as the cancel', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    client.cancel();
    await workers[0]!.emit({
      type: 'error',
      requestId: -1,
      stage: 'load',
      error: { name: 'Error', message: 'Engine.unload() is called.' },
    });
    expect(state()).toEqual({ phase: 'idle' });
  });

  it('stops a worker that does not confirm a cancel in time, and the next load starts a fresh one', () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    client.cancel();
    vi.advanceTimersByTime(4000);
    expect(workers[0]!.terminated).toBe(true);
    expect(state()).toEqual({ phase: 'idle' });
    client.retry();
    expect(workers).toHaveLength(2);
    expect(workers[1]!.last()).toMatchObject({ type: 'load', record });
  });

  it('reports a crashed worker as an engine crash and starts a new worker on retry', async () => {
    const { client, workers, state } = setup();
    client.load('small', MODELS.small.record);
    await workers[0]!.crash();
    expect(state()).toEqual({
      phase: 'error',
      model: 'small',
      error: { name: 'EngineCrash', message: 'The WebLLM worker stopped unexpectedly.' },
    });
    expect(workers[0]!.terminated).toBe(true);
    client.retry();
    expect(workers).toHaveLength(2);
  });

  it('reports a crash while a model is loaded: the model is lost and a waiting step rejects with the crash', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    await workers[0]!.emit({ type: 'ready', requestId: -1, modelId: record.modelId, loadMs: 1 });
    const engine = client.forwardEngine({
      label: 'Mistral',
      kind: 'webllm',
      vocabSize: 32_000,
      stopIds: [2],
      contextWindow: 4096,
    });
    const prefill = engine.prefill([1, 22557]);
    expect(workers[0]!.last()).toMatchObject({ type: 'forward-prefill', requestId: 1, ids: [1, 22557] });
    await workers[0]!.crash('A GPU device was lost.');
    await expect(prefill).rejects.toThrow('A GPU device was lost.');
    expect(state()).toEqual({
      phase: 'error',
      model: 'mistral-f16',
      error: { name: 'EngineCrash', message: 'A GPU device was lost.' },
    });
    expect(workers[0]!.terminated).toBe(true);
    await expect(engine.step(1)).rejects.toThrow('No model is loaded');
    client.retry();
    expect(workers[1]!.last()).toMatchObject({ type: 'load', record });
  });

  it('returns to idle when the worker crashes while a load is being cancelled', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    client.cancel();
    await workers[0]!.crash('gone');
    expect(state()).toEqual({ phase: 'idle' });
    vi.advanceTimersByTime(10_000);
    expect(state()).toEqual({ phase: 'idle' });
  });

  it('unloads a ready model and returns to idle', async () => {
    const { client, workers, state } = setup();
    client.load('mistral-f16', record);
    await workers[0]!.emit({ type: 'ready', requestId: -1, modelId: record.modelId, loadMs: 1 });
    const done = client.unload();
    expect(workers[0]!.last()).toEqual({ type: 'unload', requestId: 1 });
    await workers[0]!.emit({ type: 'unloaded', requestId: 1 });
    await done;
    expect(state()).toEqual({ phase: 'idle' });
  });

  it('answers cache questions through the worker, and rejects with the worker’s error', async () => {
    const { client, workers } = setup();
    const check = client.isCached(record);
    const worker = workers[0]!;
    expect(worker.last()).toEqual({ type: 'cache-check', requestId: 1, record });
    await worker.emit({ type: 'cache', requestId: 1, modelId: record.modelId, cached: true });
    await expect(check).resolves.toBe(true);

    const clear = client.clearCache(record);
    await worker.emit({
      type: 'error',
      requestId: 2,
      stage: 'cache',
      error: { name: 'QuotaExceededError', message: 'full' },
    });
    await expect(clear).rejects.toMatchObject({ name: 'QuotaExceededError', message: 'full' });

    const cleared = client.clearCache(record);
    expect(worker.last()).toEqual({ type: 'cache-delete', requestId: 3, record });
    await worker.emit({ type: 'cache', requestId: 3, modelId: record.modelId, cached: false });
    await expect(cleared).resolves.toBeUndefined();

    const stillThere = client.clearCache(record);
    await worker.answer(({ requestId }) => ({
      type: 'cache',
      requestId,
      modelId: record.modelId,
      cached: true,
    }));
    await expect(stillThere).rejects.toThrow('WebLLM still finds the model in the cache after deleting it.');
  });

  it('rejects pending cache questions when the worker crashes', async () => {
    const { client, workers } = setup();
    const check = client.isCached(record);
    await workers[0]!.crash('boom');
    await expect(check).rejects.toThrow('boom');
  });

  it('stops the worker when disposed, rejecting what still waits', async () => {
    const { client, workers, states } = setup();
    const check = client.isCached(record);
    client.dispose();
    expect(workers[0]!.terminated).toBe(true);
    await expect(check).rejects.toThrow('The engine was disposed.');
    await workers[0]!.crash();
    expect(states).toEqual([]);
  });
});
