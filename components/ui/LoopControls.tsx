interface Props {
  canStep: boolean;
  playing: boolean;
  busy: boolean;
  hasSteps: boolean;
  ended: boolean;
  /** Why Step and Play cannot be pressed, or null. */
  blocked: string | null;
  onStep: () => void;
  onPlay: () => void;
  onPause: () => void;
  onStop: () => void;
  onRestart: () => void;
}

/** Step, Play or Pause, Stop and Start over, with the reason when stepping is not possible. */
export function LoopControls(props: Props) {
  const { canStep, playing, busy, hasSteps, ended, blocked } = props;
  return (
    <div class="generation-controls">
      <button type="button" class="button" onClick={props.onStep} disabled={!canStep || playing || busy}>
        Step
      </button>
      {playing ? (
        <button type="button" class="button" onClick={props.onPause}>
          Pause
        </button>
      ) : (
        <button type="button" class="button" onClick={props.onPlay} disabled={!canStep || busy}>
          Play
        </button>
      )}
      <button
        type="button"
        class="button button--secondary"
        onClick={props.onStop}
        disabled={!hasSteps || ended}
      >
        Stop
      </button>
      <button
        type="button"
        class="button button--secondary"
        onClick={props.onRestart}
        disabled={!hasSteps || playing}
      >
        Start over
      </button>
      {blocked && <span class="generation-controls__blocked">{blocked}</span>}
    </div>
  );
}
