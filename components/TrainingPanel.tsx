import './ui/parameters.css';
import { EpochChart } from './ui/EpochChart';
import { EpochTable } from './ui/EpochTable';
import { RunTable } from './ui/MlpRunTable';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { TrainingControls } from './ui/TrainingControls';
import { SettingsFields } from './ui/SettingsFields';
import { useMlpEngine, useTrainingRun } from './hooks/useMlp';
import { SEED_DATA } from '../src/lib/mlp/dataset';
import { networkWidths } from '../src/lib/mlp/digits';
import { countDenseNetwork } from '../src/lib/mlp/parameters';
import { runLabels, styleOf } from '../src/lib/mlp/run-history';
import { runStatus, type RunState } from '../src/lib/mlp/run-state';
import type { EngineState } from '../src/lib/mlp/runtime';
import { useClientStore } from './hooks/useClientStore';
import { parseSettings, SEED_LIMITS, SEED_SETTINGS, settingsInput } from '../src/lib/mlp/settings';
import { $seedSettingsInput, setSeedSetting } from '../src/lib/mlp/store';
import { formatCount } from '../src/lib/core/format';

const SERVER_SETTINGS = settingsInput(SEED_SETTINGS);

function errorOf(engine: EngineState, run: RunState, retry: () => void): PanelError | null {
  if (engine.phase === 'failed') {
    return {
      title: 'TensorFlow.js did not start',
      message: `${engine.message} The parameter table above still works; the training needs a browser with WebAssembly or WebGPU.`,
      action: { label: 'Try again', onAction: retry },
    };
  }
  if (run.phase === 'failed') {
    return {
      title: 'Training stopped with an error',
      message: `${run.message} Change a setting or the backend, then train again.`,
    };
  }
  return null;
}

/**
 * The seed's training run, live: 100 random examples, cross-entropy, SGD,
 * a loss per epoch. TensorFlow.js starts in a worker when this panel scrolls
 * into view; the settings are shared with the network panel above.
 */
export default function TrainingPanel() {
  const { runtime, engine, activeJob } = useMlpEngine();
  const run = useTrainingRun('random', () => SEED_DATA.samples);
  const { state, start, stop } = run;
  // The server's values on the first render: another panel may already have changed the shared settings
  // (text typed before this one woke), and hydration does not patch attributes such as aria-invalid.
  const input = useClientStore($seedSettingsInput, SERVER_SETTINGS);
  const parsed = parseSettings(input, SEED_LIMITS);
  const running = state.phase === 'running';
  const blocked =
    engine.phase !== 'ready'
      ? engine.phase === 'failed'
        ? 'TensorFlow.js is not running.'
        : 'TensorFlow.js is starting…'
      : !parsed.ok
        ? 'Fix the settings marked above first.'
        : activeJob && !running
          ? 'The digits panel is training; wait for it or stop it.'
          : null;
  const epochs = state.phase === 'idle' ? [] : state.epochs;
  const totalEpochs =
    state.phase === 'idle' ? (parsed.ok ? parsed.settings.epochs : 10) : state.settings.epochs;
  const hidden = parsed.ok ? parsed.settings.hiddenSize : null;
  const labels = runLabels(run.runs);
  const lines = run.runs.map((past, i) => ({ ...past, label: labels[i]!, style: styleOf(past.id) }));

  return (
    <PanelFrame
      title="Training the seed’s network"
      runs="Runs in your browser: TensorFlow.js in a worker, on WebGPU or WebAssembly; its files come from this site."
      status={runStatus(state, engine.phase === 'ready' ? engine.backend : null)}
      error={errorOf(engine, state, runtime.start)}
    >
      <SettingsFields
        idPrefix="seed-run"
        fields={['hiddenSize', 'learningRate', 'batchSize', 'epochs']}
        input={input}
        errors={parsed.ok ? {} : parsed.errors}
        limits={SEED_LIMITS}
        disabled={running}
        onChange={setSeedSetting}
      />
      <p class="run-summary">
        {hidden
          ? `${networkWidths(hidden)
              .map((width) => formatCount(width))
              .join(' → ')}: ${formatCount(countDenseNetwork(networkWidths(hidden)).total)} parameters, `
          : ''}
        {SEED_DATA.samples} random examples, fixed seed.
      </p>
      <TrainingControls
        idPrefix="seed-run"
        engine={engine}
        busy={activeJob !== null}
        onBackend={runtime.useBackend}
        state={state}
        blocked={blocked}
        trainLabel="Train"
        onTrain={() => parsed.ok && start(parsed.settings)}
        onStop={stop}
        pace={{
          speed: run.speed,
          onSpeed: run.setSpeed,
          onPause: run.setPaused,
          onStep: () => run.step(parsed.ok ? parsed.settings : null),
        }}
      />
      <EpochChart runs={lines} totalEpochs={totalEpochs} />
      {epochs.length > 0 && (
        <EpochTable epochs={epochs} caption="Mean loss per epoch of the latest run (the chart’s numbers)" />
      )}
      {lines.length > 1 && <RunTable runs={lines} onClear={run.clearHistory} />}
      {/* Not for readers: the end-to-end test reads it to check that a run frees every tensor it makes. */}
      {state.phase === 'finished' && (
        <span hidden data-testid="tensor-count">
          {state.summary.numTensors}
        </span>
      )}
    </PanelFrame>
  );
}
