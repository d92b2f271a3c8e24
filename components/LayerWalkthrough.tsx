import { useMemo, useRef, useState } from 'preact/hooks';
import './ui/parameters.css';
import './ui/inside-mistral.css';
import { AttentionHeatmap } from './ui/AttentionHeatmap';
import { AttentionTable } from './ui/AttentionTable';
import { HeadComparison } from './ui/HeadComparison';
import { LayerControls } from './ui/LayerControls';
import { LayerStages } from './ui/LayerStages';
import { OwnTextPrompt } from './ui/TextToIds';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { ScrollRegion } from './ui/ScrollRegion';
import { useInPageWeights } from './hooks/useInPageWeights';
import { loadingMessage } from '../src/lib/generation/describe';
import { POCKET_CONFIG, kvHeadOf } from '../src/lib/glassbox/config';
import type { GlassBoxWeights } from '../src/lib/glassbox/weights';
import { formatIds, parseIds, PROMPT_PRESETS, tokenLabel } from '../src/lib/model/layer-prompts';
import { formatCount } from '../src/lib/core/format';
import {
  headGroups,
  headRowsAt,
  heatmapRows,
  logitsAt,
  traceLayer,
  type LayerTrace,
} from '../src/lib/model/layer-trace';
import { IN_PAGE_MODELS, type InPageModelId } from '../src/lib/pocket/models';

type Run = { trace: LayerTrace; ms: number } | { error: PanelError };

function run(ids: readonly number[], layer: number, weights: GlassBoxWeights): Run {
  const started = performance.now();
  try {
    const trace = traceLayer(ids, layer, POCKET_CONFIG, weights);
    return { trace, ms: performance.now() - started };
  } catch (error) {
    return { error: { title: 'The layer could not be traced', message: (error as Error).message } };
  }
}

/**
 * One decoder layer step by step on the pocket model (or the same model
 * before training), computed in the page: pick a prompt, a token position, a
 * layer and a head; every step shows its shape and its first values, and
 * each head's attention is a heatmap (with the causal mask and the sliding
 * window) beside a table of the same numbers.
 */
