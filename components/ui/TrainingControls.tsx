import type { BackendName } from '../../src/lib/mlp/backends';
import { divergenceNote } from '../../src/lib/mlp/epochs';
import type { Speed } from '../../src/lib/mlp/pacing';
import type { RunState } from '../../src/lib/mlp/run-state';
import type { EngineState } from '../../src/lib/mlp/runtime';
import { BackendPicker } from './BackendPicker';
import { PaceControls } from './MlpPaceControls';
import { RunControls } from './RunControls';

/** A run's pace, for panels that let the reader watch it (see MlpPaceControls). */
export interface PaceProps {
  speed: Speed;
  onSpeed: (speed: Speed) => void;
  onPause: (paused: boolean) => void;
  onStep: () => void;
}

interface Props {
  /** Makes the controls' ids unique on the page. */
  idPrefix: string;
  /** TensorFlow.js's state (its backends), shared by every training panel on the page. */
  engine: EngineState;
  /** True while any panel's run is going: the backend cannot change then. */
  busy: boolean;
  onBackend: (backend: BackendName) => void;
  /** This panel's run. */
  state: RunState;
  /** Why Train cannot be pressed now, or null when it can. */
  blocked: string | null;
  trainLabel: string;
  onTrain: () => void;
  onStop: () => void;
  /** Speed, Pause and Step, when the panel offers them. */
  pace?: PaceProps;
}

/** What every training panel offers: the backend, Train and Stop with the run's progress, its pace, and a warning if the loss diverged. */
export function TrainingControls({ idPrefix, engine, busy, onBackend, pace, ...run }: Props) {
  const note = divergenceNote(run.state.phase === 'idle' ? [] : run.state.epochs);
  return (
    <>
      <BackendPicker idPrefix={idPrefix} engine={engine} busy={busy} onChange={onBackend} />
      <RunControls idPrefix={idPrefix} {...run} />
      {pace && (
        <PaceControls idPrefix={idPrefix} state={run.state} blocked={run.blocked !== null} {...pace} />
      )}
      {note && <p class="run-warning">{note}</p>}
    </>
  );
}
