/**
 * The sampling settings in the page address, so a reader can share "this
 * prompt at temperature 0.7, top-p 0.9, seed 7" as a link: `?temperature=`,
 * `top_k=`, `top_p=`, `min_p=`, `typical_p=`, `repetition_penalty=`,
 * `presence_penalty=`, `frequency_penalty=` (Hugging Face's and OpenAI's
 * names), `order=`, `seed=`, and `max_new_tokens=` on the loop. Only
 * settings that differ from the defaults are written. Values travel as
 * typed and are read whole (a bad one arrives in its box with its message,
 * never silently cut or dropped). A value that could not come back from the
 * address unchanged (longer than MAX_SETTING_CHARS, or holding a broken
 * character) is not written: such a value is never a usable setting, and its
 * box already says why.
 */
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_SAMPLING_INPUT, type SamplingInput } from './store';
import { MAX_SETTING_CHARS, type SamplingField } from '../sampling/settings';
import { SETTING_BUDGET_BYTES, withParam } from '../page-address';

export const SAMPLING_PARAMS: Readonly<Record<SamplingField, string>> = Object.freeze({
  temperature: 'temperature',
  topK: 'top_k',
  topP: 'top_p',
  minP: 'min_p',
  typicalP: 'typical_p',
  repetitionPenalty: 'repetition_penalty',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  order: 'order',
  seed: 'seed',
});
export const MAX_NEW_TOKENS_PARAM = 'max_new_tokens';

export interface SamplingAddressState {
  sampling: SamplingInput;
  maxNewTokens: string;
}

const fields = Object.keys(SAMPLING_PARAMS) as SamplingField[];

/** The settings an address carries, each falling back to its default when absent. */
export function samplingFromAddress(href: string): SamplingAddressState {
  const params = new URL(href).searchParams;
  const read = (name: string, fallback: string) => {
    const value = params.get(name);
    return value ?? fallback;
  };
  const sampling = Object.fromEntries(
    fields.map((field) => [field, read(SAMPLING_PARAMS[field], DEFAULT_SAMPLING_INPUT[field])]),
  ) as SamplingInput;
  return { sampling, maxNewTokens: read(MAX_NEW_TOKENS_PARAM, DEFAULT_MAX_NEW_TOKENS) };
}

/** `href` with the settings that differ from the defaults, the others removed; other parameters kept. */
export function addressForSampling(href: string, state: SamplingAddressState): string {
  const write = (current: string, name: string, value: string, fallback: string) =>
    withParam(
      current,
      name,
      value === fallback || [...value].length > MAX_SETTING_CHARS ? null : value,
      SETTING_BUDGET_BYTES,
    ).href;
  let next = href;
  for (const field of fields)
    next = write(next, SAMPLING_PARAMS[field], state.sampling[field], DEFAULT_SAMPLING_INPUT[field]);
  return write(next, MAX_NEW_TOKENS_PARAM, state.maxNewTokens, DEFAULT_MAX_NEW_TOKENS);
}
