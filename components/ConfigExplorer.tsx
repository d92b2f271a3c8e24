import { useRef, useState } from 'preact/hooks';
import './ui/parameters.css';
import './ui/inside-mistral.css';
import { ConfigCostSummary } from './ui/ConfigCostSummary';
import { ConfigFields } from './ui/ConfigFields';
import { FixedConfigValues } from './ui/FixedConfigValues';
import { PanelFrame } from './ui/PanelFrame';
import {
  configCost,
  configInput,
  parseConfigInput,
  type EditableField,
} from '../src/lib/model/config-explorer';
import { MISTRAL_7B, type MistralConfig } from '../src/lib/model/mistral-config';
import { formatCount } from '../src/lib/core/format';

/**
 * Mistral-7B-Instruct-v0.1's config, value by value: what each one means and
 * what it changes. Edit a value and the parameter count, the memory at four
 * storage types and the KV cache per token are recomputed at once. Plain
 * arithmetic on the config; nothing to download.
 */
export default function ConfigExplorer() {
  const [input, setInput] = useState(() => configInput(MISTRAL_7B));
  const [tied, setTied] = useState(MISTRAL_7B.tieWordEmbeddings);
  const parsed = parseConfigInput(input);
  // While a value is bad, keep showing the last config that made a model.
  const lastGood = useRef<MistralConfig>(MISTRAL_7B);
  if (parsed.ok) lastGood.current = parsed.config;
  const config = { ...lastGood.current, tieWordEmbeddings: tied };
  const cost = configCost(config);
  const edited =
    tied !== MISTRAL_7B.tieWordEmbeddings ||
    JSON.stringify(configInput(config)) !== JSON.stringify(configInput(MISTRAL_7B));
  const onChange = (field: EditableField, value: string) => setInput((old) => ({ ...old, [field]: value }));

  return (
    <PanelFrame
      title="Mistral-7B’s config"
      runs="Runs in your browser: plain arithmetic on the config values, nothing to download."
      status={
        parsed.ok
          ? `${edited ? 'Your edited config' : 'Mistral-7B as released'}: ${formatCount(cost.total)} parameters, ${formatCount(cost.perLayer)} per layer.`
          : `Showing the last valid config (${formatCount(cost.total)} parameters) until the values marked below are fixed.`
      }
    >
      <ConfigFields
        input={input}
        errors={parsed.ok ? {} : parsed.errors}
        onChange={onChange}
        tied={tied}
        onTied={setTied}
      />
      <p class="config-actions">
        <button
          type="button"
          class="button button--secondary"
          disabled={!edited && parsed.ok}
          onClick={() => {
            setInput(configInput(MISTRAL_7B));
            setTied(MISTRAL_7B.tieWordEmbeddings);
          }}
        >
          Back to Mistral-7B’s values
        </button>
      </p>
      <ConfigCostSummary config={config} cost={cost} />
      <details class="config-fixed__details">
        <summary>The other values in config.json</summary>
        <FixedConfigValues config={config} />
      </details>
    </PanelFrame>
  );
}
