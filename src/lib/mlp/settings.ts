/**
 * The four training controls, their limits, and the messages a reader sees
 * for a value that cannot be used. The panels keep what the reader typed as
 * text and train only on settings that parse.
 */
import { echoNumber, formatValue, quoteTyped } from '../core/format';

export interface TrainingSettings {
  /** Neurons in the hidden layer (the seed's `hidden_size`). */
  hiddenSize: number;
  /** How far each gradient step moves the parameters (the seed's `lr`). */
  learningRate: number;
  /** Examples averaged into each gradient step (the seed used 1). */
  batchSize: number;
  /** Passes over the training examples (the seed's `num_epochs`). */
  epochs: number;
}

export type SettingsField = keyof TrainingSettings;

/** What the reader typed into each control. */
export type SettingsInput = Record<SettingsField, string>;

export interface Range {
  min: number;
  max: number;
}

/** Allowed values; the learning rate's minimum is exclusive (0 would never change anything). */
export type SettingsLimits = Record<SettingsField, Range>;

export type ParsedSettings =
  { ok: true; settings: TrainingSettings } | { ok: false; errors: Partial<Record<SettingsField, string>> };

/** The seed notebook's run: 784 -> 256 -> 10, SGD at 0.01, one example at a time, 10 epochs. */
export const SEED_SETTINGS: TrainingSettings = {
  hiddenSize: 256,
  learningRate: 0.01,
  batchSize: 1,
  epochs: 10,
};

/** Larger networks or runs would take minutes in a browser without a GPU; the limits keep a run under about one. */
export const SEED_LIMITS: SettingsLimits = {
  hiddenSize: { min: 1, max: 2048 },
  learningRate: { min: 0, max: 10 },
  batchSize: { min: 1, max: 100 },
  epochs: { min: 1, max: 100 },
};

/** The digits run: bigger batches and a bigger step, so a few passes over 8,000 digits are enough. */
export const DIGITS_SETTINGS: TrainingSettings = {
  hiddenSize: 256,
  learningRate: 0.5,
  batchSize: 32,
  epochs: 8,
};

export const DIGITS_LIMITS: SettingsLimits = {
  hiddenSize: { min: 1, max: 1024 },
  learningRate: { min: 0, max: 10 },
  batchSize: { min: 1, max: 1000 },
  epochs: { min: 1, max: 30 },
};

const NAMES: Record<SettingsField, string> = {
  hiddenSize: 'hidden size',
  learningRate: 'learning rate',
  batchSize: 'batch size',
  epochs: 'number of epochs',
};

const WHOLE: Record<SettingsField, boolean> = {
  hiddenSize: true,
  learningRate: false,
  batchSize: true,
  epochs: true,
};

/** A plain decimal, optionally with an exponent: `256`, `0.01`, `.5`, `1e-3`. No commas, units or spaces inside. */
const NUMBER = /^[+]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function describeRange(field: SettingsField, range: Range): string {
  if (WHOLE[field]) return `a whole number from ${formatValue(range.min)} to ${formatValue(range.max)}`;
  return `a number above ${formatValue(range.min)} and at most ${formatValue(range.max)}`;
}

/** Why `text` is not a usable value for `field`, or null when it is. */
export function checkField(field: SettingsField, text: string, range: Range): string | null {
  const name = NAMES[field];
  const capital = name[0]!.toUpperCase() + name.slice(1);
  const expected = describeRange(field, range);
  const trimmed = text.trim();
  if (trimmed === '') return `Enter a ${name}: ${expected}.`;
  if (!NUMBER.test(trimmed)) return `${quoteTyped(trimmed)} is not a number. The ${name} is ${expected}.`;
  const value = Number(trimmed);
  const shown = echoNumber(value, trimmed);
  if (WHOLE[field] && !Number.isInteger(value)) return `${capital} must be a whole number; ${shown} is not.`;
  const tooSmall = WHOLE[field] ? value < range.min : value <= range.min;
  if (tooSmall) {
    const why = field === 'learningRate' ? ' (a step of 0 never changes the parameters)' : '';
    return `${capital} ${shown} is too small${why}: use ${expected}.`;
  }
  if (value > range.max) {
    const why = field === 'batchSize' ? ` (there are only ${formatValue(range.max)} training examples)` : '';
    return `${capital} ${shown} is too large${why}: use ${expected}.`;
  }
  return null;
}

/** Parses every control; either all four values or a message for each bad one. */
export function parseSettings(input: SettingsInput, limits: SettingsLimits): ParsedSettings {
  const errors: Partial<Record<SettingsField, string>> = {};
  const settings = {} as TrainingSettings;
  for (const field of Object.keys(NAMES) as SettingsField[]) {
    const problem = checkField(field, input[field], limits[field]);
    if (problem) errors[field] = problem;
    else settings[field] = Number(input[field].trim());
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings };
}

/** The controls' starting text for these settings. */
export function settingsInput(settings: TrainingSettings): SettingsInput {
  return {
    hiddenSize: String(settings.hiddenSize),
    learningRate: String(settings.learningRate),
    batchSize: String(settings.batchSize),
    epochs: String(settings.epochs),
  };
}
