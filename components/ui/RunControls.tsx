import type { RunState } from '../../src/lib/mlp/run-state';
import { formatCount } from '../../src/lib/core/format';

interface Props {
  idPrefix: string;
  state: RunState;
  /** Why Train cannot be pressed now, or null when it can. */
  blocked: string | null;
  trainLabel: string;
  onTrain: () => void;
  onStop: () => void;
}

/** Train and Stop, the reason Train is unavailable, and the run's progress bar. */
export function RunControls({ idPrefix, state, blocked, trainLabel, onTrain, onStop }: Props) {
  const running = state.phase === 'running';
  const percent = running && state.steps > 0 ? Math.round((100 * state.step) / state.steps) : 0;
  return (
    <div class="run-controls">
      <div class="run-controls__buttons">
        <button
          type="button"
          class="button"
          onClick={onTrain}
          disabled={running || blocked !== null}
          aria-describedby={blocked ? `${idPrefix}-blocked` : undefined}
        >
          {trainLabel}
        </button>
        <button type="button" class="button button--secondary" onClick={onStop} disabled={!running}>
          Stop
        </button>
      </div>
      {blocked && !running && (
        <p class="run-controls__blocked" id={`${idPrefix}-blocked`}>
          {blocked}
        </p>
      )}
      {running && (
        <p class="run-controls__progress">
          <label for={`${idPrefix}-progress`}>Progress</label>{' '}
          <progress id={`${idPrefix}-progress`} max={state.steps} value={state.step}>
            {percent}%
          </progress>{' '}
          <span>
            step {formatCount(state.step)} of {formatCount(state.steps)}
          </span>
        </p>
      )}
    </div>
  );
}
