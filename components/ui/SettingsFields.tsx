import type { SettingsField, SettingsInput, SettingsLimits } from '../../src/lib/mlp/settings';
import { formatCount } from '../../src/lib/core/format';
import { TextField } from './TextField';

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

/** The training settings' boxes (see TextField), with each setting's range as its hint. */
export function SettingsFields({ idPrefix, fields, input, errors, limits, disabled, onChange }: Props) {
  return (
    <div class="settings">
      {fields.map((field) => (
        <TextField
          key={field}
          id={`${idPrefix}-${field}`}
          label={LABELS[field].label}
          hint={LABELS[field].hint(limits)}
          value={input[field]}
          error={errors[field] ?? null}
          disabled={disabled}
          onChange={(value) => onChange(field, value)}
        />
      ))}
    </div>
  );
}
