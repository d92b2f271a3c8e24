import { AttentionCell } from './AttentionTable';
import type { HeadRow } from '../../src/lib/model/layer-trace';

interface Props {
  /** A token's text for labels (the seed pieces, or what the tokenizer gave). */
  label: (id: number) => string;
  rows: HeadRow[];
  ids: readonly number[];
  position: number;
  /** The head shown in the large heatmap: its column is marked. */
  head: number;
}

/** Colour from the page background (weight 0) towards the accent (weight 1); at most 40% so the number stays readable in both themes. */
const shade = (weight: number) =>
  `color-mix(in srgb, var(--color-accent) ${Math.round(weight * 40)}%, var(--color-bg))`;

/**
 * One position's attention in every head, as a table with a row per key
 * token and a column per head, cells coloured by weight: a handful of
 * columns, so it fits a phone and every head shows at once on a wide screen.
 * Heads that read the same key/value head sit side by side under one
 * heading, so the reader sees that they share keys yet look at different
 * tokens. Keys after the position are masked in every head and left out.
 */
export function HeadComparison({ rows, ids, position, head, label }: Props) {
  const groups = [...new Set(rows.map((row) => row.kvHead))];
  const keys = ids.slice(0, position + 1);
  const groupStart = (index: number) => index > 0 && rows[index - 1]!.kvHead !== rows[index]!.kvHead;
  const columnClass = (row: HeadRow, index: number) =>
    [row.head === head && 'head-comparison__picked', groupStart(index) && 'head-comparison__group-start']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <table class="head-comparison">
      <caption>
        What position {position} ({label(ids[position]!)}) attends to in every head of this layer: a row per
        earlier token, a column per head; heads that share a key/value head stand together. “×” is outside the
        window; later tokens are masked in every head and not listed.
      </caption>
      <thead>
        <tr>
          <td />
          {groups.map((kvHead) => (
            <th key={kvHead} scope="colgroup" colSpan={rows.filter((row) => row.kvHead === kvHead).length}>
              key/value head {kvHead}
            </th>
          ))}
        </tr>
        <tr>
          <th scope="col">Key token</th>
          {rows.map((row, index) => (
            <th key={row.head} scope="col" class={columnClass(row, index)}>
              Head {row.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keys.map((id, key) => (
          <tr key={key}>
            <th scope="row">
              {key} {label(id)}
            </th>
            {rows.map((row, index) => {
              const cell = row.cells[key]!;
              return (
                <AttentionCell
                  key={row.head}
                  cell={cell}
                  digits={2}
                  class={columnClass(row, index)}
                  {...(cell.state === 'seen' ? { background: shade(cell.weight) } : {})}
                />
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
