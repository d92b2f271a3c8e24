import {
  EDITABLE_FIELDS,
  TIED_HEAD_FIELD,
  type ConfigInput,
  type EditableField,
} from '../../src/lib/model/config-explorer';

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
 * One text box per editable config value, with its `config.json` key, what
 * it means and what changing it does. Text inputs with a numeric keyboard,
 * not `type=number`, so the browser never drops what the reader typed.
 */
export function ConfigFields({ input, errors, onChange, tied, onTied }: Props) {
  return (
    <div class="config-fields">
      {EDITABLE_FIELDS.map((spec) => {
        const id = `config-${spec.field}`;
        const error = errors[spec.field];
        return (
          <div class="config-field" key={spec.field}>
            <label for={id}>
              {spec.label} <code>{spec.key}</code>
            </label>
            <input
              id={id}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellcheck={false}
              value={input[spec.field]}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-meaning${error ? ` ${id}-error` : ''}`}
              onInput={(event) => onChange(spec.field, event.currentTarget.value)}
            />
            {error && (
              <span class="config-field__error" id={`${id}-error`}>
                {error}
              </span>
            )}
            <span class="config-field__meaning" id={`${id}-meaning`}>
              {spec.meaning} <em>Changes:</em> {spec.changes}
            </span>
          </div>
        );
      })}
      <div class="config-field config-field--check">
        <label>
          <input
            type="checkbox"
            checked={tied}
            aria-describedby="config-tied-meaning"
            onChange={(event) => onTied(event.currentTarget.checked)}
          />{' '}
          {TIED_HEAD_FIELD.label} <code>{TIED_HEAD_FIELD.key}</code>
        </label>
        <span class="config-field__meaning" id="config-tied-meaning">
          {TIED_HEAD_FIELD.meaning} <em>Changes:</em> {TIED_HEAD_FIELD.changes}
        </span>
      </div>
    </div>
  );
}
