import { formatCount } from '../core/format';
import { MISTRAL_TOKENIZER } from './mistral';

/** The most text the panel tokenizes live; longer text stays in the box, untouched. */
export const MAX_LIVE_CHARS = 1_000_000;
/** Chips drawn at most; the rest are counted, not drawn, so the page stays responsive. */
export const MAX_CHIPS = 2_000;
/** Table rows drawn at most. */
export const MAX_ROWS = 500;

export type InputNoteKind =
  'empty' | 'whitespace' | 'too-long' | 'special-token' | 'space-marker' | 'lone-surrogate' | 'control';

export interface InputNote {
  kind: InputNoteKind;
  message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters other than tab, newline and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/**
 * What the reader should know about their text before reading its tokens:
 * things the tokenizer treats specially, and limits of this panel. Each note
 * says what happens, never refuses silently.
 */
export function inspectInput(text: string): InputNote[] {
  const notes: InputNote[] = [];
  if (text.length === 0) {
    notes.push({
      kind: 'empty',
      message: 'The box is empty, so the only token is <s>, the start marker the tokenizer always adds.',
    });
    return notes;
  }
  if (text.length > MAX_LIVE_CHARS) {
    notes.push({
      kind: 'too-long',
      message: `Your text is ${formatCount(text.length, 'character')}; this panel tokenizes at most ${formatCount(MAX_LIVE_CHARS, 'character')} live. Nothing was removed from the box: shorten it to see its tokens.`,
    });
    return notes;
  }
  if (text.trim().length === 0) {
    notes.push({
      kind: 'whitespace',
      message: 'Your text is only whitespace. Spaces, tabs and newlines are tokens too: look at the chips.',
    });
  }
  const specials = MISTRAL_TOKENIZER.specialTokens.filter((token) => text.includes(token));
  if (specials.length > 0) {
    notes.push({
      kind: 'special-token',
      message: `Your text contains ${specials.join(', ')}. The tokenizer reads each as its special token (one id), not as characters, exactly as Hugging Face's tokenizer does by default. That is how a prompt can smuggle in control markers.`,
    });
  }
  if (text.includes('\u2581')) {
    notes.push({
      kind: 'space-marker',
      message:
        'Your text contains ▁ (U+2581), the mark this tokenizer writes in place of every space. It is tokenized like a space, so decoding gives a space back, not ▁.',
    });
  }
  const surrogates = count(text, LONE_SURROGATE);
  if (surrogates > 0) {
    notes.push({
      kind: 'lone-surrogate',
      message: `Your text has ${formatCount(surrogates, 'unpaired surrogate')} (half of an emoji or other character outside the basic plane). UTF-8 cannot encode it, so the tokenizer sees U+FFFD (�) there, and decoding gives � back.`,
    });
  }
  const controls = count(text, CONTROL);
  if (controls > 0) {
    notes.push({
      kind: 'control',
      message: `Your text has ${formatCount(controls, 'control character')}. They are tokenized as raw bytes and shown with a stand-in symbol such as ␀.`,
    });
  }
  return notes;
}

/** Says what the panel leaves out of its chips and table for `total` tokens, or null when nothing. */
export function displayLimitNote(total: number): string | null {
  if (total > MAX_CHIPS) {
    return `Showing the first ${formatCount(MAX_CHIPS)} of ${formatCount(total)} tokens as chips and the first ${formatCount(MAX_ROWS)} in the table; the counts above cover them all.`;
  }
  if (total > MAX_ROWS) {
    return `The chips show all ${formatCount(total)} tokens; the table lists the first ${formatCount(MAX_ROWS)}.`;
  }
  return null;
}
