import { formatCount } from '../../src/lib/core/format';
import { formatProbability } from '../../src/lib/generation/describe';
import type { TokenScore } from '../../src/lib/sampling/surprisal';
import { formatBits } from '../../src/lib/sampling/surprisal-text';
import { makeVisible } from '../../src/lib/tokenizer/token-view';
import { ScrollRegion } from './ScrollRegion';

interface Props {
  pieces: readonly string[];
  scores: readonly TokenScore[];
  active: number;
}

/** The chips' twin: every scored token with its id, probability, surprisal and rank. */
export function SurprisalTable({ pieces, scores, active }: Props) {
  return (
    <ScrollRegion label="Surprisal table (scrolls)">
      <table class="token-table surprisal-table">
        <caption>Each token’s probability and surprisal</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Token</th>
            <th scope="col">id</th>
            <th scope="col">Probability</th>
            <th scope="col">Surprisal (bits)</th>
            <th scope="col">Rank</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((score, index) => (
            <tr key={index} data-active={index === active || undefined}>
              <td>{index + 1}</td>
              <td class="mono">{makeVisible(pieces[index] ?? '')}</td>
              <td>{score.id}</td>
              <td>{formatProbability(score.probability)}</td>
              <td>{formatBits(score.bits)}</td>
              <td>{formatCount(score.rank)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
