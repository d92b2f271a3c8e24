/**
 * The main thread's side of the TensorFlow.js worker: one worker for the
 * whole page, started by the first panel that needs it, its state in
 * nanostores so every panel shows the same backend and the same busy flag.
 */
import { atom, type ReadableAtom } from 'nanostores';
import type { BackendName, BackendOption } from './backends';
import type { DigitImage, MlpRequest, MlpResponse, RunSummary, TrainTask } from './protocol';
import type { TrainingSettings } from './settings';
import type { EpochReport } from './epochs';

export type EngineState =
  | { phase: 'off' }
  | { phase: 'starting'; options: BackendOption[] }
  | { phase: 'ready'; backend: BackendName; options: BackendOption[]; switching: boolean }
  | { phase: 'failed'; message: string };

export type DigitsState =
  | { phase: 'none' }
  | { phase: 'loading' }
  | { phase: 'ready'; train: number; heldOut: number; bytes: number; loadMs: number; examples: DigitImage[] }
  | { phase: 'failed'; message: string };

export interface JobListener {
  onProgress(step: number, steps: number): void;
  onEpoch(report: EpochReport): void;
  onDone(summary: RunSummary): void;
  onError(message: string): void;
}

/** The part of a Worker the runtime uses; tests pass a stand-in. */
export interface WorkerLike {
  postMessage(message: MlpRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<MlpResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

export interface MlpRuntime {
  $engine: ReadableAtom<EngineState>;
  $digits: ReadableAtom<DigitsState>;
  /** The run in progress, whichever panel started it. */
  $activeJob: ReadableAtom<{ jobId: number; task: TrainTask } | null>;
  /** Starts the worker and TensorFlow.js, once; again after a failure. */
  start(): void;
  useBackend(backend: BackendName): void;
  loadDigits(url: string): void;
  /** Starts a run; returns its id, or null when another run is going or the engine is not ready. */
  train(task: TrainTask, settings: TrainingSettings, listener: JobListener): number | null;
  stop(jobId: number): void;
  predict(input: Float32Array): Promise<number[]>;
}

export function createMlpRuntime(createWorker: () => WorkerLike): MlpRuntime {
  const $engine = atom<EngineState>({ phase: 'off' });
  const $digits = atom<DigitsState>({ phase: 'none' });
  const $activeJob = atom<{ jobId: number; task: TrainTask } | null>(null);
  const listeners = new Map<number, JobListener>();
  const predictions = new Map<number, { resolve: (p: number[]) => void; reject: (e: Error) => void }>();
  let worker: WorkerLike | null = null;
  let nextId = 1;

  const endJob = (jobId: number) => {
    listeners.delete(jobId);
    if ($activeJob.get()?.jobId === jobId) $activeJob.set(null);
  };

  /** Everything in flight fails with `message`; the engine must be started again. */
  const crash = (message: string) => {
    worker?.terminate();
    worker = null;
    $engine.set({ phase: 'failed', message });
    if ($digits.get().phase === 'loading') $digits.set({ phase: 'failed', message });
    for (const [jobId, listener] of listeners) {
      listener.onError(message);
      endJob(jobId);
    }
    for (const pending of predictions.values()) pending.reject(new Error(message));
    predictions.clear();
  };

  const handle = (message: MlpResponse) => {
    switch (message.type) {
      case 'backend':
        return $engine.set({ phase: 'ready', backend: message.current, options: message.options, switching: false });
      case 'digits-ready': {
        const { type: _type, ...ready } = message;
        return $digits.set({ phase: 'ready', ...ready });
      }
      case 'progress':
        return listeners.get(message.jobId)?.onProgress(message.step, message.steps);
      case 'epoch':
        return listeners.get(message.jobId)?.onEpoch(message.report);
      case 'done':
        listeners.get(message.jobId)?.onDone(message.summary);
        return endJob(message.jobId);
      case 'prediction':
        predictions.get(message.requestId)?.resolve(message.probabilities);
        predictions.delete(message.requestId);
        return;
      case 'error':
        if (message.stage === 'init') return crash(message.message);
        if (message.stage === 'digits') return $digits.set({ phase: 'failed', message: message.message });
        if (message.stage === 'backend') {
          const engine = $engine.get();
          if (engine.phase === 'ready') $engine.set({ ...engine, switching: false });
        }
        if (message.jobId !== undefined) {
          listeners.get(message.jobId)?.onError(message.message);
          endJob(message.jobId);
        }
        if (message.requestId !== undefined) {
          predictions.get(message.requestId)?.reject(new Error(message.message));
          predictions.delete(message.requestId);
        }
    }
  };

  const start = () => {
    if (worker) return;
    $engine.set({ phase: 'starting', options: [] });
    try {
      worker = createWorker();
    } catch (error) {
      $engine.set({ phase: 'failed', message: `The TensorFlow.js worker could not start: ${String(error)}` });
      return;
    }
    worker.addEventListener('message', (event: MessageEvent<MlpResponse>) => handle(event.data));
    worker.addEventListener('error', (event: ErrorEvent | Event) => {
      const detail = 'message' in event && event.message ? event.message : 'it stopped unexpectedly';
      crash(`The TensorFlow.js worker failed: ${detail}.`);
    });
    worker.postMessage({ type: 'init' });
  };

  return {
    $engine,
    $digits,
    $activeJob,
    start,
    useBackend(backend) {
      const engine = $engine.get();
      if (!worker || engine.phase !== 'ready' || $activeJob.get()) return;
      $engine.set({ ...engine, switching: true });
      worker.postMessage({ type: 'use-backend', backend });
    },
    loadDigits(url) {
      start();
      if ($digits.get().phase === 'loading') return;
      $digits.set({ phase: 'loading' });
      worker?.postMessage({ type: 'load-digits', url });
    },
    train(task, settings, listener) {
      const engine = $engine.get();
      if (!worker || engine.phase !== 'ready' || engine.switching || $activeJob.get()) return null;
      const jobId = nextId++;
      listeners.set(jobId, listener);
      $activeJob.set({ jobId, task });
      worker.postMessage({ type: 'train', jobId, task, settings });
      return jobId;
    },
    stop(jobId) {
      worker?.postMessage({ type: 'stop', jobId });
    },
    predict(input) {
      if (!worker) return Promise.reject(new Error('TensorFlow.js is not running.'));
      const requestId = nextId++;
      return new Promise((resolve, reject) => {
        predictions.set(requestId, { resolve, reject });
        worker!.postMessage({ type: 'predict', requestId, input });
      });
    },
  };
}
