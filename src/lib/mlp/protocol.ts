/**
 * The messages between the panels and the TensorFlow.js worker
 * (`src/workers/mlp.worker.ts`). One worker serves every panel on the page
 * and runs one training job at a time.
 */
import type { BackendName, BackendOption } from './backends';
import type { TrainingSettings } from './settings';
import type { EpochReport } from './epochs';
import type { Pace } from './pacing';

/** The seed's run on random numbers, or the handwritten digits. */
export type TrainTask = 'random' | 'digits';

/** A digit image to show: 784 bytes, 0-255, row by row. */
export interface DigitImage {
  pixels: Uint8Array;
  label: number;
  /** What the network said, for a misclassified digit. */
  predicted?: number;
  /** How sure it was of that, 0 to 1. */
  confidence?: number;
}

export interface RunSummary {
  task: TrainTask;
  stopped: boolean;
  epochs: EpochReport[];
  seconds: number;
  backend: BackendName;
  parameters: number;
  /** `tf.memory().numTensors` after the run: the same after every run, or tensors are leaking. */
  numTensors: number;
  /** Some held-out digits the trained network got wrong (digits runs only). */
  misclassified: DigitImage[];
}

export type MlpRequest =
  /** Start TensorFlow.js: probe the backends and switch to the best one (or `backend` if given and usable). */
  | { type: 'init'; backend?: BackendName }
  | { type: 'use-backend'; backend: BackendName }
  | { type: 'load-digits'; url: string }
  | { type: 'train'; jobId: number; task: TrainTask; settings: TrainingSettings; pace: Pace }
  | { type: 'stop'; jobId: number }
  /** Full speed, slow, or paused (pacing.ts): takes effect before the run's next epoch. */
  | { type: 'pace'; jobId: number; pace: Pace }
  /** While paused: one more epoch. */
  | { type: 'step'; jobId: number }
  | { type: 'predict'; requestId: number; input: Float32Array };

export type MlpResponse =
  | { type: 'backend'; current: BackendName; options: BackendOption[] }
  | {
      type: 'digits-ready';
      train: number;
      heldOut: number;
      bytes: number;
      loadMs: number;
      examples: DigitImage[];
    }
  | { type: 'progress'; jobId: number; step: number; steps: number }
  | { type: 'epoch'; jobId: number; report: EpochReport }
  /** The run is paused and waiting for a step or a resume, after `epochsDone` epochs. */
  | { type: 'paused'; jobId: number; epochsDone: number }
  | { type: 'done'; jobId: number; summary: RunSummary }
  | { type: 'prediction'; requestId: number; probabilities: number[] }
  | {
      type: 'error';
      stage: 'init' | 'backend' | 'digits' | 'train' | 'predict';
      message: string;
      jobId?: number;
      requestId?: number;
    };
