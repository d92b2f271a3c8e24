import { useState } from 'preact/hooks';
import './ui/loading.css';
import { PanelFrame } from './ui/PanelFrame';
import { formatBytes, formatCount, formatPercent } from '../src/lib/core/format';
import {
  browserShareOfSeed,
  buildRows,
  CONTEXT_STEPS,
  contextRow,
  START_CONTEXT_STEP,
  weightRows,
} from '../src/lib/llm/memory-report';
import { MODELS } from '../src/lib/llm/models';

/** The build comparison's column headers; each data cell repeats its own as `data-label` for the phone layout. */
const BUILD_COLUMNS = [
  'Build',
  'Weights',
  'Key/value cache (context WebLLM reserves)',
  'Rest (activations, buffers)',
  'WebLLM’s figure',
] as const;

/**
 * The memory predictor: Mistral-7B's weights in each number format, the
 * key/value cache as the context grows, and each WebLLM build predicted from
 * those two beside WebLLM's own figure. Pure arithmetic, no download.
 */
export default function MemoryPanel() {
  const [step, setStep] = useState(START_CONTEXT_STEP);
  const tokens = CONTEXT_STEPS[step]!;
  const context = contextRow(tokens);
  const share = browserShareOfSeed();
  const mistral = MODELS['mistral-f16'];

  return (
    <PanelFrame
      title="Memory predictor"
      runs="Runs in your browser: arithmetic on Mistral-7B’s shape and WebLLM’s published figures. Nothing to download."
      status={`At ${formatCount(tokens, 'token')} of context the key/value cache takes ${formatBytes(context.kvCache)}.`}
    >
      <table class="memory-table table-stack" role="table">
        <caption>
          Mistral-7B’s {formatCount(mistral.parameters)} weights, stored in each number format
        </caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Format
            </th>
            <th scope="col" role="columnheader">
              Bytes per weight
            </th>
            <th scope="col" role="columnheader">
              Weights in memory
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {weightRows().map((row) => (
            <tr key={row.label} role="row" data-seed={row.bytesPerWeight === 2 || undefined}>
              <th scope="row" role="rowheader">
                {row.label}
                {row.bytesPerWeight === 2 && <span class="tag">the seed’s load</span>}
              </th>
              <td role="cell" data-label="Bytes per weight">
                {row.bytesPerWeight}
              </td>
              <td role="cell" data-label="Weights in memory">
                {formatBytes(row.bytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <label class="field-label" for="context-length">
        Context length: {formatCount(tokens, 'token')}
      </label>
      <input
        id="context-length"
        class="context-slider"
        type="range"
        min={0}
        max={CONTEXT_STEPS.length - 1}
        step={1}
        value={step}
        aria-valuetext={formatCount(tokens, 'token')}
        onInput={(event) => setStep(Number(event.currentTarget.value))}
      />
      <dl class="device-facts">
        <div>
          <dt>Key/value cache (fp16, 8 key/value heads)</dt>
          <dd>{formatBytes(context.kvCache)}</dd>
        </div>
        <div>
          <dt>Same cache if all 32 heads kept their own</dt>
          <dd>{formatBytes(context.kvWithoutGqa)}</dd>
        </div>
        <div>
          <dt>4-bit weights (q4f16_1) plus this cache</dt>
          <dd>{formatBytes(context.total)}</dd>
        </div>
      </dl>

      <div class="table-scroll" role="region" aria-labelledby="memory-builds-caption" tabIndex={0}>
        <table class="memory-table table-stack" role="table">
          <caption id="memory-builds-caption">
            Each WebLLM build: predicted parts beside WebLLM’s own figure
          </caption>
          <thead role="rowgroup">
            <tr role="row">
              {BUILD_COLUMNS.map((name) => (
                <th key={name} scope="col" role="columnheader">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup">
            {buildRows().map((row) => (
              <tr key={row.model.key} role="row">
                <th scope="row" role="rowheader">
                  {row.model.title} <span class="loading-muted">{row.model.quantization.name}</span>
                  {!row.model.isMistral && <span class="tag">different model</span>}
                </th>
                {[
                  formatBytes(row.weights),
                  `${formatBytes(row.kvCache)} at ${formatCount(row.contextTokens, 'token')}`,
                  formatBytes(row.rest),
                  formatBytes(row.webllm),
                ].map((value, index) => (
                  <td key={index} role="cell" data-label={BUILD_COLUMNS[index + 1]}>
                    {value}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="memory-note">
        The seed’s fp16 load: {formatBytes(share.seedBytes)} of weights. The browser’s 16-bit build:{' '}
        {formatBytes(share.browserBytes)} in all, {formatPercent(share.share, 0)} of that.
      </p>
    </PanelFrame>
  );
}
