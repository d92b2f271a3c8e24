/**
 * Streaming detokenization: the loop gets one id at a time and must show
 * text as it comes, yet the text on screen must end up exactly what the
 * tokenizer's `decode(ids, { skip_special_tokens: true })` gives for all the
 * ids at once. Mistral's decoder (tokenizer.json) is a chain of four steps,
 * and each has a streaming twin here:
 *
 * 1. Replace `▁` with a space, in every piece.
 * 2. ByteFallback: a run of `<0xAB>` pieces becomes the UTF-8 text of those
 *    bytes. Streaming holds the bytes until they form whole characters (a
 *    streaming `TextDecoder` does exactly that), and when the run ends
 *    (a text piece arrives, or `finish()`), anything still held becomes
 *    U+FFFD, as the one-shot decode makes it.
 * 3. Fuse: join everything.
 * 4. Strip one leading space from the whole text: the space SentencePiece
 *    put before the first word (`▁Dear` -> `Dear`). Streaming drops the first
 *    character shown if it is a space, and only that one.
 *
 * Special tokens (`<unk>`, `<s>`, `</s>`) are dropped before the chain, so a
 * byte run on either side of one joins up, as in the one-shot decode.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { MISTRAL_TOKENIZER } from './mistral';
import { byteOfPiece } from './token-view';

export interface StreamDecoder {
  /** Reads one id and returns the text it adds to the screen (empty while bytes are held). */
  push(id: number): string;
  /** Ends the stream: held bytes that never formed a character come out as U+FFFD. */
  finish(): string;
  /** All text returned so far. */
  readonly text: string;
  /** Bytes read but not shown yet (the start of a character). */
  readonly heldBytes: number;
}

export interface StreamDecoderOptions {
  /** As `decode`'s option of the same name; true (the default) drops `<s>`, `</s>` and `<unk>`. */
  skipSpecialTokens?: boolean;
  /** Pieces that count as special. */
  specialTokens?: readonly string[];
}

/**
 * A decoder for one stream of ids. `pieces[id]` is the vocabulary entry of
 * `id` (see `vocabularyPieces`); an id outside it reads as `<unk>`, as in
 * the tokenizer's own decode. For a rewind, start a new decoder and push the
 * kept ids again.
 */
export function createStreamDecoder(
  pieces: readonly string[],
  options: StreamDecoderOptions = {},
): StreamDecoder {
  const { skipSpecialTokens = true, specialTokens = MISTRAL_TOKENIZER.specialTokens } = options;
  const special = new Set(specialTokens);
  const bytes = new TextDecoder('utf-8'); // non-fatal, like ByteFallback's: bad bytes become U+FFFD
  let held = 0;
  let atStart = true;
  let text = '';

  /** Applies the one-space strip to the first text shown, then records it. */
  const show = (chunk: string): string => {
    if (atStart && chunk !== '') {
      atStart = false;
      if (chunk.startsWith(' ')) chunk = chunk.slice(1);
    }
    text += chunk;
    return chunk;
  };
  /** Ends a byte run: whatever is still held is a broken character. (A call without `stream` also resets the decoder.) */
  const endRun = (): string => {
    held = 0;
    return bytes.decode();
  };

  return {
    push(id) {
      const piece = pieces[id] ?? '<unk>';
      if (special.has(piece) && skipSpecialTokens) return '';
      const byte = byteOfPiece(piece);
      if (byte !== null) {
        held++;
        const ready = bytes.decode(Uint8Array.of(byte), { stream: true });
        if (ready !== '') held = startsCharacter(byte) ? 1 : 0;
        return show(ready);
      }
      return show(endRun() + piece.replaceAll('▁', ' '));
    },
    finish() {
      return show(endRun());
    },
    get text() {
      return text;
    },
    get heldBytes() {
      return held;
    },
  };
}

/**
 * Whether a byte can start a multi-byte character. When the decoder lets text
 * out, only the byte just read can still be held, and only if it is such a
 * lead byte (a lead byte never completes a character on its own).
 */
function startsCharacter(byte: number): boolean {
  return byte >= 0xc2 && byte <= 0xf4;
}

/** Every vocabulary entry, indexed by id, from a loaded transformers.js tokenizer. */
export function vocabularyPieces(
  tokenizer: PreTrainedTokenizer,
  size: number = MISTRAL_TOKENIZER.vocabSize,
): string[] {
  return Array.from({ length: size }, (_, id) => tokenizer._tokenizer.id_to_token(id) ?? '<unk>');
}
