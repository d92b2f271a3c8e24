import { BACKEND_LABELS, type BackendName } from '../../src/lib/mlp/backends';
import type { EngineState } from '../../src/lib/mlp/runtime';

interface Props {
  idPrefix: string;
  engine: EngineState;
  /** True while a run is going: switching then would pull the tensors out from under it. */
  busy: boolean;
  onChange: (backend: BackendName) => void;
}

/**
 * Which TensorFlow.js backend trains, why, and a way to switch. When WebGPU
 * is missing or only a software adapter, the reason is shown, not hidden.
 */
export function BackendPicker({ idPrefix, engine, busy, onChange }: Props) {
  if (engine.phase !== 'ready') {
    const text =
      engine.phase === 'failed' ? 'none (TensorFlow.js did not start)' : 'checking what works here…';
    return (
      <p class="backend">
        Backend: <strong class="backend__name">{text}</strong>
      </p>
    );
  }
  const webgpu = engine.options.find((option) => option.name === 'webgpu');
  const id = `${idPrefix}-backend`;
  return (
    <div class="backend">
      <p class="backend__line">
        <label for={id}>Backend</label>{' '}
        <select
          class="input"
          id={id}
          value={engine.backend}
          disabled={busy || engine.switching}
          onChange={(event) => onChange(event.currentTarget.value as BackendName)}
        >
          {engine.options.map((option) => (
            <option key={option.name} value={option.name} disabled={!option.usable}>
              {option.name}: {BACKEND_LABELS[option.name]}
              {option.usable ? '' : ' (not available here)'}
            </option>
          ))}
        </select>{' '}
        <span class="backend__current">
          Training runs on{' '}
          <strong class="backend__name" data-backend={engine.backend}>
            {engine.switching ? '…' : engine.backend}
          </strong>
        </span>
      </p>
      {webgpu && (!webgpu.usable || webgpu.software) && engine.backend !== 'webgpu' && (
        <p class="backend__note">
          {webgpu.detail} So TensorFlow.js uses{' '}
          {engine.backend === 'wasm' ? 'WebAssembly on your CPU' : 'plain JavaScript'} instead, which is
          plenty for a network this small.{webgpu.usable ? ' You can still pick webgpu above to try it.' : ''}
        </p>
      )}
      <details class="backend__details">
        <summary>What each backend needs, and what this browser has</summary>
        <ul>
          {engine.options.map((option) => (
            <li key={option.name}>
              <strong>{option.name}</strong> ({option.usable ? 'available' : 'not available'}):{' '}
              {option.detail}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
