/**
 * The text in the Tokens chapter's box, for the panels beside it that work
 * on the same text (the surprisal panel scores it). The tokenizer panel owns
 * the text and writes it here as the reader types; null until it has,
 * when a reader of the page finds the text in the address (`?text=`, see
 * shared-text.ts) or, without one, the seed prompt.
 */
import { atom } from 'nanostores';

export const $tokensText = atom<string | null>(null);
