/**
 * One panel's view of its training run, as a reducer over the worker's
 * events, and the sentences the panel shows for it.
 */
import type { BackendName } from './backends';
import type { RunSummary, TrainTask } from './protocol';
import type { TrainingSettings } from './settings';
import { formatPercent } from '../core/format';
import { formatLoss, formatSeconds, type EpochReport } from './epochs';
import { FULL_SPEED, type Pace } from './pacing';

export type RunState =
  | { phase: 'idle' }
  | {
      phase: 'running';
      jobId: number;
      settings: TrainingSettings;
      epochs: EpochReport[];
      step: number;
      steps: number;
      /** The pace the reader asked for. */
      pace: Pace;
      /** Paused and waiting for the reader (the worker said so); false while an epoch runs. */
      waiting: boolean;
    }
  | { phase: 'finished'; settings: TrainingSettings; epochs: EpochReport[]; summary: RunSummary }
  | { phase: 'failed'; settings: TrainingSettings; epochs: EpochReport[]; message: string };

export type RunEvent =
  /** `pace` is full speed when left out. */
  | { type: 'started'; jobId: number; settings: TrainingSettings; steps: number; pace?: Pace }
  | { type: 'progress'; step: number; steps: number }
  | { type: 'epoch'; report: EpochReport }
  /** The reader changed the pace (speed, pause or resume). */
  | { type: 'pace'; pace: Pace }
  /** The reader pressed Step: one epoch runs. */
  | { type: 'stepped' }
  /** The worker is waiting for the reader. */
  | { type: 'paused' }
  | { type: 'done'; summary: RunSummary }
  | { type: 'failed'; message: string };

export const IDLE: RunState = { phase: 'idle' };

/** Steps a run takes: batches per epoch (the last may be smaller) times epochs. */
export function stepsFor(examples: number, settings: TrainingSettings): number {
  return Math.ceil(examples / settings.batchSize) * settings.epochs;
}

export function runReducer(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'started':
      return {
        phase: 'running',
        jobId: event.jobId,
        settings: event.settings,
        epochs: [],
        step: 0,
        steps: event.steps,
        pace: event.pace ?? FULL_SPEED,
        waiting: false,
      };
    case 'progress':
      return state.phase === 'running' ? { ...state, step: event.step, steps: event.steps } : state;
    case 'epoch':
      return state.phase === 'running' ? { ...state, epochs: [...state.epochs, event.report] } : state;
    case 'pace':
      if (state.phase !== 'running') return state;
      return { ...state, pace: event.pace, waiting: event.pace.paused && state.waiting };
    case 'stepped':
      return state.phase === 'running' ? { ...state, waiting: false } : state;
    case 'paused':
      return state.phase === 'running' && state.pace.paused ? { ...state, waiting: true } : state;
    case 'done':
      if (state.phase !== 'running') return state;
      return {
        phase: 'finished',
        settings: state.settings,
        epochs: event.summary.epochs,
        summary: event.summary,
      };
    case 'failed':
      if (state.phase !== 'running') return state;
      return { phase: 'failed', settings: state.settings, epochs: state.epochs, message: event.message };
  }
}

/** The status line of a training panel. */
export function runStatus(state: RunState, backend: BackendName | null): string {
  switch (state.phase) {
    case 'idle':
      return backend ? `Ready to train on ${backend}.` : 'Starting TensorFlow.js…';
    case 'running': {
      const last = state.epochs.at(-1);
      const done = last ? ` Epoch ${last.epoch} loss ${formatLoss(last.loss)}.` : '';
      const total = state.settings.epochs;
      if (state.waiting) {
        const where = last ? `after epoch ${last.epoch} of ${total}` : 'before the first epoch';
        return `Paused ${where}.${done} Step runs one more epoch; Resume runs the rest.`;
      }
      const how = state.pace.paused ? ' (pausing after it)' : state.pace.speed === 'slow' ? ' (slowly)' : '';
      return `Training: epoch ${Math.min(state.epochs.length + 1, total)} of ${total}${how}.${done}`;
    }
    case 'finished': {
      const { summary } = state;
      const first = summary.epochs[0];
      const last = summary.epochs.at(-1);
      const count = summary.epochs.length;
      const what = summary.stopped
        ? `Stopped after ${count} of ${state.settings.epochs} epochs`
        : `Trained ${count} epochs`;
      if (!first || !last)
        return `Stopped before the first epoch ended (${formatSeconds(summary.seconds)} on ${summary.backend}).`;
      const accuracy =
        last.accuracy === undefined ? '' : `, held-out accuracy ${formatPercent(last.accuracy, 1)}`;
      return `${what} in ${formatSeconds(summary.seconds)} on ${summary.backend}: loss ${formatLoss(first.loss)} → ${formatLoss(last.loss)}${accuracy}.`;
    }
    case 'failed':
      return 'Training stopped with an error.';
  }
}

/** What a training panel trains on, for its button and notes. */
export const TASK_NAMES: Record<TrainTask, string> = {
  random: 'the seed’s random data',
  digits: 'the handwritten digits',
};
