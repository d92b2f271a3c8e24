import type { ComponentChildren } from 'preact';
import './text-field.css';
import { useTypedBeforeHydration } from '../hooks/useTypedBeforeHydration';

interface Props {
  /** Unique on the page; the hint and the error take it as their prefix. */
  id: string;
  label: ComponentChildren;
  /** What the reader typed, shown as typed. */
  value: string;
  /** What the value means and its range, always shown under the box. */
  hint: ComponentChildren;
  /** Why the value cannot be used, or null. */
  error?: string | null;
  /** The on-screen keyboard to offer: numbers with a decimal point, or whole numbers. */
  inputMode?: 'decimal' | 'numeric';
  disabled?: boolean | undefined;
  onChange: (value: string) => void;
}

/**
 * One labelled text box for a number, the site's only one: a text input with
 * a numeric keyboard, not `type=number` or a slider, so what the reader typed
 * stays visible and a bad value gets our message beside it instead of being
 * dropped by the browser. The error follows the box; the hint is always
 * there; both are tied to the box for screen readers. What was typed
 * before the panel's code arrived is kept (useTypedBeforeHydration).
 */
export function TextField({
  id,
  label,
  value,
  hint,
  error = null,
  inputMode = 'decimal',
  disabled,
  onChange,
}: Props) {
  useTypedBeforeHydration(id, value, onChange);
  return (
    <div class="text-field">
      <label for={id}>{label}</label>
      <input
        class="input"
        id={id}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellcheck={false}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onInput={(event) => onChange(event.currentTarget.value)}
      />
      {error && (
        <span class="text-field__error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <span class="text-field__hint" id={`${id}-hint`}>
        {hint}
      </span>
    </div>
  );
}
