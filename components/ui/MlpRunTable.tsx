import { formatLoss } from '../../src/lib/mlp/epochs';
import { overlayData } from '../../src/lib/mlp/run-history';
import type { ChartRun } from './EpochChart';
import { RunKey } from './MlpRunKey';

/**
 * The overlay chart's twin: one column per run drawn, one row per epoch, and
 * a button that clears all but the latest run from both.
 */
export function RunTable({ runs, onClear }: { runs: readonly ChartRun[]; onClear: () => void }) {
  const [xs, ...losses] = overlayData(runs);
  return (
    <div class="run-table">
      <table class="run-table__table">
        <caption>Loss per epoch, run by run (the chart’s lines, oldest first)</caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            {runs.map((run) => (
              <th scope="col" class="numeric" key={run.id}>
                <RunKey style={run.style}>{run.label}</RunKey>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {xs.map((epoch, row) => (
            <tr key={epoch}>
              <th scope="row">{epoch}</th>
              {losses.map((column, i) => {
                const loss = column[row];
                const report = runs[i]!.epochs.find((e) => e.epoch === epoch);
                return (
                  <td class="numeric" key={runs[i]!.id}>
                    {loss != null ? formatLoss(loss) : report ? 'not a number' : '–'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="button button--secondary" onClick={onClear}>
        Clear earlier runs
      </button>
    </div>
  );
}
