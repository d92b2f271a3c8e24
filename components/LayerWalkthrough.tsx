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
import { POCKET_CONFIG, kvHeadOf } from '../src/lib/glassbox/config';
import { formatIds, parseIds, PROMPT_PRESETS, tokenLabel } from '../src/lib/model/layer-prompts';
import {
  headGroups,
  headRowsAt,
  heatmapRows,
  logitsAt,
  traceLayer,
  type LayerTrace,
} from '../src/lib/model/layer-trace';

type Run = { trace: LayerTrace; ms: number } | { error: PanelError };

function run(ids: readonly number[], layer: number): Run {
  const started = performance.now();
  try {
    const trace = traceLayer(ids, layer);
    return { trace, ms: performance.now() - started };
  } catch (error) {
    return { error: { title: 'The layer could not be traced', message: (error as Error).message } };
  }
}

/**
 * One decoder layer step by step on the glass box, computed in the page:
 * pick a prompt, a token position, a layer and a head; every step shows its
 * shape and its first values, and each head's attention is a heatmap (with
 * the causal mask and the sliding window) beside a table of the same numbers.
 */
export default function LayerWalkthrough() {
  const config = POCKET_CONFIG;
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
  const result = useMemo(() => run(ids, layer), [ids, layer]);
  const trace = 'trace' in result ? result.trace : null;
  const logits = useMemo(() => (trace ? logitsAt(trace, position) : null), [trace, position]);
  const rows = useMemo(() => (trace ? heatmapRows(trace, head) : null), [trace, head]);
  const group = headGroups(config).find((members) => members.includes(head))!;
  const partners = group.filter((member) => member !== head);

  const status = !parsed.ok
    ? `Showing the last valid prompt (${ids.length} tokens) until the ids are fixed.`
    : trace && 'ms' in result
      ? `Layer ${layer}, head ${head}, position ${position} (${label(ids[position]!)}): ${ids.length} tokens through the glass box in ${Math.max(1, Math.round(result.ms))} ms.`
      : '';

  return (
    <PanelFrame
      title="One layer, step by step"
      runs="Runs in your browser: the glass box (Mistral’s architecture, 64 numbers wide, untrained) in plain TypeScript on the main thread; nothing to download."
      status={status}
      error={'error' in result ? result.error : null}
    >
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
              <span class="heatmap-legend__swatch heatmap__cell--seen" aria-hidden="true" /> darker: more
              attention; <span class="heatmap-legend__swatch heatmap__cell--future" aria-hidden="true" />{' '}
              hatched: a later position (causal mask);{' '}
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
        In the real Mistral-7B every shape here grows (4,096 numbers wide instead of 64, 32 query heads
        sharing 8 key/value heads, 32 layers, a window of 4,096) and the weights are trained rather than drawn
        at random, so the numbers and the patterns would differ; the operations, in this order, are exactly
        the same.
      </p>
    </PanelFrame>
  );
}
