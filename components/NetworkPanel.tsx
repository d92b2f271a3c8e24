import { useRef } from 'preact/hooks';
import './ui/parameters.css';
import { MemoryTable } from './ui/MemoryTable';
import { NetworkDiagram } from './ui/NetworkDiagram';
import { PanelFrame } from './ui/PanelFrame';
import { ScrollRegion } from './ui/ScrollRegion';
import { ParameterTable } from './ui/ParameterTable';
import { SettingsFields } from './ui/SettingsFields';
import { SEED_DATA } from '../src/lib/mlp/dataset';
import { countDenseNetwork, denseLayers } from '../src/lib/mlp/parameters';
import { useClientStore } from './hooks/useClientStore';
import { checkField, SEED_LIMITS, SEED_SETTINGS, settingsInput } from '../src/lib/mlp/settings';
import { $seedSettingsInput, setSeedSetting } from '../src/lib/mlp/store';
import { formatCount } from '../src/lib/core/format';

const SERVER_SETTINGS = settingsInput(SEED_SETTINGS);

/**
 * The seed's network, its parameter table and its memory at four storage
 * types, all computed from the layer widths. Change the hidden size and
 * everything is recounted; the training panel below shares the setting.
 * Plain arithmetic: it needs no download, and renders fully without JavaScript.
 */
export default function NetworkPanel() {
  // The server's values on the first render: another panel may already have changed the shared settings
  // (text typed before this one woke), and hydration does not patch attributes such as aria-invalid.
  const input = useClientStore($seedSettingsInput, SERVER_SETTINGS);
  const problem = checkField('hiddenSize', input.hiddenSize, SEED_LIMITS.hiddenSize);
  // While the box holds a bad value, keep showing the last good network (the seed's, at first).
  const lastGood = useRef(SEED_SETTINGS.hiddenSize);
  if (!problem) lastGood.current = Number(input.hiddenSize.trim());
  const widths = [SEED_DATA.inputSize, lastGood.current, SEED_DATA.classes];
  const count = countDenseNetwork(widths);
  const shape = widths.map((width) => formatCount(width)).join(' → ');

  return (
    <PanelFrame
      title="The network and its parameters"
      runs="Runs in your browser: plain arithmetic on the layer shapes, nothing to download."
      status={
        problem
          ? `Showing ${shape} until the hidden size is valid.`
          : `${shape}: ${formatCount(count.total)} parameters, all trainable.`
      }
    >
      <SettingsFields
        idPrefix="network"
        fields={['hiddenSize']}
        input={input}
        errors={problem ? { hiddenSize: problem } : {}}
        limits={SEED_LIMITS}
        onChange={setSeedSetting}
      />
      <NetworkDiagram layers={denseLayers(widths)} />
      <ScrollRegion label="Parameter table">
        <ParameterTable count={count} caption={`Parameters of the ${shape} network, as PyTorch lists them`} />
      </ScrollRegion>
      <ScrollRegion label="Memory table">
        <MemoryTable parameters={count.total} caption={`Memory for ${formatCount(count.total)} parameters`} />
      </ScrollRegion>
    </PanelFrame>
  );
}
