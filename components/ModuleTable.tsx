import { Fragment } from 'preact';
import './ui/parameters.css';
import './ui/inside-mistral.css';
import './ui/tables.css';
import { ScrollRegion } from './ui/ScrollRegion';
import { moduleParameterTable, NAMED_CONFIGS, type ConfigName } from '../src/lib/model/module-tree';

const number = (n: number) => n.toLocaleString('en');
/** A dotted module name that may break after each dot: `model.layers.*.post_attention_layernorm` is one long word. */
const breakable = (name: string) =>
  name.split('.').map((part, index, parts) => (
    <Fragment key={index}>
      {part}
      {index < parts.length - 1 && (
        <>
          .<wbr />
        </>
      )}
    </Fragment>
  ));
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
 * one row each. On a wide screen the table grows past the text, up to its
 * own width; on a phone each row stacks into a card (`table-stack`,
 * global.css). Rendered at build time; it runs nothing in the browser.
 */
export default function ModuleTable({ model = 'mistral-7b', label }: Props) {
  const config = NAMED_CONFIGS[model];
  const { rows, total } = moduleParameterTable(config);
  return (
    <ScrollRegion label={label ?? `Parameters per module of ${config.modelId}`} breakout>
      <table
        class="parameter-table module-table table-stack"
        role="table"
        data-model={model}
        data-pagefind-ignore="all"
      >
        <caption>
          {config.modelId}: parameters per module ({config.numLayers} layers, hidden size{' '}
          {number(config.hiddenSize)})
        </caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Module
            </th>
            <th scope="col" role="columnheader">
              Shape
            </th>
            <th scope="col" role="columnheader" class="numeric">
              Copies
            </th>
            <th scope="col" role="columnheader" class="numeric">
              Parameters
            </th>
            <th scope="col" role="columnheader" class="numeric">
              Share
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row) => (
            <tr key={row.module} role="row">
              <th scope="row" role="rowheader">
                <code>{breakable(row.module)}</code>
              </th>
              <td role="cell" data-label="Shape">
                [{row.shape.map(number).join(', ')}]
              </td>
              <td role="cell" class="numeric" data-label="Copies">
                ×{row.copies}
              </td>
              <td role="cell" class="numeric" data-label="Parameters">
                {number(row.parameters)}
              </td>
              <td role="cell" class="numeric" data-label="Share">
                {percent(row.share)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot role="rowgroup">
          <tr role="row">
            <th scope="row" role="rowheader" colSpan={3}>
              Total
            </th>
            <td role="cell" class="numeric" data-label="Parameters" data-testid={`${model}-module-total`}>
              {number(total)}
            </td>
            <td role="cell" class="numeric" data-label="Share">
              100.00%
            </td>
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}
