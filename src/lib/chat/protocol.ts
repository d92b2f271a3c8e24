import type { Conversation } from './conversation';
import type { RenderResult } from './render';
import type { TokenizerSource, VocabularyFacts } from '../tokenizer/vocabulary';

/**
 * Messages the page sends to the chat-template worker. Besides rendering,
 * it hands out the loaded tokenizer's vocabulary: the generation panels need
 * both, and one worker means the page loads the tokenizer once.
 */
export type ChatTemplateRequest =
  /** Which tokenizer to load: the site's own (chapter 1's) or a WebLLM model's, from its folder. */
  | { type: 'load'; source: TokenizerSource }
  | { type: 'render'; requestId: number; conversation: Conversation }
  /** The vocabulary's entries and facts (for the candidate tables, the stream decoder and the stop ids). */
  | { type: 'vocabulary'; requestId: number }
  /** A plain text's ids in this tokenizer, with whatever start token it adds (chapter 1's surprisal panel). */
  | { type: 'encode'; requestId: number; text: string };

/** What the chat-template worker answers to a one-off request (see `LatestOnly.request`). */
export type ChatTemplateAnswer = { vocabulary: VocabularyFacts } | { encoded: EncodedText };

/** A text's ids, as the tokenizer splits it (typed special tokens included), and each id's piece as the panels show it. */
export interface EncodedText {
  ids: number[];
  pieces: string[];
}

/** Messages the chat-template worker sends back. */
export type ChatTemplateResponse =
  | { type: 'ready'; loadMs: number }
  | { type: 'result'; requestId: number; result: RenderResult }
  | { type: 'answer'; requestId: number; answer: ChatTemplateAnswer }
  | { type: 'error'; stage: 'load' | 'render'; message: string; requestId?: number };
