import { TextField } from './TextField';
import type { SamplingField } from '../../src/lib/sampling/settings';
import { MAX_TEMPERATURE } from '../../src/lib/sampling/settings';
import type { SamplingInput } from '../../src/lib/generation/store';

const FIELDS: readonly { field: SamplingField; label: string; hint: string }[] = [
  {
    field: 'temperature',
    label: 'Temperature',
    hint: `0 (greedy) to ${MAX_TEMPERATURE}; divides every logit`,
  },
  { field: 'topK', label: 'Top-k', hint: 'keep the k best tokens; 0 switches it off' },
  { field: 'topP', label: 'Top-p', hint: 'keep the best tokens up to this share; 1 switches it off' },
  { field: 'seed', label: 'Seed', hint: 'a whole number; the same seed draws the same numbers' },
];

interface Props {
  idPrefix: string;
  input: SamplingInput;
  errors: Partial<Record<SamplingField, string>>;
  onChange: (field: SamplingField, value: string) => void;
  /** An extra box (the loop's limit on new tokens), in the same style. */
  extra?: {
    label: string;
    hint: string;
    value: string;
    error: string | null;
    onChange: (value: string) => void;
  };
}

/** The sampling controls (see TextField), each with the pipeline's own message for a bad value. */
export function SamplingFields({ idPrefix, input, errors, onChange, extra }: Props) {
  const boxes = FIELDS.map(({ field, label, hint }) => ({
    key: field,
    label,
    hint,
    value: input[field],
    error: errors[field] ?? null,
    onChange: (value: string) => onChange(field, value),
  }));
  if (extra) boxes.push({ key: 'extra' as SamplingField, ...extra });
  return (
    <div class="settings">
      {boxes.map(({ key, label, hint, value, error, onChange: change }) => (
        <TextField
          key={key}
          id={`${idPrefix}-${key}`}
          label={label}
          hint={hint}
          value={value}
          error={error}
          onChange={change}
        />
      ))}
    </div>
  );
}
