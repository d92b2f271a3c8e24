import type { Speed } from '../../src/lib/mlp/pacing';
import type { RunState } from '../../src/lib/mlp/run-state';

interface Props {
  idPrefix: string;
  state: RunState;
  speed: Speed;
  onSpeed: (speed: Speed) => void;
  onPause: (paused: boolean) => void;
  /** One epoch: of the paused run, or the first of a new run that then waits. */
  onStep: () => void;
  /** True when a new run cannot start (the reason is shown beside Train). */
  blocked: boolean;
}

/**
 * How fast a run goes, so it can be watched: full speed, or slow (a moment
 * before each epoch, so the curve grows point by point); Pause and Resume;
 * Step, one epoch at a time.
 */
export function PaceControls({ idPrefix, state, speed, onSpeed, onPause, onStep, blocked }: Props) {
  const running = state.phase === 'running';
  const paused = running && state.pace.paused;
  const canStep = running ? state.waiting : !blocked;
  return (
    <div class="pace">
      <fieldset class="pace__speed">
        <legend>Speed</legend>
        {(
          [
            ['full', 'Full speed'],
            ['slow', 'Slow: a pause before each epoch'],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name={`${idPrefix}-speed`}
              value={value}
              checked={speed === value}
              onChange={() => onSpeed(value)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <div class="pace__buttons">
        <button
          type="button"
          class="button button--secondary"
          disabled={!running}
          onClick={() => onPause(!paused)}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" class="button button--secondary" disabled={!canStep} onClick={onStep}>
          Step one epoch
        </button>
      </div>
    </div>
  );
}
