import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { createChunkedEncoder, type ChunkedEncoder } from './chunked-encoder';
import { inspectInput, MAX_CHIPS, MAX_LIVE_CHARS, type InputNote } from './input-notes';
import { describeTokens, type TokenView } from './token-view';

/** Everything the tokenizer panel shows for one text. */
export interface TokenizeResult {
  /** All ids, `<s>` first; empty when the text was over the live limit. */
  ids: number[];
  /** Display details of the first `MAX_CHIPS` tokens. */
  tokens: TokenView[];
  /** Code points in the text (what a reader calls characters). */
  charCount: number;
  /** UTF-8 bytes in the text. */
  byteCount: number;
  notes: InputNote[];
  /** Milliseconds spent encoding and describing. */
  encodeMs: number;
}

export interface TextTokenizer {
  encoder: ChunkedEncoder;
  tokenize(text: string): TokenizeResult;
}

const encoder = new TextEncoder();

function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Wraps a loaded tokenizer with the panel's view of a text. */
export function createTextTokenizer(tokenizer: PreTrainedTokenizer): TextTokenizer {
  const chunked = createChunkedEncoder(tokenizer);
  const vocabulary = {
    piece: (id: number) => tokenizer._tokenizer.id_to_token(id) ?? '<unk>',
    decodeOne: (id: number) => tokenizer.decode([id]),
  };
  return {
    encoder: chunked,
    tokenize(text) {
      const started = performance.now();
      const notes = inspectInput(text);
      const ids = text.length > MAX_LIVE_CHARS ? [] : chunked.encode(text);
      const tokens = describeTokens(ids.slice(0, MAX_CHIPS), vocabulary);
      return {
        ids,
        tokens,
        charCount: countCodePoints(text),
        byteCount: encoder.encode(text).length,
        notes,
        encodeMs: performance.now() - started,
      };
    },
  };
}
