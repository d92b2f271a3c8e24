import './ui/parameters.css';
import './ui/inside-mistral.css';
import { ScrollRegion } from './ui/ScrollRegion';
import { moduleParameterTable, NAMED_CONFIGS, type ConfigName } from '../src/lib/model/module-tree';

const number = (n: number) => n.toLocaleString('en');
const percent = (share: number) =>
  `${(share * 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;

interface Props {
  /** Which model's config to count: `mistral-7b` or `pocket`. */
  model?: ConfigName;
  /** The table's name for screen readers; give another when a page shows the same model's table twice. */
  label?: string;
}

/**
 * Every module's parameters, counted from the config: shape, copies, the
 * parameters of all copies and their share of the total, layers folded into
 * one row each. Rendered at build time; it runs nothing in the browser.
 */
export default function ModuleTable({ model = 'mistral-7b', label }: Props) {
  const config = NAMED_CONFIGS[model];
  const { rows, total } = moduleParameterTable(config);
  return (
    <ScrollRegion label={label ?? `Parameters per module of ${config.modelId}`}>
      <table class="parameter-table module-table" data-model={model} data-pagefind-ignore="all">
        <caption>
          {config.modelId}: parameters per module ({config.numLayers} layers, hidden size{' '}
          {number(config.hiddenSize)})
        </caption>
        <thead>
          <tr>
            <th scope="col">Module</th>
            <th scope="col">Shape</th>
            <th scope="col" class="numeric">
              Copies
            </th>
            <th scope="col" class="numeric">
              Parameters
            </th>
            <th scope="col" class="numeric">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.module}>
              <th scope="row">
                <code>{row.module}</code>
              </th>
              <td>[{row.shape.map(number).join(', ')}]</td>
              <td class="numeric">×{row.copies}</td>
              <td class="numeric">{number(row.parameters)}</td>
              <td class="numeric">{percent(row.share)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td class="numeric" data-testid={`${model}-module-total`}>
              {number(total)}
            </td>
            <td class="numeric">100.00%</td>
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}
