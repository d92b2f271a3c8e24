import type { HeatmapCell } from '../../src/lib/model/layer-trace';

/** One head's attention over the sequence, as the heatmap and its table twin (AttentionTable) both take it. */
export interface HeadAttentionProps {
  /** A token's text for labels (the seed pieces, or what the tokenizer gave). */
  label: (id: number) => string;
  rows: HeatmapCell[][];
  ids: readonly number[];
  head: number;
  /** The query position the reader picked: its row is marked. */
  position: number;
}

const STATE_WORDS = {
  future: 'masked: a later position',
  window: 'masked: outside the sliding window',
} as const;

/** Colour from the page background (weight 0) to the accent colour (weight 1). */
const shade = (weight: number) =>
  `color-mix(in srgb, var(--color-accent) ${Math.round(weight * 100)}%, var(--color-bg))`;

/**
 * One head's attention as a grid: row i is query position i, column j key
 * position j. Colour is the weight; each cell's accessible name says the
 * weight in numbers. Masked cells are hatched (later positions) or dotted
 * (outside the sliding window), so the mask reads without colour.
 */
export function AttentionHeatmap({ rows, ids, head, position, label }: HeadAttentionProps) {
  const n = ids.length;
  return (
    <div
      class="heatmap"
      role="group"
      aria-label={`Attention of head ${head}: rows are query positions, columns key positions`}
      style={{ gridTemplateColumns: `auto repeat(${n}, 1.15rem)` }}
    >
      <span class="heatmap__corner" aria-hidden="true">
        q\k
      </span>
      {ids.map((_, key) => (
        <span key={`k${key}`} class="heatmap__label" aria-hidden="true">
          {key}
        </span>
      ))}
      {rows.map((row, query) => [
        <span
          key={`q${query}`}
          class={`heatmap__label${query === position ? ' heatmap__label--picked' : ''}`}
          aria-hidden="true"
        >
          {query}
        </span>,
        ...row.map((cell) => {
          const words = cell.state === 'seen' ? `weight ${cell.weight.toFixed(3)}` : STATE_WORDS[cell.state];
          return (
            <span
              key={`${query}-${cell.key}`}
              role="img"
              class={`heatmap__cell heatmap__cell--${cell.state}${query === position ? ' heatmap__cell--picked' : ''}`}
              style={cell.state === 'seen' ? { background: shade(cell.weight) } : undefined}
              aria-label={`Query ${query} ${label(ids[query]!)}, key ${cell.key} ${label(ids[cell.key]!)}: ${words}`}
            />
          );
        }),
      ])}
    </div>
  );
}
