/**
 * What the reader typed into the sampling controls, shared by both chapters
 * (kept at module level, so Astro's client router carries it from "One
 * token" to "The loop"). The text is kept as typed, so a bad value stays on
 * screen beside its message instead of being replaced.
 */
import { atom } from 'nanostores';
import { SEED_SAMPLING, type SamplingField } from '../sampling/settings';
import { checkMaxNewTokens } from '../sampling/stop';
import { quoteTyped } from '../core/format';

export type SamplingInput = Record<SamplingField, string>;

/** What the boxes hold on a fresh page, and what the server renders. */
export const DEFAULT_SAMPLING_INPUT: Readonly<SamplingInput> = Object.freeze({
  temperature: String(SEED_SAMPLING.temperature),
  topK: String(SEED_SAMPLING.topK),
  topP: String(SEED_SAMPLING.topP),
  minP: String(SEED_SAMPLING.minP),
  typicalP: String(SEED_SAMPLING.typicalP),
  repetitionPenalty: String(SEED_SAMPLING.repetitionPenalty),
  presencePenalty: String(SEED_SAMPLING.presencePenalty),
  frequencyPenalty: String(SEED_SAMPLING.frequencyPenalty),
  order: SEED_SAMPLING.order,
  seed: String(SEED_SAMPLING.seed),
});

export const $samplingInput = atom<SamplingInput>({ ...DEFAULT_SAMPLING_INPUT });

export const DEFAULT_MAX_NEW_TOKENS = '64';

/** The loop's limit on new tokens, as typed. */
export const $maxNewTokensInput = atom(DEFAULT_MAX_NEW_TOKENS);

export function setSamplingInput(field: SamplingField, value: string): void {
  $samplingInput.set({ ...$samplingInput.get(), [field]: value });
}

export type ParsedLimit = { ok: true; value: number } | { ok: false; error: string };

/** The limit on new tokens from what the reader typed, or the message to show beside the box. */
export function parseMaxNewTokens(text: string, contextWindow: number): ParsedLimit {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a limit on new tokens.' };
  if (!/^[+-]?\d+(\.\d+)?$/.test(trimmed))
    return {
      ok: false,
      error: `${quoteTyped(trimmed)} is not a number, so it cannot be the limit on new tokens.`,
    };
  const value = Number(trimmed);
  const problem = checkMaxNewTokens(value, contextWindow, trimmed);
  return problem ? { ok: false, error: problem } : { ok: true, value };
}
