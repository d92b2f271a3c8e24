import { TextField } from './TextField';
import type { NumericField, SamplingField } from '../../src/lib/sampling/settings';
import {
  MAX_OPENAI_PENALTY,
  MAX_REPETITION_PENALTY,
  MAX_TEMPERATURE,
  SEED_SAMPLING,
  STAGE_ORDERS,
} from '../../src/lib/sampling/settings';
import type { SamplingInput } from '../../src/lib/generation/store';
import './sampling-fields.css';

interface Box {
  field: NumericField;
  label: string;
  hint: string;
}

const FIELDS: readonly Box[] = [
  {
    field: 'temperature',
    label: 'Temperature',
    hint: `0 (greedy) to ${MAX_TEMPERATURE}; divides every logit`,
  },
  { field: 'topK', label: 'Top-k', hint: 'keep the k best tokens; 0 switches it off' },
  { field: 'topP', label: 'Top-p', hint: 'keep the best tokens up to this share; 1 switches it off' },
  { field: 'seed', label: 'Seed', hint: 'a whole number; the same seed draws the same numbers' },
];

/** The stages practitioners add on top: closed until the reader opens them or one is set. */
const MORE_FIELDS: readonly Box[] = [
  {
    field: 'minP',
    label: 'Min-p',
    hint: 'keep tokens at least this share of the top one’s probability; 0 switches it off',
  },
  {
    field: 'typicalP',
    label: 'Typical-p',
    hint: 'keep the most typical tokens up to this share; 1 switches it off',
  },
  {
    field: 'repetitionPenalty',
    label: 'Repetition penalty',
    hint: `1 (off) to ${MAX_REPETITION_PENALTY}; every token already in the context, prompt included`,
  },
  {
    field: 'presencePenalty',
    label: 'Presence penalty',
    hint: `0 (off) to ${MAX_OPENAI_PENALTY}; taken once from each token the reply already holds`,
  },
  {
    field: 'frequencyPenalty',
    label: 'Frequency penalty',
    hint: `0 (off) to ${MAX_OPENAI_PENALTY}; taken once for each time the reply holds the token`,
  },
];

const ORDER_LABELS: Record<string, string> = {
  'temperature-first': 'Temperature first (Hugging Face)',
  'temperature-last': 'Temperature last (llama.cpp)',
};

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

/** Whether any of the extra stages is set away from its default, so the group opens by itself. */
const moreIsSet = (input: SamplingInput) =>
  MORE_FIELDS.some(({ field }) => input[field].trim() !== String(SEED_SAMPLING[field])) ||
  input.order !== SEED_SAMPLING.order;

/**
 * The sampling controls (see TextField), each with the pipeline's own
 * message for a bad value: the four every chapter uses, then "More stages"
 * (min-p, typical-p, the three penalties, and where temperature runs).
 */
export function SamplingFields({ idPrefix, input, errors, onChange, extra }: Props) {
  const box = ({ field, label, hint }: Box) => (
    <TextField
      key={field}
      id={`${idPrefix}-${field}`}
      label={label}
      hint={hint}
      value={input[field]}
      error={errors[field] ?? null}
      onChange={(value: string) => onChange(field, value)}
    />
  );
  const moreErrors = MORE_FIELDS.some(({ field }) => errors[field]) || Boolean(errors.order);
  const orderKnown = (STAGE_ORDERS as readonly string[]).includes(input.order);
  const orderId = `${idPrefix}-order`;
  return (
    <>
      <div class="settings">
        {FIELDS.map(box)}
        {extra && (
          <TextField
            id={`${idPrefix}-extra`}
            label={extra.label}
            hint={extra.hint}
            value={extra.value}
            error={extra.error}
            onChange={extra.onChange}
          />
        )}
      </div>
      <details class="more-stages" open={moreIsSet(input) || moreErrors}>
        <summary>More stages: min-p, typical-p, penalties, order</summary>
        <div class="settings">
          {MORE_FIELDS.map(box)}
          <div class="text-field">
            <label for={orderId}>Order of stages</label>
            <select
              class="input"
              id={orderId}
              value={input.order}
              aria-invalid={errors.order ? true : undefined}
              aria-describedby={`${orderId}-hint${errors.order ? ` ${orderId}-error` : ''}`}
              onChange={(event) => onChange('order', event.currentTarget.value)}
            >
              {STAGE_ORDERS.map((order) => (
                <option key={order} value={order}>
                  {ORDER_LABELS[order]}
                </option>
              ))}
              {/* A bad order from the address stays visible beside its message until the reader picks one. */}
              {!orderKnown && <option value={input.order}>{`“${input.order}” (not an order)`}</option>}
            </select>
            {errors.order && (
              <span class="text-field__error" id={`${orderId}-error`}>
                {errors.order}
              </span>
            )}
            <span class="text-field__hint" id={`${orderId}-hint`}>
              before or after the filters; penalties always come first
            </span>
          </div>
        </div>
      </details>
    </>
  );
}
