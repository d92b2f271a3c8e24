import { MemoryTable } from './MemoryTable';
import { ScrollRegion } from './ScrollRegion';
import { formatBytes } from '../../src/lib/llm/memory';
import type { ConfigCost } from '../../src/lib/model/config-explorer';
import type { MistralConfig } from '../../src/lib/model/mistral-config';

const number = (n: number) => n.toLocaleString('en');

/** What a config costs: its parameters, their memory at four storage types, and the KV cache. */
export function ConfigCostSummary({ config, cost }: { config: MistralConfig; cost: ConfigCost }) {
  const window = Math.min(config.slidingWindow, config.maxPositionEmbeddings);
  return (
    <div class="config-cost">
      <dl class="config-cost__figures">
        <div>
          <dt>Parameters</dt>
          <dd data-testid="config-total">{number(cost.total)}</dd>
        </div>
        <div>
          <dt>In each of the {number(config.numLayers)} layers</dt>
          <dd data-testid="config-per-layer">{number(cost.perLayer)}</dd>
        </div>
        <div>
          <dt>KV cache per token (fp16)</dt>
          <dd data-testid="config-kv">
            {formatBytes(cost.kvBytesPerToken)}
            <span class="config-cost__how">
              2 × {number(config.numLayers)} layers × {number(config.numKeyValueHeads)} kv heads ×{' '}
              {number(config.headDim)} × 2 bytes = {number(cost.kvBytesPerToken)} bytes
            </span>
          </dd>
        </div>
        <div>
          <dt>KV cache for a full window of {number(window)} tokens</dt>
          <dd>{formatBytes(cost.kvBytesFullWindow)}</dd>
        </div>
      </dl>
      <ScrollRegion label="Memory for the configured model">
        <MemoryTable parameters={cost.total} caption={`Memory for ${number(cost.total)} parameters`} />
      </ScrollRegion>
    </div>
  );
}
