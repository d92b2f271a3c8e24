import { useEffect, useRef, useState } from 'preact/hooks';
import type { HeatmapCell } from '../../src/lib/model/layer-trace';
import { gridMove } from '../../src/lib/model/layer-tokens';

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
 * position j, both labelled with their tokens. Colour is the weight; masked
 * cells are hatched (later positions) or dotted (outside the sliding window),
 * so the mask reads without colour. One tab stop: arrow keys move cell by
 * cell, and hovering or focusing a cell reads out its query, key and weight;
 * a click (or Enter) follows that query position through the layer from the
 * attention step the weight comes from.
 */
export function AttentionHeatmap({
  rows,
  ids,
  head,
  position,
  label,
  onPick,
}: HeadAttentionProps & { onPick: (query: number) => void }) {
  const n = ids.length;
  const [at, setAt] = useState({ query: position, key: position });
  const grid = useRef<HTMLDivElement>(null);
  // A new prompt or position puts the reading on the picked row's own token, unless it is already on that row
  // (a click on a cell picks its row: the focus stays on the cell).
  useEffect(
    () =>
      setAt((previous) =>
        previous.query === position && previous.key < n ? previous : { query: position, key: position },
      ),
    [position, n],
  );
  const token = (index: number) => `${index} ${label(ids[index]!)}`;
  const words = (cell: HeatmapCell) =>
    cell.state === 'seen' ? `weight ${cell.weight.toFixed(3)}` : STATE_WORDS[cell.state];
  const focused = rows[at.query]?.[at.key];
  const onKeyDown = (event: KeyboardEvent) => {
    const next = gridMove(at, event.key, n);
    if (!next) return;
    event.preventDefault();
    setAt(next);
    grid.current?.querySelector<HTMLElement>(`[data-cell="${next.query}-${next.key}"]`)?.focus();
  };
  return (
    <div class="heatmap-figure">
      <div
        class="heatmap"
        role="group"
        ref={grid}
        onKeyDown={onKeyDown}
        aria-label={`Attention of head ${head}: rows are query positions, columns key positions; arrow keys move between cells`}
        style={{ gridTemplateColumns: `max-content repeat(${n}, 1.15rem)` }}
      >
        <span class="heatmap__corner" aria-hidden="true">
          query ↓ key →
        </span>
        {ids.map((_, key) => (
          <span
            key={`k${key}`}
            class={`heatmap__label heatmap__label--key${key === at.key ? ' heatmap__label--on' : ''}`}
            aria-hidden="true"
          >
            {token(key)}
          </span>
        ))}
        {rows.map((row, query) => [
          <span
            key={`q${query}`}
            class={`heatmap__label heatmap__label--query${query === position ? ' heatmap__label--picked' : ''}${query === at.query ? ' heatmap__label--on' : ''}`}
            aria-hidden="true"
          >
            {token(query)}
          </span>,
          ...row.map((cell) => (
            <button
              type="button"
              key={`${query}-${cell.key}`}
              data-cell={`${query}-${cell.key}`}
              tabIndex={query === at.query && cell.key === at.key ? 0 : -1}
              class={`heatmap__cell heatmap__cell--${cell.state}${query === position ? ' heatmap__cell--picked' : ''}`}
              style={cell.state === 'seen' ? { background: shade(cell.weight) } : undefined}
              aria-label={`Query ${query} ${label(ids[query]!)}, key ${cell.key} ${label(ids[cell.key]!)}: ${words(cell)}`}
              onMouseEnter={() => setAt({ query, key: cell.key })}
              onFocus={() => setAt({ query, key: cell.key })}
              onClick={() => onPick(query)}
            />
          )),
        ])}
      </div>
      <p class="heatmap__readout" aria-live="polite">
        {focused &&
          `Query ${token(at.query)} → key ${token(at.key)}: ${words(focused)}. Click or press Enter to follow position ${at.query} through the layer from its attention step.`}
      </p>
    </div>
  );
}
