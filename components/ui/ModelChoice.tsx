import type { ModelVerdict } from '../../src/lib/device/verdict';
import { formatBytes } from '../../src/lib/core/format';
import { MODEL_ORDER, MODELS, type ModelKey } from '../../src/lib/llm/models';

interface Props {
  selected: ModelKey | null;
  verdicts: Record<ModelKey, ModelVerdict> | null;
  disabled: boolean;
  onSelect: (key: ModelKey) => void;
}

/**
 * The three builds as a radio group: what each is, what it costs, whether its
 * token ids match the earlier chapters, and why it cannot run here if so.
 */
export function ModelChoice({ selected, verdicts, disabled, onSelect }: Props) {
  return (
    <fieldset class="model-choice" disabled={disabled} data-checked={verdicts ? true : undefined}>
      <legend>Model to load</legend>
      {MODEL_ORDER.map((key) => {
        const model = MODELS[key];
        const verdict = verdicts?.[key];
        const blocked = verdict ? !verdict.runnable : true;
        const why = verdict?.findings.find((finding) => finding.severity === 'block')?.text;
        const id = `model-choice-${key}`;
        return (
          <div class="model-choice__option" key={key} data-blocked={blocked || undefined}>
            <input
              type="radio"
              name="model-choice"
              id={id}
              value={key}
              checked={selected === key}
              disabled={blocked}
              aria-describedby={`${id}-details`}
              onChange={() => onSelect(key)}
            />
            <label for={id}>
              <strong>{model.title}</strong> · {model.build}
              {!model.isMistral && <span class="tag">different model</span>}
            </label>
            <p class="model-choice__details" id={`${id}-details`}>
              Download about {formatBytes(model.downloadBytes)}; GPU memory{' '}
              {formatBytes(model.gpuMemoryBytes)} by WebLLM’s figure. {model.idsNote}
              {blocked && why && <strong class="model-choice__why"> Not here: {why}</strong>}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
