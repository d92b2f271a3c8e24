import './ui/parameters.css';
import { MemoryTable } from './ui/MemoryTable';
import { ScrollRegion } from './ui/ScrollRegion';
import { countMistral, mistralParameterGroups } from '../src/lib/model/mistral-parameters';
import { MISTRAL_7B } from '../src/lib/model/mistral-config';

const number = (n: number) => n.toLocaleString('en');

/**
 * Mistral-7B's parameters, counted from its config with the same rule as the
 * mini network: one row per kind of tensor, the 32 layers folded into one
 * row each. Rendered at build time; it runs nothing in the browser.
 */
export default function MistralParameters() {
  const groups = mistralParameterGroups(MISTRAL_7B);
  const { total } = countMistral(MISTRAL_7B);
  return (
    <div class="mistral-parameters">
      <ScrollRegion label="Mistral-7B parameter table">
        <table class="parameter-table">
          <caption>
            {MISTRAL_7B.modelId}: every learnable tensor, counted from its config ({MISTRAL_7B.numLayers} layers, hidden size{' '}
            {number(MISTRAL_7B.hiddenSize)})
          </caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Shape</th>
              <th scope="col" class="numeric">
                Each
              </th>
              <th scope="col" class="numeric">
                Copies
              </th>
              <th scope="col" class="numeric">
                Numbers
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.name}>
                <th scope="row">
                  <code>{group.name}</code>
                </th>
                <td>[{group.shape.map(number).join(', ')}]</td>
                <td class="numeric">{number(group.each)}</td>
                <td class="numeric">×{group.copies}</td>
                <td class="numeric">{number(group.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                Total
              </th>
              <td class="numeric" data-testid="mistral-total">
                {number(total)}
              </td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      <ScrollRegion label="Mistral-7B memory table">
        <MemoryTable parameters={total} caption={`Memory for Mistral-7B’s ${number(total)} parameters`} />
      </ScrollRegion>
    </div>
  );
}
