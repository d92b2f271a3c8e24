import type { ParameterCount } from '../../src/lib/core/parameters';
import { formatCount } from '../../src/lib/core/format';

/** PyTorch's `named_parameters()` as a table: name, shape, count, trainable; the total in the footer. */
export function ParameterTable({ count, caption }: { count: ParameterCount; caption: string }) {
  return (
    <table class="parameter-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Shape</th>
          <th scope="col" class="numeric">
            Numbers
          </th>
          <th scope="col">Trainable</th>
        </tr>
      </thead>
      <tbody>
        {count.rows.map((row) => (
          <tr key={row.name}>
            <th scope="row">
              <code>{row.name}</code>
            </th>
            <td>[{row.shape.map((size) => formatCount(size)).join(', ')}]</td>
            <td class="numeric">{formatCount(row.count)}</td>
            <td>{row.trainable ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Total
          </th>
          <td class="numeric" data-testid="parameter-total">
            {formatCount(count.total)}
          </td>
          <td>{count.trainable === count.total ? 'all' : formatCount(count.trainable)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
