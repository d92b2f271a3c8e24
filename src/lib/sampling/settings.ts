/**
 * The sampling controls, their limits and the messages a reader sees
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
  /** Keep the tokens whose probability is at least this share of the top token's; 0 switches it off. */
  minP: number;
  /** Keep the tokens whose surprisal is closest to the distribution's entropy, until their mass reaches this; 1 switches it off. */
  typicalP: number;
  /** Hugging Face's (CTRL's) penalty on every id already in the context, prompt included; 1 switches it off. */
  repetitionPenalty: number;
  /** OpenAI's: subtracted once from the score of every id the reply already holds; 0 switches it off. */
  presencePenalty: number;
  /** OpenAI's: subtracted from an id's score once for each time the reply holds it; 0 switches it off. */
  frequencyPenalty: number;
  /** Where temperature runs: before the filters (Hugging Face) or after them (llama.cpp's default chain). */
  order: StageOrder;
  /** Starts the random generator, so the same seed and settings pick the same tokens again. */
  seed: number;
}

export type StageOrder = 'temperature-first' | 'temperature-last';
export const STAGE_ORDERS: readonly StageOrder[] = ['temperature-first', 'temperature-last'];

export type SamplingField = keyof SamplingSettings;
/** Every setting but the order, which is one of two words rather than a number. */
export type NumericField = Exclude<SamplingField, 'order'>;

/**
 * What the seed notebook's `generate(..., do_sample=True)` used: Mistral's
 * generation config sets none of these, so transformers' defaults apply
 * (temperature 1, top-k 50, top-p 1, no min-p, typical-p or penalty,
 * temperature before the filters). The seed is ours; PyTorch's generator
 * draws other numbers, so the same seed does not give the notebook's token.
 */
export const SEED_SAMPLING: Readonly<SamplingSettings> = Object.freeze({
  temperature: 1,
  topK: 50,
  topP: 1,
  minP: 0,
  typicalP: 1,
  repetitionPenalty: 1,
  presencePenalty: 0,
  frequencyPenalty: 0,
  order: 'temperature-first',
  seed: 0,
});

/** Whether any penalty is on, so a panel shows the scores after them. */
export const penaltiesOn = (
  settings: Pick<SamplingSettings, 'repetitionPenalty' | 'presencePenalty' | 'frequencyPenalty'>,
) => settings.repetitionPenalty !== 1 || settings.presencePenalty !== 0 || settings.frequencyPenalty !== 0;

/** Above 2 the distribution is so flat that the text is noise; the slider stops there. */
export const MAX_TEMPERATURE = 2;
/** The largest repetition penalty taken: CTRL's paper found 1.2 a good balance; 3 already silences every repeat. */
export const MAX_REPETITION_PENALTY = 3;
/** OpenAI's range for presence and frequency penalties is -2 to 2; this lab takes the half that discourages repetition. */
export const MAX_OPENAI_PENALTY = 2;

const NAMES: Record<SamplingField, string> = {
  temperature: 'temperature',
  topK: 'top-k',
  topP: 'top-p',
  minP: 'min-p',
  typicalP: 'typical-p',
  repetitionPenalty: 'repetition penalty',
  presencePenalty: 'presence penalty',
  frequencyPenalty: 'frequency penalty',
  order: 'order of stages',
  seed: 'seed',
};

const NUMERIC_FIELDS = (Object.keys(NAMES) as SamplingField[]).filter(
  (field): field is NumericField => field !== 'order',
);

/** Why `value` is not an order of stages, or null. */
export function checkStageOrder(value: string): string | null {
  return (STAGE_ORDERS as readonly string[]).includes(value)
    ? null
    : `${quoteTyped(value)} is not an order of stages: use “temperature-first” (Hugging Face’s) or “temperature-last” (llama.cpp’s).`;
}

/** Longest setting a box takes: more than any number a person types; a longer one gets a message, not a cut. */
export const MAX_SETTING_CHARS = 32;

/**
 * Why `value` cannot be used for `field` with a vocabulary of `vocabSize`
 * entries, or null when it can. `typed`, when the value came from a box, is
 * what the message quotes if the number does not read back as it.
 */
export function checkSamplingField(
  field: NumericField,
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
    case 'minP':
      if (value < 0 || value > 1)
        return `Min-p ${shown} is out of range: use a number from 0 (off) to 1 (only tokens as likely as the top one).`;
      return null;
    case 'typicalP':
      if (value <= 0 || value > 1)
        return `Typical-p ${shown} is out of range: use a number above 0 and at most 1 (1 switches it off).`;
      return null;
    case 'repetitionPenalty':
      if (value < 1 || value > MAX_REPETITION_PENALTY)
        return value < 1
          ? `Repetition penalty ${shown} is out of range: below 1 it rewards repeating instead of penalising it; use a number from 1 (off) to ${MAX_REPETITION_PENALTY}.`
          : `Repetition penalty ${shown} is out of range: use a number from 1 (off) to ${MAX_REPETITION_PENALTY}.`;
      return null;
    case 'presencePenalty':
    case 'frequencyPenalty': {
      const label = field === 'presencePenalty' ? 'Presence penalty' : 'Frequency penalty';
      if (value < 0)
        return `${label} ${shown} is negative: a negative penalty rewards repeating; use a number from 0 (off) to ${MAX_OPENAI_PENALTY}.`;
      if (value > MAX_OPENAI_PENALTY)
        return `${label} ${shown} is out of range: use a number from 0 (off) to ${MAX_OPENAI_PENALTY}.`;
      return null;
    }
    case 'seed':
      if (!Number.isInteger(value)) return `The seed must be a whole number; ${shown} is not.`;
      if (!Number.isSafeInteger(value))
        return `The seed ${shown} is out of range: use a whole number from ${formatValue(-Number.MAX_SAFE_INTEGER)} to ${formatValue(Number.MAX_SAFE_INTEGER)}.`;
      return null;
  }
}

/** A message for each unusable setting; empty when all of them can be used. */
export function checkSamplingSettings(
  settings: SamplingSettings,
  vocabSize: number,
): Partial<Record<SamplingField, string>> {
  const errors: Partial<Record<SamplingField, string>> = {};
  for (const field of NUMERIC_FIELDS) {
    const problem = checkSamplingField(field, settings[field], vocabSize);
    if (problem) errors[field] = problem;
  }
  const order = checkStageOrder(settings.order);
  if (order) errors.order = order;
  return errors;
}

export type ParsedSamplingSettings =
  { ok: true; settings: SamplingSettings } | { ok: false; errors: Partial<Record<SamplingField, string>> };

/** A plain decimal, optionally signed or with an exponent: `0.7`, `.5`, `-3`, `1e-2`. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Parses what the reader typed into each control: every setting, or a message for each bad one. */
export function parseSamplingSettings(
  input: Record<SamplingField, string>,
  vocabSize: number,
): ParsedSamplingSettings {
  const errors: Partial<Record<SamplingField, string>> = {};
  const settings: SamplingSettings = { ...SEED_SAMPLING };
  const order = input.order.trim();
  const orderProblem = checkStageOrder(order);
  if (orderProblem) errors.order = orderProblem;
  else settings.order = order as StageOrder;
  for (const field of NUMERIC_FIELDS) {
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
