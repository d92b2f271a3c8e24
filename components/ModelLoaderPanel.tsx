import { useEffect, useState } from 'preact/hooks';
import './ui/loading.css';
import { LoadProgress } from './ui/LoadProgress';
import { ModelChoice } from './ui/ModelChoice';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { useClientStore } from './hooks/useClientStore';
import { llm } from './page/llm-state';
import { explainLoadError } from '../src/lib/llm/errors';
import { inForeignFrame } from '../src/lib/framing';
import { cacheLine, engineStatus, loadButtonLabel } from '../src/lib/llm/loader-view';
import { MODEL_ORDER, MODELS, WEBLLM_SOURCE, type ModelKey } from '../src/lib/llm/models';

const {
  $cacheStatus,
  $deviceCheck,
  $engineState,
  askForPersistentStorage,
  engine,
  recordFor,
  refreshCacheStatus,
  runDeviceCheck,
  testModelHost,
} = llm();

/**
 * Loads a model through WebLLM for real, always on the reader's click: the
 * button states the download, the bar shows WebLLM's progress, and every
 * failure comes with a way forward. The engine lives in the page's LLM
 * store (components/page/llm-state.ts), not in this island, so it outlives the panel.
 */
export default function ModelLoaderPanel() {
  const check = useClientStore($deviceCheck, { phase: 'checking' });
  const state = useClientStore($engineState, { phase: 'idle' });
  const cacheStatus = useClientStore($cacheStatus, {});
  const [chosen, setChosen] = useState<ModelKey | null>(null);
  const [cacheError, setCacheError] = useState<string | null>(null);
  const [host, setHost] = useState<string | null>(null);
  // Another site's frame could trick a click into a multi-gigabyte download: then the button waits for the own tab.
  const [framed, setFramed] = useState(false);
  useEffect(() => {
    setFramed(inForeignFrame(window));
    setHost(testModelHost());
    void runDeviceCheck();
    void refreshCacheStatus();
  }, []);

  const verdict = check.phase === 'done' ? check.verdict : null;
  const persisted = check.phase === 'done' ? check.report.storage.persisted : null;
  const busy = state.phase === 'loading' || state.phase === 'cancelling';
  const selected =
    busy || state.phase === 'ready' || state.phase === 'error'
      ? (chosen ?? state.model)
      : (chosen ?? verdict?.recommended ?? (verdict ? 'mistral-f16' : null));
  const runnable = selected !== null && verdict?.models[selected].runnable === true;
  const model = selected ? MODELS[selected] : null;
  const cache = selected ? cacheStatus[selected] : undefined;

  const load = (key: ModelKey) => {
    if (inForeignFrame(window)) return;
    setChosen(key);
    setCacheError(null);
    // Ask before the download, so a granted request protects the files as they arrive.
    void askForPersistentStorage();
    engine().load(key, recordFor(key));
  };
  const clearCache = async (key: ModelKey) => {
    setCacheError(null);
    try {
      await engine().clearCache(recordFor(key));
    } catch (error) {
      setCacheError(
        `The stored files could not be deleted: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await refreshCacheStatus();
  };

  let error: PanelError | null = null;
  if (state.phase === 'error') {
    const explanation = explainLoadError(state.error);
    const smaller = MODEL_ORDER.slice(MODEL_ORDER.indexOf(state.model) + 1).find(
      (key) => verdict?.models[key].runnable,
    );
    const action =
      explanation.action === 'use-f32' && verdict?.models['mistral-f32'].runnable
        ? { label: 'Choose the 32-bit build instead', onAction: () => setChosen('mistral-f32') }
        : explanation.action === 'use-smaller' && smaller
          ? { label: `Choose ${MODELS[smaller].title} instead`, onAction: () => setChosen(smaller) }
          : explanation.action === 'clear-and-retry'
            ? {
                label: 'Delete the stored files and try again',
                onAction: () => void clearCache(state.model).then(() => engine().retry()),
              }
            : explanation.action === 'none'
              ? undefined
              : { label: 'Try again', onAction: () => engine().retry() };
    error = {
      title: explanation.title,
      message: `${explanation.message} (Details: ${explanation.technical})`,
      ...(action ? { action } : {}),
    };
  }

  return (
    <PanelFrame
      title="Load the model"
      runs={`Runs in your browser: WebLLM (${WEBLLM_SOURCE}) in a worker, on WebGPU. Model files come from Hugging Face, the compiled GPU code from GitHub.`}
      status={engineStatus(state, MODELS)}
      error={error}
    >
      {host && <p class="test-host-note">Test mode: model files come from {host}, not from Hugging Face.</p>}
      <ModelChoice
        selected={selected}
        verdicts={verdict?.models ?? null}
        disabled={busy}
        onSelect={setChosen}
      />
      {model && <p class="cache-line">{cacheLine(cache)}</p>}
      {persisted !== null && (
        <p class="persist-line">
          {persisted
            ? 'Persistent storage: granted, so the browser keeps the stored files until you delete them.'
            : 'Persistent storage: not granted (yet); the browser may delete stored files when the disk runs short.'}
        </p>
      )}
      {cacheError && <p class="cache-error">{cacheError}</p>}
      {state.phase === 'loading' && <LoadProgress state={state} onCancel={() => engine().cancel()} />}
      {!busy && (
        <div class="loader-actions">
          <button
            type="button"
            class="button"
            disabled={framed || !runnable || (state.phase === 'ready' && state.model === selected)}
            aria-describedby={framed ? 'loader-framed' : runnable ? undefined : 'loader-why-not'}
            onClick={() => selected && load(selected)}
          >
            {model ? loadButtonLabel(model, cache) : 'Load a model'}
          </button>
          {state.phase === 'ready' && (
            <button type="button" class="button button--quiet" onClick={() => void engine().unload()}>
              Unload (free GPU memory)
            </button>
          )}
          {selected &&
            (cache?.state === 'complete' || cache?.state === 'partial') &&
            !(state.phase === 'ready' && state.model === selected) && (
              <button type="button" class="button button--quiet" onClick={() => void clearCache(selected)}>
                Delete stored files
              </button>
            )}
        </div>
      )}
      {framed && (
        <p class="loader-why-not" id="loader-framed">
          This page is shown inside another site’s frame, so the download will not start here: it is
          gigabytes, and only you should decide on it.{' '}
          <a href={location.href} target="_blank" rel="noopener">
            Open this chapter in its own tab
          </a>{' '}
          to load a model.
        </p>
      )}
      {!runnable && verdict && (
        <p class="loader-why-not" id="loader-why-not">
          {verdict.status === 'no-webgpu'
            ? verdict.headline
            : 'This model cannot run on this device; choose another above.'}
        </p>
      )}
    </PanelFrame>
  );
}
