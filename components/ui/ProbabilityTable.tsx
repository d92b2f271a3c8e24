import { formatPercent } from '../../src/lib/core/format';

/** The ten probabilities the network gives a drawing, the most likely marked in words as well as in bold. */
export function ProbabilityTable({ probabilities }: { probabilities: readonly number[] }) {
  const top = probabilities.indexOf(Math.max(...probabilities));
  return (
    <table class="probabilities">
      <caption>The network’s answer: how likely it thinks each digit is</caption>
      <thead>
        <tr>
          <th scope="col">Digit</th>
          <th scope="col">
            <span class="visually-hidden">Bar</span>
          </th>
          <th scope="col" class="numeric">
            Probability
          </th>
        </tr>
      </thead>
      <tbody>
        {probabilities.map((p, digit) => (
          <tr key={digit} data-top={digit === top ? true : undefined}>
            <th scope="row">{digit}</th>
            <td class="bar-cell" aria-hidden="true">
              <span class="probability-bar" style={{ width: `${(p * 100).toFixed(1)}%` }} />
            </td>
            <td class="numeric">
              {formatPercent(p, 1)}
              {digit === top && <span class="probabilities__top"> ← its answer</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
