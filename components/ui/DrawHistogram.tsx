import './sampling-lab.css';
import { ScrollRegion } from './ScrollRegion';
import type { Draws, DrawSummary } from '../../src/lib/sampling/draws';
import { formatProbability, showPiece } from '../../src/lib/generation/describe';

interface Props {
  draws: Draws;
  summary: DrawSummary;
  pieces: readonly string[];
}

const n = (value: number) => value.toLocaleString('en');

/**
 * Many draws from one step, counted: for the most drawn tokens, a solid bar
 * for the share of draws each got and an outlined one for the probability it
 * was drawn with, so the reader sees the shares settle near the
 * probabilities. The table twin has the counts; its last rows add up the
 * rest and every draw.
 */
export function DrawHistogram({ draws, summary, pieces }: Props) {
  const { rows, rest } = summary;
  const top = Math.max(...rows.map((row) => Math.max(row.share, row.expected)), 1e-9);
  const width = (share: number) => `${((100 * share) / top).toFixed(1)}%`;
  const caption = `${n(draws.count)} draws with seed ${draws.seed}: how often each token came up, and how often it should`;
  return (
    <figure class="draw-histogram">
      <div
        class="draw-histogram__bars"
        role="img"
        aria-label={`Bars for the ${rows.length} most drawn tokens: the share of the ${n(draws.count)} draws each got beside its probability; the table below has the same numbers.`}
      >
        {rows.map((row) => (
          <div class="draw-histogram__row" key={row.id}>
            <span class="draw-histogram__label">{showPiece(pieces, row.id)}</span>
            <span class="draw-histogram__track">
              <span
                class="draw-histogram__bar draw-histogram__bar--drawn"
                style={{ width: width(row.share) }}
              />
              <span
                class="draw-histogram__bar draw-histogram__bar--expected"
                style={{ width: width(row.expected) }}
              />
            </span>
            <span class="draw-histogram__value">
              {formatProbability(row.share)} vs {formatProbability(row.expected)}
            </span>
          </div>
        ))}
      </div>
      <figcaption class="sampling-lab__legend">
        <span class="sampling-lab__key sampling-lab__key--drawn">share of the draws</span>
        <span class="sampling-lab__key sampling-lab__key--expected">
          probability (what the share should approach)
        </span>
      </figcaption>
      <ScrollRegion label={caption}>
        <table class="sampling-lab__table draw-histogram__table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col" class="numeric">
                Id
              </th>
              <th scope="col" class="numeric">
                Draws
              </th>
              <th scope="col" class="numeric">
                Share of draws
              </th>
              <th scope="col" class="numeric">
                Probability
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  <code>{showPiece(pieces, row.id)}</code>
                </th>
                <td class="numeric">{row.id}</td>
                <td class="numeric">{n(row.count)}</td>
                <td class="numeric">{formatProbability(row.share)}</td>
                <td class="numeric">{formatProbability(row.expected)}</td>
              </tr>
            ))}
            {rest.tokens > 0 && (
              <tr>
                <th scope="row">The other {n(rest.tokens)} kept tokens</th>
                <td />
                <td class="numeric">{n(rest.count)}</td>
                <td class="numeric">{formatProbability(rest.count / Math.max(1, draws.count))}</td>
                <td class="numeric">{formatProbability(rest.expected)}</td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Every draw</th>
              <td />
              <td class="numeric">{n(draws.count)}</td>
              <td class="numeric">100%</td>
              <td class="numeric">100%</td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
    </figure>
  );
}
