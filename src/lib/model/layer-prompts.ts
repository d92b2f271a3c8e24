/**
 * The prompts the "one layer" panel starts from, and the reader's own ids:
 * parsing, limits and the messages for what cannot be traced. The seed's ids
 * are known without a tokenizer, so the panel needs no download.
 */
import { echoNumber, quoteTyped } from '../core/format';
import { SEED_PROMPT_IDS } from '../generation/prompt';
import { POCKET_CONFIG } from '../glassbox/config';
import { labelOfPiece, SEED_PIECES } from './layer-tokens';

/** The seed's question without the template, as the seed notebook printed it: `<s>` and 12 word pieces. */
export const SEED_QUESTION_IDS: readonly number[] = Object.freeze([
  1, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804,
]);

/**
 * A token's label: from `known` (labels the panel already has) or the seed
 * prompts' pieces without their space mark, else its id with `#`. The
 * walk-through's own naming, with the whole vocabulary, is `tokenNames`.
 */
export function tokenLabel(id: number, known?: ReadonlyMap<number, string>): string {
  const seed = SEED_PIECES.get(id);
  return known?.get(id) ?? (seed === undefined ? `#${id}` : labelOfPiece(seed));
}

export interface PromptPreset {
  id: string;
  label: string;
  ids: readonly number[];
}

export const PROMPT_PRESETS: readonly PromptPreset[] = [
  {
    id: 'seed-template',
    label: 'The seed’s question in the chat template (20 tokens)',
    ids: SEED_PROMPT_IDS,
  },
  { id: 'seed-question', label: 'The seed’s question alone (13 tokens)', ids: SEED_QUESTION_IDS },
  { id: 'short', label: 'The first five tokens of the template', ids: SEED_PROMPT_IDS.slice(0, 5) },
  {
    id: 'four-times',
    label: 'The templated question four times (80 tokens: longer than the window of 64)',
    ids: [...SEED_PROMPT_IDS, ...SEED_PROMPT_IDS, ...SEED_PROMPT_IDS, ...SEED_PROMPT_IDS],
  },
];

/**
 * More tokens than this make the heatmap a scroll rather than a picture; the
 * arithmetic would not mind. It is above the sliding window (64), so a long
 * enough text shows early positions falling out of view.
 */
export const MAX_TRACE_TOKENS = 96;

export type ParsedIds = { ok: true; ids: number[] } | { ok: false; message: string };

/** `1, 733, 16289` or `1 733 16289`: whole numbers separated by commas and/or spaces. */
export function parseIds(text: string, vocabSize = POCKET_CONFIG.vocabSize): ParsedIds {
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .filter((part) => part !== '');
  if (parts.length === 0) return { ok: false, message: 'Enter at least one token id, for example 1 (<s>).' };
  const bad = parts.find((part) => !/^\d+$/.test(part));
  if (bad !== undefined)
    return {
      ok: false,
      message: `${quoteTyped(bad)} is not a token id. Token ids are whole numbers from 0 to ${(vocabSize - 1).toLocaleString('en')}, separated by commas or spaces.`,
    };
  const ids = parts.map(Number);
  const outside = ids.findIndex((id) => id >= vocabSize);
  if (outside !== -1)
    return {
      ok: false,
      message: `${echoNumber(ids[outside]!, parts[outside]!)} is outside the vocabulary: token ids go from 0 to ${(vocabSize - 1).toLocaleString('en')}.`,
    };
  if (ids.length > MAX_TRACE_TOKENS)
    return {
      ok: false,
      message: `${ids.length} tokens is more than this panel shows (${MAX_TRACE_TOKENS}): the heatmap would be too small to read.`,
    };
  return { ok: true, ids };
}

/** The text a set of ids is shown as in the box. */
export const formatIds = (ids: readonly number[]) => ids.join(', ');

/** The preset whose ids these are, or null for the reader's own. */
export function presetFor(ids: readonly number[]): PromptPreset | null {
  return PROMPT_PRESETS.find((preset) => preset.ids.join(',') === ids.join(',')) ?? null;
}
