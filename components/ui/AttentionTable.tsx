import type { HeatmapCell } from '../../src/lib/model/layer-trace';
import type { HeadAttentionProps } from './AttentionHeatmap';

/**
 * One attention weight as a table cell: the number, or for a masked key a
 * sign with its reason in words (the causal mask, or the sliding window).
 */
export function AttentionCell({
  cell,
  digits,
  background,
  class: extra,
}: {
  cell: HeatmapCell;
  digits: number;
  background?: string;
  /** More classes for the cell (a marked column). */
  class?: string | undefined;
}) {
  const more = extra ? ` ${extra}` : '';
  if (cell.state === 'seen') {
    return (
      <td class={`numeric${more}`} style={background ? { background } : undefined}>
        {cell.weight.toFixed(digits)}
      </td>
    );
  }
  return (
    <td class={`numeric attention-table__masked${more}`}>
      <span aria-hidden="true">{cell.state === 'future' ? '–' : '×'}</span>
      <span class="visually-hidden">
        {cell.state === 'future' ? 'masked, later position' : 'masked, outside the window'}
      </span>
    </td>
  );
}

/** The header row of an attention table: `corner` above the row labels, then one column per key position. */
export function KeyColumns({
  corner,
  ids,
  label,
}: {
  corner: string;
  ids: readonly number[];
  label: (id: number) => string;
}) {
  return (
    <thead>
      <tr>
        <th scope="col">{corner}</th>
        {ids.map((id, key) => (
          <th key={key} scope="col" class="numeric">
            {key} {label(id)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The heatmap's table twin: every weight as a number, masked cells marked in words for screen readers. */
export function AttentionTable({ rows, ids, head, position, label }: HeadAttentionProps) {
  return (
    <table class="attention-table" data-head={head}>
      <caption>
        Attention weights of head {head}: each row is a query position and adds up to 1; “–” is masked because
        the key comes later, “×” because it is outside the sliding window.
      </caption>
      <KeyColumns corner="Query \ key" ids={ids} label={label} />
      <tbody>
        {rows.map((row, query) => (
          <tr key={query} class={query === position ? 'attention-table__picked' : undefined}>
            <th scope="row">
              {query} {label(ids[query]!)}
            </th>
            {row.map((cell) => (
              <AttentionCell key={cell.key} cell={cell} digits={3} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
