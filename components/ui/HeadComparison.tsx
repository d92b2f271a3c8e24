import { AttentionCell, KeyColumns } from './AttentionTable';
import type { HeadRow } from '../../src/lib/model/layer-trace';

interface Props {
  /** A token's text for labels (the seed pieces, or what the tokenizer gave). */
  label: (id: number) => string;
  rows: HeadRow[];
  ids: readonly number[];
  position: number;
  /** The head shown in the large heatmap: its row is marked. */
  head: number;
}

/** Colour from the page background (weight 0) towards the accent (weight 1); at most 40% so the number stays readable in both themes. */
const shade = (weight: number) =>
  `color-mix(in srgb, var(--color-accent) ${Math.round(weight * 40)}%, var(--color-bg))`;

/**
 * One position's attention in every head, as a table whose cells are also
 * coloured by weight: heads that read the same key/value head sit together,
 * so the reader sees that they share keys yet look at different tokens.
 */
export function HeadComparison({ rows, ids, position, head, label }: Props) {
  return (
    <table class="head-comparison">
      <caption>
        Position {position} ({label(ids[position]!)}) in every head of this layer: heads that share a
        key/value head are listed together. “–” is a later position, “×” outside the window.
      </caption>
      <KeyColumns corner="Head" ids={ids} label={label} />
      <tbody>
        {rows.map((row, index) => (
          <tr
            key={row.head}
            data-kv-head={row.kvHead}
            class={[
              row.head === head && 'head-comparison__picked',
              index > 0 && rows[index - 1]!.kvHead !== row.kvHead && 'head-comparison__group-start',
            ]
              .filter(Boolean)
              .join(' ')}
          >
            <th scope="row">
              Head {row.head}, key/value head {row.kvHead}
            </th>
            {row.cells.map((cell) => (
              <AttentionCell
                key={cell.key}
                cell={cell}
                digits={2}
                {...(cell.state === 'seen' ? { background: shade(cell.weight) } : {})}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
