import './tables.css';
import type { ParameterCount } from '../../src/lib/core/parameters';
import { formatCount } from '../../src/lib/core/format';

/**
 * PyTorch's `named_parameters()` as a table: name, shape, count, trainable;
 * the total in the footer. On a phone each parameter stacks into a card
 * (`table-stack`, global.css).
 */
export function ParameterTable({ count, caption }: { count: ParameterCount; caption: string }) {
  return (
    <table class="parameter-table table-stack" role="table">
      <caption>{caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          <th scope="col" role="columnheader">
            Parameter
          </th>
          <th scope="col" role="columnheader">
            Shape
          </th>
          <th scope="col" role="columnheader" class="numeric">
            Numbers
          </th>
          <th scope="col" role="columnheader">
            Trainable
          </th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        {count.rows.map((row) => (
          <tr key={row.name} role="row">
            <th scope="row" role="rowheader">
              <code>{row.name}</code>
            </th>
            <td role="cell" data-label="Shape">
              [{row.shape.map((size) => formatCount(size)).join(', ')}]
            </td>
            <td role="cell" class="numeric" data-label="Numbers">
              {formatCount(row.count)}
            </td>
            <td role="cell" data-label="Trainable">
              {row.trainable ? 'yes' : 'no'}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot role="rowgroup">
        <tr role="row">
          <th scope="row" role="rowheader" colSpan={2}>
            Total
          </th>
          <td role="cell" class="numeric" data-label="Numbers" data-testid="parameter-total">
            {formatCount(count.total)}
          </td>
          <td role="cell" data-label="Trainable">
            {count.trainable === count.total ? 'all' : formatCount(count.trainable)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
