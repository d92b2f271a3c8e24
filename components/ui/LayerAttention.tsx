import { useMemo } from 'preact/hooks';
import { AttentionHeatmap } from './AttentionHeatmap';
import { AttentionTable } from './AttentionTable';
import { HeadComparison } from './HeadComparison';
import { ScrollRegion } from './ScrollRegion';
import { kvHeadOf } from '../../src/lib/glassbox/config';
import { headGroups, headRowsAt, heatmapRows, type LayerTrace } from '../../src/lib/model/layer-trace';

interface Props {
  trace: LayerTrace;
  label: (id: number) => string;
  position: number;
  head: number;
  /** A heatmap cell was chosen: follow its query position from the attention step. */
  onPick: (query: number) => void;
}

/**
 * The chosen head’s attention as a heatmap labelled with the tokens, its
 * legend and table twin, and the chosen position in every head.
 */
export function LayerAttention({ trace, label, position, head, onPick }: Props) {
  const { config, ids } = trace;
  const rows = useMemo(() => heatmapRows(trace, head), [trace, head]);
  const group = headGroups(config).find((members) => members.includes(head))!;
  const partners = group.filter((member) => member !== head);
  return (
    <div class="layer-attention">
      <p class="layer-attention__groups">
        Head {head} reads key/value head {kvHeadOf(head, config)}
        {partners.length > 0 ? `, which it shares with head ${partners.join(' and ')}` : ''}. Each query
        position sees at most {config.slidingWindow} positions: itself and the {config.slidingWindow - 1}{' '}
        before it.
      </p>
      <ScrollRegion label={`Attention heatmap of head ${head}`}>
        <AttentionHeatmap
          label={label}
          rows={rows}
          ids={ids}
          head={head}
          position={position}
          onPick={onPick}
        />
      </ScrollRegion>
      <p class="heatmap-legend">
        <span class="heatmap-legend__swatch heatmap-legend__swatch--scale" aria-hidden="true" /> the stronger
        the colour against the page, the more attention (weight 0 to 1);{' '}
        <span class="heatmap-legend__swatch heatmap__cell--future" aria-hidden="true" /> hatched: a later
        position (causal mask);{' '}
        <span class="heatmap-legend__swatch heatmap__cell--window" aria-hidden="true" /> dotted: outside the
        sliding window. The outlined row is position {position}.
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
  );
}
