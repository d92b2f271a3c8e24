import './ui/parameters.css';
import ModuleTable from './ModuleTable';
import { MemoryTable } from './ui/MemoryTable';
import { ScrollRegion } from './ui/ScrollRegion';
import { countMistral } from '../src/lib/model/mistral-parameters';
import { formatCount } from '../src/lib/core/format';

/**
 * Mistral-7B's parameters, counted from its config with the same rule as the
 * mini network (the Inside Mistral chapter's per-module table), and what they
 * weigh at each storage type. Rendered at build time; it runs nothing in the
 * browser.
 */
export default function MistralParameters() {
  const { total } = countMistral();
  return (
    <div class="mistral-parameters">
      <ModuleTable model="mistral-7b" label="Mistral-7B parameters, counted like the small network" />
      <ScrollRegion label="Mistral-7B memory table">
        <MemoryTable
          parameters={total}
          caption={`Memory for Mistral-7B’s ${formatCount(total)} parameters`}
        />
      </ScrollRegion>
    </div>
  );
}
