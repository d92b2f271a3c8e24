/**
 * The main thread's side of the TensorFlow.js worker: one worker for the
 * whole page, started by the first panel that needs it, its state in
 * nanostores so every panel shows the same backend and the same busy flag.
 */
import { atom, type ReadableAtom } from 'nanostores';
import { createPort, type Port, type WorkerLike } from '../worker/port';
import type { BackendName, BackendOption } from './backends';
import type { DigitImage, MlpRequest, MlpResponse, RunSummary, TrainTask } from './protocol';
import type { TrainingSettings } from './settings';
import type { EpochReport } from './epochs';
import { FULL_SPEED, type Pace } from './pacing';
import { asSentence } from '../core/format';

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
  /** The run waits for the reader (paused), after `epochsDone` epochs. */
  onPaused?(epochsDone: number): void;
  onDone(summary: RunSummary): void;
  onError(message: string): void;
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
  train(task: TrainTask, settings: TrainingSettings, listener: JobListener, pace?: Pace): number | null;
  stop(jobId: number): void;
  /** Changes a run's pace: full speed, slow, or paused. */
  setPace(jobId: number, pace: Pace): void;
  /** Lets a paused run do one more epoch. */
  step(jobId: number): void;
  predict(input: Float32Array): Promise<number[]>;
}

export function createMlpRuntime(createWorker: () => WorkerLike<MlpRequest, MlpResponse>): MlpRuntime {
  const $engine = atom<EngineState>({ phase: 'off' });
  const $digits = atom<DigitsState>({ phase: 'none' });
  const $activeJob = atom<{ jobId: number; task: TrainTask } | null>(null);
  const listeners = new Map<number, JobListener>();
  let port: Port<MlpRequest, MlpResponse> | null = null;
  let nextJobId = 1;

  const endJob = (jobId: number) => {
    listeners.delete(jobId);
    if ($activeJob.get()?.jobId === jobId) $activeJob.set(null);
  };

  /** Stops the worker: every job and prediction in flight fails with `message`; start() begins again. */
  const fail = (message: string) => {
    const stopping = port;
    port = null;
    stopping?.close(message);
    $engine.set({ phase: 'failed', message });
    if ($digits.get().phase === 'loading') $digits.set({ phase: 'failed', message });
    for (const [jobId, listener] of listeners) {
      listener.onError(message);
      endJob(jobId);
    }
  };

  /** Everything but the answers to predictions, which the port matches to their requests. */
  const handle = (message: MlpResponse) => {
    switch (message.type) {
      case 'backend':
        return $engine.set({
          phase: 'ready',
          backend: message.current,
          options: message.options,
          switching: false,
        });
      case 'digits-ready': {
        const { type: _type, ...ready } = message;
        return $digits.set({ phase: 'ready', ...ready });
      }
      case 'progress':
        return listeners.get(message.jobId)?.onProgress(message.step, message.steps);
      case 'epoch':
        return listeners.get(message.jobId)?.onEpoch(message.report);
      case 'paused':
        return listeners.get(message.jobId)?.onPaused?.(message.epochsDone);
      case 'done':
        listeners.get(message.jobId)?.onDone(message.summary);
        return endJob(message.jobId);
      case 'error':
        if (message.stage === 'init') return fail(message.message);
        if (message.stage === 'digits') return $digits.set({ phase: 'failed', message: message.message });
        if (message.stage === 'backend') {
          const engine = $engine.get();
          if (engine.phase === 'ready') $engine.set({ ...engine, switching: false });
        }
        if (message.jobId !== undefined) {
          listeners.get(message.jobId)?.onError(message.message);
          endJob(message.jobId);
        }
    }
  };

  const start = () => {
    if (port) return;
    $engine.set({ phase: 'starting', options: [] });
    let worker: WorkerLike<MlpRequest, MlpResponse>;
    try {
      worker = createWorker();
    } catch (error) {
      $engine.set({ phase: 'failed', message: `The TensorFlow.js worker could not start: ${String(error)}` });
      return;
    }
    const opened = createPort<MlpRequest, MlpResponse>(worker, {
      requestIdOf: (message) => ('requestId' in message ? message.requestId : undefined),
      errorOf: (message) => (message.type === 'error' ? message.message : null),
      onOther: handle,
      crashMessage: 'it stopped unexpectedly',
      describeCrash: (message) => asSentence(`The TensorFlow.js worker failed: ${message}`),
      onStop: (reason) => {
        if (port === opened) fail(reason);
      },
    });
    port = opened;
    opened.post({ type: 'init' });
  };

  return {
    $engine,
    $digits,
    $activeJob,
    start,
    useBackend(backend) {
      const engine = $engine.get();
      if (!port || engine.phase !== 'ready' || $activeJob.get()) return;
      $engine.set({ ...engine, switching: true });
      port.post({ type: 'use-backend', backend });
    },
    loadDigits(url) {
      start();
      if ($digits.get().phase === 'loading') return;
      $digits.set({ phase: 'loading' });
      port?.post({ type: 'load-digits', url });
    },
    train(task, settings, listener, pace = FULL_SPEED) {
      const engine = $engine.get();
      if (!port || engine.phase !== 'ready' || engine.switching || $activeJob.get()) return null;
      const jobId = nextJobId++;
      listeners.set(jobId, listener);
      $activeJob.set({ jobId, task });
      port.post({ type: 'train', jobId, task, settings, pace });
      return jobId;
    },
    stop(jobId) {
      port?.post({ type: 'stop', jobId });
    },
    setPace(jobId, pace) {
      if (listeners.has(jobId)) port?.post({ type: 'pace', jobId, pace });
    },
    step(jobId) {
      if (listeners.has(jobId)) port?.post({ type: 'step', jobId });
    },
    async predict(input) {
      if (!port) throw new Error('TensorFlow.js is not running.');
      const answer = await port.request({ type: 'predict', input });
      if (answer.type !== 'prediction')
        throw new Error(`The TensorFlow.js worker answered “${answer.type}” instead of a prediction.`);
      return answer.probabilities;
    },
  };
}
