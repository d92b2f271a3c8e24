import type { SettingsField, SettingsInput, SettingsLimits } from '../../src/lib/mlp/settings';
import { formatCount } from '../../src/lib/core/format';

const LABELS: Record<SettingsField, { label: string; hint: (limits: SettingsLimits) => string }> = {
  hiddenSize: {
    label: 'Hidden size',
    hint: (l) => `neurons, ${l.hiddenSize.min}–${formatCount(l.hiddenSize.max)}`,
  },
  learningRate: { label: 'Learning rate', hint: (l) => `step size, up to ${l.learningRate.max}` },
  batchSize: { label: 'Batch size', hint: (l) => `examples per step, 1–${formatCount(l.batchSize.max)}` },
  epochs: { label: 'Epochs', hint: (l) => `passes over the data, 1–${l.epochs.max}` },
};

interface Props {
  /** Makes the inputs' ids unique on the page. */
  idPrefix: string;
  fields: readonly SettingsField[];
  input: SettingsInput;
  errors: Partial<Record<SettingsField, string>>;
  limits: SettingsLimits;
  disabled?: boolean;
  onChange: (field: SettingsField, value: string) => void;
}

/**
 * Number boxes for training settings. They are text inputs with a decimal
 * keyboard, not `type=number`, so what the reader typed stays visible and a
 * bad value gets our message instead of being dropped by the browser.
 */
export function SettingsFields({ idPrefix, fields, input, errors, limits, disabled, onChange }: Props) {
  return (
    <div class="settings">
      {fields.map((field) => {
        const id = `${idPrefix}-${field}`;
        const error = errors[field];
        return (
          <div class="settings__field" key={field}>
            <label for={id}>{LABELS[field].label}</label>
            <input
              id={id}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellcheck={false}
              value={input[field]}
              disabled={disabled}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
              onInput={(event) => onChange(field, event.currentTarget.value)}
            />
            <span class="settings__hint" id={`${id}-hint`}>
              {LABELS[field].hint(limits)}
            </span>
            {error && (
              <span class="settings__error" id={`${id}-error`}>
                {error}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
