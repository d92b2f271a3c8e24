import { useStore } from '@nanostores/preact';
import { useEffect, useReducer } from 'preact/hooks';
import type { TrainTask } from '../../src/lib/mlp/protocol';
import { IDLE, runReducer, stepsFor } from '../../src/lib/mlp/run-state';
import type { TrainingSettings } from '../../src/lib/mlp/settings';
import { mlpRuntime } from '../page/mlp-state';

/**
 * Starts TensorFlow.js when the panel mounts: for a `client:visible` island,
 * when the reader scrolls to it. Returns the shared engine state.
 */
export function useMlpEngine() {
  const rt = mlpRuntime();
  useEffect(() => rt.start(), [rt]);
  return { runtime: rt, engine: useStore(rt.$engine), activeJob: useStore(rt.$activeJob) };
}

/** One panel's training run: its state, and start/stop. A run is stopped if the panel goes away. */
export function useTrainingRun(task: TrainTask, examples: () => number) {
  const rt = mlpRuntime();
  const [state, dispatch] = useReducer(runReducer, IDLE);
  const runningId = state.phase === 'running' ? state.jobId : null;
  useEffect(() => () => (runningId === null ? undefined : rt.stop(runningId)), [rt, runningId]);

  const start = (settings: TrainingSettings) => {
    const jobId = rt.train(task, settings, {
      onProgress: (step, steps) => dispatch({ type: 'progress', step, steps }),
      onEpoch: (report) => dispatch({ type: 'epoch', report }),
      onDone: (summary) => dispatch({ type: 'done', summary }),
      onError: (message) => dispatch({ type: 'failed', message }),
    });
    if (jobId !== null) dispatch({ type: 'started', jobId, settings, steps: stepsFor(examples(), settings) });
  };
  const stop = () => {
    if (runningId !== null) rt.stop(runningId);
  };
  return { state, start, stop };
}
