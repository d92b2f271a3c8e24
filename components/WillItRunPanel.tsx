import { useEffect } from 'preact/hooks';
import './ui/loading.css';
import { FindingList } from './ui/FindingList';
import { PanelFrame } from './ui/PanelFrame';
import { useClientStore } from './hooks/useClientStore';
import { llm } from './page/llm-state';
import { adapterName, isSoftwareAdapter } from '../src/lib/core/webgpu';
import { freeStorageBytes, type DeviceReport } from '../src/lib/device/report';
import { formatBytes } from '../src/lib/core/format';
import { MODEL_ORDER, MODELS } from '../src/lib/llm/models';

const { $deviceCheck, runDeviceCheck } = llm();

const bytes = (value: number | null) => (value === null ? 'not reported' : formatBytes(value));

function facts(report: DeviceReport): Array<[string, string]> {
  const { webgpu, storage } = report;
  const rows: Array<[string, string]> = [];
  if (webgpu.status === 'ok') {
    const software = isSoftwareAdapter(webgpu.adapter);
    rows.push(['WebGPU', 'yes']);
    rows.push(['GPU adapter', `${adapterName(webgpu.adapter)}${software ? ' (software, on the CPU)' : ''}`]);
    rows.push(['shader-f16', webgpu.features.includes('shader-f16') ? 'yes' : 'no']);
    rows.push(['maxBufferSize', formatBytes(webgpu.limits.maxBufferSize)]);
    rows.push(['maxStorageBufferBindingSize', formatBytes(webgpu.limits.maxStorageBufferBindingSize)]);
  } else {
    rows.push([
      'WebGPU',
      webgpu.status === 'unsupported'
        ? 'no (navigator.gpu is missing)'
        : webgpu.status === 'no-adapter'
          ? 'present, but no GPU adapter'
          : 'error',
    ]);
  }
  rows.push([
    'Storage this site may use',
    `${bytes(storage.quotaBytes)} (${bytes(freeStorageBytes(storage))} free)`,
  ]);
  rows.push([
    'Persistent storage',
    storage.persisted === null ? 'not reported' : storage.persisted ? 'yes' : 'not yet',
  ]);
  rows.push([
    'RAM the browser reports',
    report.deviceMemoryGB === null ? 'not reported' : `${report.deviceMemoryGB} GB`,
  ]);
  return rows;
}

/**
 * "Will it run here?": what this browser says about its GPU and storage, and
 * the verdict for each model, computed by src/lib/device/verdict.ts.
 */
export default function WillItRunPanel() {
  const check = useClientStore($deviceCheck, { phase: 'checking' });
  useEffect(() => void runDeviceCheck(), []);
  const done = check.phase === 'done' ? check : null;

  return (
    <PanelFrame
      title="Will it run here?"
      runs="Runs in your browser: asks WebGPU and the Storage API about this device. Nothing is downloaded."
      status={done ? done.verdict.headline : 'Asking this browser about its GPU and storage…'}
    >
      {done && (
        <>
          <dl class="device-facts">
            {facts(done.report).map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <FindingList findings={done.verdict.reasons} label="What this device means for the model" />
          <div class="table-scroll" role="region" aria-labelledby="verdict-table-caption" tabIndex={0}>
            <table class="verdict-table table-stack" role="table">
              <caption id="verdict-table-caption">Each model on this device</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">
                    Model
                  </th>
                  <th scope="col" role="columnheader">
                    GPU memory (WebLLM)
                  </th>
                  <th scope="col" role="columnheader">
                    Here
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {MODEL_ORDER.map((key) => {
                  const model = MODELS[key];
                  const verdict = done.verdict.models[key];
                  const against = verdict.findings.filter((finding) => finding.severity !== 'ok');
                  return (
                    <tr key={key} role="row" data-recommended={done.verdict.recommended === key || undefined}>
                      <th scope="row" role="rowheader">
                        {model.title}
                        <span class="loading-muted"> · {model.build}</span>
                        {!model.isMistral && <span class="tag">different model</span>}
                      </th>
                      <td role="cell" data-label="GPU memory (WebLLM)">
                        {formatBytes(model.gpuMemoryBytes)}
                      </td>
                      <td role="cell" data-label="Here">
                        <strong>
                          {verdict.runnable
                            ? done.verdict.recommended === key
                              ? 'Recommended'
                              : 'Can run'
                            : 'Cannot run'}
                        </strong>
                        {against.length > 0 && (
                          <span> · {against.map((finding) => finding.text).join(' ')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {done.verdict.status === 'no-webgpu' && (
            <div class="still-do">
              <p class="still-do__title">What you can still do here</p>
              <ul>
                <li>
                  Read on: every step below is explained with the real numbers, and the memory predictor above
                  works anywhere.
                </li>
                <li>The Tokens and Chat template chapters run on the CPU, in any browser.</li>
                <li>
                  To load the model, open this page in a browser with WebGPU: current Chrome or Edge on a
                  computer with a GPU and hardware acceleration on.
                </li>
              </ul>
            </div>
          )}
          <button type="button" class="button button--quiet" onClick={() => void runDeviceCheck(true)}>
            Check again
          </button>
        </>
      )}
    </PanelFrame>
  );
}
