import { useEffect, useReducer, useState } from 'preact/hooks';
import type { EpochReport } from '../../src/lib/mlp/epochs';
import type { Speed } from '../../src/lib/mlp/pacing';
import type { TrainTask } from '../../src/lib/mlp/protocol';
import { chartRuns, clearEarlier, EMPTY_HISTORY, recordRun } from '../../src/lib/mlp/run-history';
import { IDLE, runReducer, stepsFor } from '../../src/lib/mlp/run-state';
import type { TrainingSettings } from '../../src/lib/mlp/settings';
import type { EngineState } from '../../src/lib/mlp/runtime';
import { mlpRuntime } from '../page/mlp-state';
import { useClientStore } from './useClientStore';

const SERVER_ENGINE: EngineState = { phase: 'off' };

/**
 * Starts TensorFlow.js when the panel mounts: for a `client:visible` island,
 * when the reader scrolls to it. Returns the shared engine state, as the
 * server rendered it until the island has mounted: a panel that wakes after
 * another started TensorFlow.js would otherwise hydrate different markup
 * (the backend menu where the server put a line of text), and Preact's
 * hydration then nests the menu in the wrong element.
 */
export function useMlpEngine() {
  const rt = mlpRuntime();
  useEffect(() => rt.start(), [rt]);
  const engine = useClientStore(rt.$engine, SERVER_ENGINE);
  return { runtime: rt, engine, activeJob: useClientStore(rt.$activeJob, null) };
}

/**
 * One panel's training run: its state, start/stop, its pace (speed, pause,
 * one epoch at a time) and the last few runs, kept for the chart to overlay.
 * A run is stopped if the panel goes away.
 */
export function useTrainingRun(task: TrainTask, examples: () => number) {
  const rt = mlpRuntime();
  const [state, dispatch] = useReducer(runReducer, IDLE);
  const [speed, setSpeedChoice] = useState<Speed>('full');
  const [kept, setKept] = useState(EMPTY_HISTORY);
  const runningId = state.phase === 'running' ? state.jobId : null;
  useEffect(() => () => (runningId === null ? undefined : rt.stop(runningId)), [rt, runningId]);

  const start = (settings: TrainingSettings, paused = false) => {
    const pace = { speed, paused };
    // The run joins the kept in the same update that ends it, so its line never blinks out.
    const seen: EpochReport[] = [];
    const jobId = rt.train(
      task,
      settings,
      {
        onProgress: (step, steps) => dispatch({ type: 'progress', step, steps }),
        onEpoch: (report) => {
          seen.push(report);
          dispatch({ type: 'epoch', report });
        },
        onPaused: () => dispatch({ type: 'paused' }),
        onDone: (summary) => {
          setKept((old) => recordRun(old, settings, summary.epochs, summary.stopped));
          dispatch({ type: 'done', summary });
        },
        onError: (message) => {
          setKept((old) => recordRun(old, settings, seen, true));
          dispatch({ type: 'failed', message });
        },
      },
      pace,
    );
    if (jobId !== null)
      dispatch({ type: 'started', jobId, settings, steps: stepsFor(examples(), settings), pace });
    return jobId;
  };
  const stop = () => {
    if (runningId !== null) rt.stop(runningId);
  };
  const setPace = (pace: { speed: Speed; paused: boolean }) => {
    if (state.phase !== 'running') return;
    rt.setPace(state.jobId, pace);
    dispatch({ type: 'pace', pace });
  };
  const setSpeed = (next: Speed) => {
    setSpeedChoice(next);
    if (state.phase === 'running') setPace({ ...state.pace, speed: next });
  };
  const setPaused = (paused: boolean) => state.phase === 'running' && setPace({ ...state.pace, paused });
  /** One more epoch of a paused run, or the first epoch of a new run that then waits. */
  const step = (settings: TrainingSettings | null) => {
    const jobId = state.phase === 'running' ? state.jobId : settings ? start(settings, true) : null;
    if (jobId === null) return;
    rt.step(jobId);
    dispatch({ type: 'stepped' });
  };
  const clearHistory = () => setKept(clearEarlier);
  const runs = chartRuns(
    kept,
    state.phase === 'running' ? { settings: state.settings, epochs: state.epochs } : null,
  );
  return { state, start, stop, speed, setSpeed, setPaused, step, runs, clearHistory };
}
