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

/**
 * The sampling controls as text boxes, not sliders or `type=number`: what the
 * reader typed stays visible, and a bad value gets the pipeline's own message
 * beside it instead of being dropped by the browser.
 */
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
      {boxes.map(({ key, label, hint, value, error, onChange: change }) => {
        const id = `${idPrefix}-${key}`;
        return (
          <div class="settings__field" key={key}>
            <label for={id}>{label}</label>
            <input
              id={id}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellcheck={false}
              value={value}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
              onInput={(event) => change(event.currentTarget.value)}
            />
            <span class="settings__hint" id={`${id}-hint`}>
              {hint}
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
