import { describe, expect, it, vi } from 'vitest';
import { probeWebGpu, type AdapterInfo, type AdapterLike, type GpuLike } from '../../src/lib/core/webgpu';
import {
  checkBackend,
  preferenceOrder,
  probeWasm,
  webGpuOption,
  CPU_OPTION,
} from '../../src/lib/mlp/backends';
import { chartSummary, divergenceNote, type EpochReport } from '../../src/lib/mlp/epochs';
import type { MlpRequest, MlpResponse, RunSummary } from '../../src/lib/mlp/protocol';
import { IDLE, runReducer, runStatus, stepsFor, type RunState } from '../../src/lib/mlp/run-state';
import { createMlpRuntime } from '../../src/lib/mlp/runtime';
import { SEED_SETTINGS } from '../../src/lib/mlp/settings';
import { FakeWorker } from './fake-worker';

describe('probing the backends', () => {
  const probe = async (gpu: GpuLike | undefined) => webGpuOption(await probeWebGpu(gpu, true));
  const adapter = (info: Partial<AdapterInfo>): AdapterLike => ({ features: [], limits: {}, info });

  it('says why WebGPU is missing: no navigator.gpu, or an adapter of null (the Chromium case)', async () => {
    expect(await probe(undefined)).toMatchObject({
      usable: false,
      detail: expect.stringMatching(/navigator\.gpu is missing/),
    });
    const noAdapter: GpuLike = { requestAdapter: async () => null };
    expect(await probe(noAdapter)).toMatchObject({
      usable: false,
      detail: expect.stringMatching(/requestAdapter\(\) returned null/),
    });
    const throws: GpuLike = { requestAdapter: async () => Promise.reject(new Error('blocked')) };
    expect((await probe(throws)).detail).toBe('Asking for a GPU failed: blocked.');
  });

  it('tells a real GPU from a software one, and prefers wasm to a software GPU', async () => {
    const hardware = await probe({
      requestAdapter: async () => adapter({ vendor: 'nvidia', architecture: 'hopper' }),
    });
    expect(hardware).toEqual({ name: 'webgpu', usable: true, detail: 'GPU adapter: nvidia hopper.' });
    const software = await probe({
      requestAdapter: async () =>
        adapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }),
    });
    expect(software).toEqual({
      name: 'webgpu',
      usable: true,
      software: true,
      detail:
        'WebGPU here is only a software adapter (google swiftshader), which runs on the CPU and is slower than WebAssembly.',
    });
    // Named like a software rasteriser but not flagged: the device check calls it software too.
    expect(
      (await probe({ requestAdapter: async () => adapter({ description: 'llvmpipe (LLVM 15)' }) })).software,
    ).toBe(true);
    expect(preferenceOrder([hardware, probeWasm(true), CPU_OPTION])).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(preferenceOrder([software, probeWasm(true), CPU_OPTION])).toEqual(['wasm', 'webgpu', 'cpu']);
    expect(preferenceOrder([{ ...hardware, usable: false }, probeWasm(false), CPU_OPTION])).toEqual(['cpu']);
  });

  it('accepts a backend only if it multiplies correctly', () => {
    expect(checkBackend([19, 22, 43, 50])).toBe(true);
    expect(checkBackend([0, 0, 0, 0])).toBe(false);
  });
});

const fakeWorker = () => new FakeWorker<MlpRequest, MlpResponse>();

const ready: MlpResponse = { type: 'backend', current: 'wasm', options: [probeWasm(true), CPU_OPTION] };
const report = (epoch: number, loss: number, accuracy?: number): EpochReport => ({
  epoch,
  epochs: 3,
  loss,
  seconds: epoch / 10,
  ...(accuracy === undefined ? {} : { accuracy }),
});
const listener = () => ({ onProgress: vi.fn(), onEpoch: vi.fn(), onDone: vi.fn(), onError: vi.fn() });

