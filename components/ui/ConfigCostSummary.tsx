import { MemoryTable } from './MemoryTable';
import { ScrollRegion } from './ScrollRegion';
import { formatBytes, formatCount } from '../../src/lib/core/format';
import type { ConfigCost } from '../../src/lib/model/config-explorer';
import type { MistralConfig } from '../../src/lib/model/mistral-config';

/** What a config costs: its parameters, their memory at four storage types, and the KV cache. */
export function ConfigCostSummary({ config, cost }: { config: MistralConfig; cost: ConfigCost }) {
  const fullWindow = Math.min(config.slidingWindow, config.maxPositionEmbeddings);
  return (
    <div class="config-cost">
      <dl class="config-cost__figures">
        <div>
          <dt>Parameters</dt>
          <dd data-testid="config-total">{formatCount(cost.total)}</dd>
        </div>
        <div>
          <dt>In each of the {formatCount(config.numLayers)} layers</dt>
          <dd data-testid="config-per-layer">{formatCount(cost.perLayer)}</dd>
        </div>
        <div>
          <dt>KV cache per token (fp16)</dt>
          <dd data-testid="config-kv">
            {formatBytes(cost.kvBytesPerToken)}
            <span class="config-cost__how">
              2 × {formatCount(config.numLayers, 'layer')} × {formatCount(config.numKeyValueHeads, 'kv head')}{' '}
              × {formatCount(config.headDim)} × 2 bytes = {formatCount(cost.kvBytesPerToken, 'byte')}
            </span>
          </dd>
        </div>
        <div>
          <dt>KV cache for a full window of {formatCount(fullWindow, 'token')}</dt>
          <dd>{formatBytes(cost.kvBytesFullWindow)}</dd>
        </div>
      </dl>
      <ScrollRegion label="Memory for the configured model">
        <MemoryTable parameters={cost.total} caption={`Memory for ${formatCount(cost.total)} parameters`} />
      </ScrollRegion>
    </div>
  );
}
