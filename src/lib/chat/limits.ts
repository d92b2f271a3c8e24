/**
 * Limits of the chat-template panel and the model facts its notes quote, in
 * one place so the notes, the renderer and the tests agree.
 */

/** A turn longer than this is kept in its box but not rendered live (the panel would crawl). */
export const MAX_TURN_CHARS = 50_000;

/**
 * The sequence length Mistral 7B was trained with: `context_len` 8192 in
 * Table 1 of the Mistral 7B paper (arXiv:2310.06825). Past it, the model reads
 * text longer than anything it learned from.
 */
export const TRAINED_CONTEXT_TOKENS = 8_192;

/** Tokens the panel draws as chips at most; the counts and the id list always cover them all. */
export const MAX_TOKEN_CHIPS = 2_000;