describe('the runtime (one worker for the page)', () => {
  it('starts the worker once, on the first start(), and reports the backend', async () => {
    const worker = fakeWorker();
    const create = vi.fn(() => worker);
    const runtime = createMlpRuntime(create);
    expect(create).not.toHaveBeenCalled();
    runtime.start();
    runtime.start();
    expect(create).toHaveBeenCalledTimes(1);
    expect(worker.sent).toEqual([{ type: 'init' }]);
    expect(runtime.$engine.get().phase).toBe('starting');
    await worker.emit(ready);
    expect(runtime.$engine.get()).toMatchObject({ phase: 'ready', backend: 'wasm', switching: false });
  });

  it('runs one job at a time and routes its events to the panel that started it', async () => {
    const worker = fakeWorker();
    const runtime = createMlpRuntime(() => worker);
    const first = listener();
    expect(runtime.train('random', SEED_SETTINGS, first)).toBeNull(); // not started yet
    runtime.start();
    await worker.emit(ready);
    const jobId = runtime.train('random', SEED_SETTINGS, first)!;
    expect(runtime.train('digits', SEED_SETTINGS, listener())).toBeNull();
    expect(runtime.$activeJob.get()).toEqual({ jobId, task: 'random' });
    await worker.emit({ type: 'epoch', jobId, report: report(1, 2.3) });
    await worker.emit({ type: 'epoch', jobId: jobId + 99, report: report(1, 9) });
    expect(first.onEpoch).toHaveBeenCalledTimes(1);
    await worker.emit({ type: 'done', jobId, summary: { epochs: [report(1, 2.3)] } as RunSummary });
    expect(first.onDone).toHaveBeenCalled();
    expect(runtime.$activeJob.get()).toBeNull();
  });

  it('answers each prediction with its own probabilities, and rejects one the worker could not make', async () => {
    const worker = fakeWorker();
    const runtime = createMlpRuntime(() => worker);
    await expect(runtime.predict(new Float32Array(784))).rejects.toThrow('TensorFlow.js is not running.');
    runtime.start();
    await worker.emit(ready);
    const early = runtime.predict(new Float32Array(784));
    const late = runtime.predict(new Float32Array(784));
    expect(worker.last()).toMatchObject({ type: 'predict', requestId: 2 });
    await worker.emit({ type: 'prediction', requestId: 2, probabilities: [0, 1] });
    await worker.emit({
      type: 'error',
      stage: 'predict',
      requestId: 1,
      message: 'Train the network on the digits first.',
    });
    await expect(late).resolves.toEqual([0, 1]);
    await expect(early).rejects.toThrow('Train the network on the digits first.');
    expect(runtime.$engine.get().phase).toBe('ready');
  });

  it('fails every job and prediction in flight when the worker dies, and can start again', async () => {
    const workers = [fakeWorker(), fakeWorker()];
    let created = 0;
    const runtime = createMlpRuntime(() => workers[created++]!);
    runtime.start();
    await workers[0]!.emit(ready);
    const job = listener();
    runtime.train('random', SEED_SETTINGS, job);
    const prediction = runtime.predict(new Float32Array(784));
    await workers[0]!.crash('out of memory');
    expect(job.onError).toHaveBeenCalledWith('The TensorFlow.js worker failed: out of memory.');
    await expect(prediction).rejects.toThrow('The TensorFlow.js worker failed: out of memory.');
    expect(runtime.$engine.get()).toEqual({
      phase: 'failed',
      message: 'The TensorFlow.js worker failed: out of memory.',
    });
    expect(runtime.$activeJob.get()).toBeNull();
    expect(workers[0]!.terminated).toBe(true);
    runtime.start();
    expect(runtime.$engine.get().phase).toBe('starting');
    expect(workers[1]!.sent).toEqual([{ type: 'init' }]);
  });

  it('says the worker stopped when it dies without a message', async () => {
    const worker = fakeWorker();
    const runtime = createMlpRuntime(() => worker);
    runtime.start();
    await worker.crash();
    expect(runtime.$engine.get()).toEqual({
      phase: 'failed',
      message: 'The TensorFlow.js worker failed: it stopped unexpectedly.',
    });
  });

  it('stops the worker when TensorFlow.js cannot start, failing what waits with the reason', async () => {
    const worker = fakeWorker();
    const runtime = createMlpRuntime(() => worker);
    runtime.loadDigits('/data/mnist-10k.bin.gz');
    await worker.emit({ type: 'error', stage: 'init', message: 'No backend works here.' });
    expect(runtime.$engine.get()).toEqual({ phase: 'failed', message: 'No backend works here.' });
    expect(runtime.$digits.get()).toEqual({ phase: 'failed', message: 'No backend works here.' });
    expect(worker.terminated).toBe(true);
  });

  it('shows a digits download failure on the digits, not on the engine', async () => {
    const worker = fakeWorker();
    const runtime = createMlpRuntime(() => worker);
    runtime.loadDigits('/data/mnist-10k.bin.gz');
    expect(worker.sent.map((m) => m.type)).toEqual(['init', 'load-digits']);
    expect(runtime.$digits.get().phase).toBe('loading');
    await worker.emit({ type: 'error', stage: 'digits', message: 'The site answered 404.' });
    expect(runtime.$digits.get()).toEqual({ phase: 'failed', message: 'The site answered 404.' });
    expect(runtime.$engine.get().phase).toBe('starting');
  });
});

