import {
  EDITABLE_FIELDS,
  TIED_HEAD_FIELD,
  type ConfigInput,
  type EditableField,
} from '../../src/lib/model/config-explorer';
import { TextField } from './TextField';

interface Props {
  /** What the reader typed, kept as text so a bad value stays visible beside its message. */
  input: ConfigInput;
  errors: Partial<Record<EditableField, string>>;
  onChange: (field: EditableField, value: string) => void;
  /** Whether lm_head shares the embedding table (`tie_word_embeddings`). */
  tied: boolean;
  onTied: (tied: boolean) => void;
}

/**
 * One text box per editable config value (see TextField), with its
 * `config.json` key, what it means and what changing it does.
 */
export function ConfigFields({ input, errors, onChange, tied, onTied }: Props) {
  return (
    <div class="config-fields">
      {EDITABLE_FIELDS.map((spec) => (
        <TextField
          key={spec.field}
          id={`config-${spec.field}`}
          inputMode="numeric"
          label={
            <>
              {spec.label} <code>{spec.key}</code>
            </>
          }
          hint={
            <>
              {spec.meaning} <em>Changes:</em> {spec.changes}
            </>
          }
          value={input[spec.field]}
          error={errors[spec.field] ?? null}
          onChange={(value) => onChange(spec.field, value)}
        />
      ))}
      <div class="config-check">
        <label>
          <input
            type="checkbox"
            checked={tied}
            aria-describedby="config-tied-meaning"
            onChange={(event) => onTied(event.currentTarget.checked)}
          />{' '}
          {TIED_HEAD_FIELD.label} <code>{TIED_HEAD_FIELD.key}</code>
        </label>
        <span class="text-field__hint" id="config-tied-meaning">
          {TIED_HEAD_FIELD.meaning} <em>Changes:</em> {TIED_HEAD_FIELD.changes}
        </span>
      </div>
    </div>
  );
}
