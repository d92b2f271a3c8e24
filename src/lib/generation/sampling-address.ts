/**
 * The sampling settings in the page address, so a reader can share "this
 * prompt at temperature 0.7, top-p 0.9, seed 7" as a link: `?temperature=`,
 * `top_k=`, `top_p=`, `seed=`, and `max_new_tokens=` on the loop. Only
 * settings that differ from the defaults are written. Values travel as
 * typed (a bad one arrives in its box with its message, never silently
 * dropped), cut to a length no real setting needs.
 */
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_SAMPLING_INPUT, type SamplingInput } from './store';
import type { SamplingField } from '../sampling/settings';

export const SAMPLING_PARAMS: Readonly<Record<SamplingField, string>> = Object.freeze({
  temperature: 'temperature',
  topK: 'top_k',
  topP: 'top_p',
  seed: 'seed',
});
export const MAX_NEW_TOKENS_PARAM = 'max_new_tokens';
/** Longer than any setting a person types; keeps a hostile link from filling the boxes. */
export const MAX_VALUE_CHARS = 32;

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
    return value === null ? fallback : value.slice(0, MAX_VALUE_CHARS);
  };
  const sampling = Object.fromEntries(
    fields.map((field) => [field, read(SAMPLING_PARAMS[field], DEFAULT_SAMPLING_INPUT[field])]),
  ) as SamplingInput;
  return { sampling, maxNewTokens: read(MAX_NEW_TOKENS_PARAM, DEFAULT_MAX_NEW_TOKENS) };
}

/** `href` with the settings that differ from the defaults, the others removed; other parameters kept. */
export function addressForSampling(href: string, state: SamplingAddressState): string {
  const url = new URL(href);
  for (const field of fields) {
    const value = state.sampling[field];
    if (value === DEFAULT_SAMPLING_INPUT[field]) url.searchParams.delete(SAMPLING_PARAMS[field]);
    else url.searchParams.set(SAMPLING_PARAMS[field], value);
  }
  if (state.maxNewTokens === DEFAULT_MAX_NEW_TOKENS) url.searchParams.delete(MAX_NEW_TOKENS_PARAM);
  else url.searchParams.set(MAX_NEW_TOKENS_PARAM, state.maxNewTokens);
  return url.href;
}