describe('a panel’s run state', () => {
  const started = (state: RunState = IDLE) =>
    runReducer(state, { type: 'started', jobId: 1, settings: SEED_SETTINGS, steps: 1000 });

  it('follows a run from start to finish, and says so in one line', () => {
    let state = started();
    expect(runStatus(state, 'wasm')).toBe('Training: epoch 1 of 10.');
    state = runReducer(state, { type: 'epoch', report: report(1, 2.3456) });
    state = runReducer(state, { type: 'progress', step: 150, steps: 1000 });
    expect(runStatus(state, 'wasm')).toBe('Training: epoch 2 of 10. Epoch 1 loss 2.35.');
    const summary = {
      epochs: [report(1, 2.3456), report(2, 0.0199)],
      stopped: false,
      seconds: 1.234,
      backend: 'wasm',
    } as RunSummary;
    state = runReducer(state, { type: 'done', summary });
    expect(runStatus(state, 'wasm')).toBe('Trained 2 epochs in 1.23 s on wasm: loss 2.35 → 0.0199.');
    expect(
      runStatus(runReducer(started(), { type: 'done', summary: { ...summary, stopped: true } }), 'wasm'),
    ).toMatch(/^Stopped after 2 of 10 epochs/);
  });

  it('keeps the epochs it has when a run fails, and ignores events after it ended', () => {
    let state = runReducer(started(), { type: 'epoch', report: report(1, 2) });
    state = runReducer(state, { type: 'failed', message: 'boom' });
    expect(state).toMatchObject({ phase: 'failed', message: 'boom', epochs: [report(1, 2)] });
    expect(runReducer(state, { type: 'epoch', report: report(2, 1) })).toBe(state);
  });

  it('counts steps as batches per epoch times epochs, the last batch possibly smaller', () => {
    expect(stepsFor(100, SEED_SETTINGS)).toBe(1000);
    expect(stepsFor(8000, { ...SEED_SETTINGS, batchSize: 32, epochs: 5 })).toBe(1250);
    expect(stepsFor(100, { ...SEED_SETTINGS, batchSize: 30, epochs: 1 })).toBe(4);
  });
});

describe('epoch reports in words', () => {
  it('summarises the chart for its text alternative', () => {
    expect(chartSummary([report(1, 2.34), report(3, 0.02)], false)).toBe(
      'Loss per epoch, from 2.34 at epoch 1 to 0.0200 at epoch 3.',
    );
    expect(chartSummary([report(1, 0.5, 0.9), report(3, 0.1, 0.95)], true)).toMatch(
      /Held-out accuracy 90\.0% after epoch 1, 95\.0% after epoch 3\./,
    );
  });

  it('warns when the learning rate is too big: a loss that grows or stops being a number', () => {
    expect(divergenceNote([report(1, 2.3), report(2, 0.5)])).toBeNull();
    expect(divergenceNote([report(1, 49), report(2, 9800)])).toMatch(/went up instead of down/);
    expect(divergenceNote([report(1, NaN)])).toMatch(/no longer a number/);
  });
});
