import { formatPercent } from '../../src/lib/core/format';
import { formatLoss, formatSeconds, type EpochReport } from '../../src/lib/mlp/epochs';

/** The chart's twin: every epoch's loss (and held-out accuracy) as numbers, as the seed printed them. */
export function EpochTable({
  epochs,
  caption,
  withAccuracy = false,
}: {
  epochs: readonly EpochReport[];
  caption: string;
  withAccuracy?: boolean;
}) {
  return (
    <table class="epoch-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col" class="numeric">
            Loss
          </th>
          {withAccuracy && (
            <th scope="col" class="numeric">
              Held-out accuracy
            </th>
          )}
          <th scope="col" class="numeric">
            Elapsed
          </th>
        </tr>
      </thead>
      <tbody>
        {epochs.map((report) => (
          <tr key={report.epoch}>
            <th scope="row">
              {report.epoch}/{report.epochs}
            </th>
            <td class="numeric">{formatLoss(report.loss)}</td>
            {withAccuracy && (
              <td class="numeric">
                {report.accuracy === undefined ? '–' : formatPercent(report.accuracy, 1)}
              </td>
            )}
            <td class="numeric">{formatSeconds(report.seconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