export default function LayerWalkthrough() {
  const config = POCKET_CONFIG;
  const [model, setModel] = useState<InPageModelId>('pocket');
  const { state: weights, retry } = useInPageWeights(model);
  const [idsText, setIdsText] = useState(() => formatIds(PROMPT_PRESETS[0]!.ids));
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  // Until the tokenizer has described the reader's own text, the seed's pieces label the tokens.
  const [labels, setLabels] = useState<ReadonlyMap<number, string>>(new Map());
  const label = (id: number) => tokenLabel(id, labels);
  const parsed = parseIds(idsText, config.vocabSize);
  // While the box holds ids that cannot be traced, keep showing the last ones that could.
  const lastGood = useRef<readonly number[]>(PROMPT_PRESETS[0]!.ids);
  if (parsed.ok && parsed.ids.join(',') !== lastGood.current.join(',')) lastGood.current = parsed.ids;
  const ids = lastGood.current;
  const position = Math.min(picked ?? ids.length - 1, ids.length - 1);
  const ready = weights.phase === 'ready' ? weights.weights : null;
  const result = useMemo(() => (ready ? run(ids, layer, ready) : null), [ids, layer, ready]);
  const trace = result && 'trace' in result ? result.trace : null;
  const logits = useMemo(() => (trace ? logitsAt(trace, position) : null), [trace, position]);
  const rows = useMemo(() => (trace ? heatmapRows(trace, head) : null), [trace, head]);
  const group = headGroups(config).find((members) => members.includes(head))!;
  const partners = group.filter((member) => member !== head);

  const modelName = model === 'pocket' ? 'the pocket model' : 'the untrained model';
  const status =
    weights.phase === 'loading'
      ? loadingMessage({ phase: 'opening', loaded: weights.loaded, total: weights.total })
      : !parsed.ok
        ? `Showing the last valid prompt (${formatCount(ids.length, 'token')}) until the ids are fixed.`
        : trace && result && 'ms' in result
          ? `Layer ${layer}, head ${head}, position ${position} (${label(ids[position]!)}): ${formatCount(ids.length, 'token')} through ${modelName} in ${Math.max(1, Math.round(result.ms))} ms.`
          : '';
  const error: PanelError | null =
    weights.phase === 'error'
      ? {
          title: 'The pocket model’s weights did not load',
          message: `${weights.message} Pick “before training” to step through the same architecture with random weights, which needs no download, or try again.`,
          action: { label: 'Try again', onAction: retry },
        }
      : result && 'error' in result
        ? result.error
        : null;

  return (
    <PanelFrame
      title="One layer, step by step"
      runs="Runs in your browser: the pocket model (Mistral’s architecture, 128 numbers wide, 6 layers, trained by this site; its weights, about 4 MB, download when this panel first shows) or the same model with random weights, in plain TypeScript on the main thread."
      status={status}
      error={error}
    >
      <fieldset class="engine-choice__options layer-model">
        <legend>Weights</legend>
        {(['pocket', 'untrained'] as const).map((id) => (
          <label key={id}>
            <input type="radio" name="layer-model" checked={model === id} onChange={() => setModel(id)} />{' '}
            {id === 'pocket' ? 'Trained (the pocket model)' : 'Before training (random)'}
          </label>
        ))}
      </fieldset>
      <p class="layer-model__note">{IN_PAGE_MODELS[model].note}</p>
      <OwnTextPrompt
        onTokens={(text, known) => {
          setIdsText(text);
          setLabels(known);
          setPicked(null);
        }}
      />
      <LayerControls
        label={label}
        config={config}
        idsText={idsText}
        idsError={parsed.ok ? null : parsed.message}
        ids={ids}
        position={position}
        layer={layer}
        head={head}
        onIdsText={(text) => {
          setIdsText(text);
          setPicked(null);
        }}
        onPosition={setPicked}
        onLayer={setLayer}
        onHead={setHead}
      />
      {trace && logits && rows && (
        <div class="layer-walkthrough">
          <LayerStages label={label} trace={trace} position={position} head={head} logits={logits} />
          <div class="layer-attention">
            <p class="layer-attention__groups">
              Head {head} reads key/value head {kvHeadOf(head, config)}
              {partners.length > 0 ? `, which it shares with head ${partners.join(' and ')}` : ''}. Each query
              position sees at most {config.slidingWindow} positions: itself and the{' '}
              {config.slidingWindow - 1} before it.
            </p>
            <ScrollRegion label={`Attention heatmap of head ${head}`}>
              <AttentionHeatmap label={label} rows={rows} ids={ids} head={head} position={position} />
            </ScrollRegion>
            <p class="heatmap-legend">
              <span class="heatmap-legend__swatch heatmap-legend__swatch--scale" aria-hidden="true" /> the
              stronger the colour against the page, the more attention (weight 0 to 1);{' '}
              <span class="heatmap-legend__swatch heatmap__cell--future" aria-hidden="true" /> hatched: a
              later position (causal mask);{' '}
              <span class="heatmap-legend__swatch heatmap__cell--window" aria-hidden="true" /> dotted: outside
              the sliding window. The outlined row is position {position}.
            </p>
            <ScrollRegion label={`Attention weights of head ${head}, as a table`}>
              <AttentionTable label={label} rows={rows} ids={ids} head={head} position={position} />
            </ScrollRegion>
            <ScrollRegion label={`Position ${position} in every head`}>
              <HeadComparison
                label={label}
                rows={headRowsAt(trace, position)}
                ids={ids}
                position={position}
                head={head}
              />
            </ScrollRegion>
          </div>
        </div>
      )}
      <p class="layer-note">
        In the real Mistral-7B every shape here grows (4,096 numbers wide instead of 128, 32 query heads
        sharing 8 key/value heads instead of 4 sharing 2, 32 layers instead of 6, a window of 4,096 instead of
        64) and its weights learned from far more text, so the numbers and the patterns differ; the
        operations, in this order, are exactly the same.
      </p>
    </PanelFrame>
  );
}
