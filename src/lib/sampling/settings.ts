/**
 * The four sampling controls, their limits and the messages a reader sees
 * for a value that cannot be used. The pipeline refuses bad settings with the
 * same messages, so a panel and a test see one wording.
 */
import { echoNumber, formatValue, quoteTyped } from '../core/format';

export interface SamplingSettings {
  /** Divides every logit before softmax: below 1 sharpens, above 1 flattens; 0 means greedy (always the top score). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 switches the stage off. */
  topK: number;
  /** Keep the smallest set of most likely tokens whose probabilities add up to at least p; 1 switches it off. */
  topP: number;
  /** Starts the random generator, so the same seed and settings pick the same tokens again. */
  seed: number;
}

export type SamplingField = keyof SamplingSettings;

/**
 * What the seed notebook's `generate(..., do_sample=True)` used: Mistral's
 * generation config sets none of these, so transformers' defaults apply
 * (temperature 1, top-k 50, top-p 1). The seed is ours; PyTorch's generator
 * draws other numbers, so the same seed does not give the notebook's token.
 */
export const SEED_SAMPLING: Readonly<SamplingSettings> = Object.freeze({
  temperature: 1,
  topK: 50,
  topP: 1,
  seed: 0,
});

/** Above 2 the distribution is so flat that the text is noise; the slider stops there. */
export const MAX_TEMPERATURE = 2;

const NAMES: Record<SamplingField, string> = {
  temperature: 'temperature',
  topK: 'top-k',
  topP: 'top-p',
  seed: 'seed',
};

/** Longest setting a box takes: more than any number a person types; a longer one gets a message, not a cut. */
export const MAX_SETTING_CHARS = 32;

/**
 * Why `value` cannot be used for `field` with a vocabulary of `vocabSize`
 * entries, or null when it can. `typed`, when the value came from a box, is
 * what the message quotes if the number does not read back as it.
 */
export function checkSamplingField(
  field: SamplingField,
  value: number,
  vocabSize: number,
  typed = String(value),
): string | null {
  const name = NAMES[field];
  const capital = name[0]!.toUpperCase() + name.slice(1);
  const shown = echoNumber(value, typed);
  if (!Number.isFinite(value)) return `${capital} must be a finite number; ${shown} is not.`;
  switch (field) {
    case 'temperature':
      if (value < 0 || value > MAX_TEMPERATURE)
        return `Temperature ${shown} is out of range: use a number from 0 (greedy: always the top token) to ${MAX_TEMPERATURE}.`;
      return null;
    case 'topK':
      if (!Number.isInteger(value)) return `Top-k must be a whole number of tokens; ${shown} is not.`;
      if (value < 0 || value > vocabSize)
        return `Top-k ${shown} is out of range: use a whole number from 1 to ${formatValue(vocabSize)} (the vocabulary size), or 0 to switch it off.`;
      return null;
    case 'topP':
      if (value <= 0 || value > 1)
        return `Top-p ${shown} is out of range: use a number above 0 and at most 1 (1 switches it off).`;
      return null;
    case 'seed':
      if (!Number.isInteger(value)) return `The seed must be a whole number; ${shown} is not.`;
      if (!Number.isSafeInteger(value))
        return `The seed ${shown} is out of range: use a whole number from ${formatValue(-Number.MAX_SAFE_INTEGER)} to ${formatValue(Number.MAX_SAFE_INTEGER)}.`;
      return null;
  }
}

/** A message for each unusable setting; empty when all four can be used. */
export function checkSamplingSettings(
  settings: SamplingSettings,
  vocabSize: number,
): Partial<Record<SamplingField, string>> {
  const errors: Partial<Record<SamplingField, string>> = {};
  for (const field of Object.keys(NAMES) as SamplingField[]) {
    const problem = checkSamplingField(field, settings[field], vocabSize);
    if (problem) errors[field] = problem;
  }
  return errors;
}

export type ParsedSamplingSettings =
  { ok: true; settings: SamplingSettings } | { ok: false; errors: Partial<Record<SamplingField, string>> };

/** A plain decimal, optionally signed or with an exponent: `0.7`, `.5`, `-3`, `1e-2`. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Parses what the reader typed into each control: all four settings, or a message for each bad one. */
export function parseSamplingSettings(
  input: Record<SamplingField, string>,
  vocabSize: number,
): ParsedSamplingSettings {
  const errors: Partial<Record<SamplingField, string>> = {};
  const settings = { ...SEED_SAMPLING };
  for (const field of Object.keys(NAMES) as SamplingField[]) {
    const text = input[field].trim();
    const name = NAMES[field];
    if (text === '') errors[field] = `Enter a ${name}.`;
    else if ([...text].length > MAX_SETTING_CHARS)
      errors[field] =
        `${quoteTyped(text)} is too long to be the ${name}: a setting has at most ${MAX_SETTING_CHARS} characters.`;
    else if (!NUMBER.test(text))
      errors[field] = `${quoteTyped(text)} is not a number, so it cannot be the ${name}.`;
    else {
      const value = Number(text);
      const problem = checkSamplingField(field, value, vocabSize, text);
      if (problem) errors[field] = problem;
      else settings[field] = value;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings };
}
