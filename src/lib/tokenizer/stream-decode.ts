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
 *    (a text piece arrives, or `decodeFinish`), anything still held becomes
 *    U+FFFD, as the one-shot decode makes it.
 * 3. Fuse: join everything.
 * 4. Strip one leading space from the whole text: the space SentencePiece
 *    put before the first word (`▁Dear` -> `Dear`). Streaming drops the first
 *    character shown if it is a space, and only that one.
 *
 * Special tokens (`<unk>`, `<s>`, `</s>`) are dropped before the chain, so a
 * byte run on either side of one joins up, as in the one-shot decode.
 *
 * Written as a pure fold (`decodeNext` takes a state and an id and returns
 * the next state and the text the id adds), so the generation state can
 * keep the reply's text without anything mutable inside it.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { MISTRAL_TOKENIZER } from './mistral';
import { byteOfPiece } from './token-view';
import { byteLevelBytes, type TokenizerScheme, type VocabularyFacts } from './vocabulary';

export interface DecodingOptions {
  /** As `decode`'s option of the same name; true (the default) drops `<s>`, `</s>` and `<unk>`. */
  skipSpecialTokens?: boolean;
  /** Pieces that count as special. */
  specialTokens?: readonly string[];
}

/** How ids become text: the vocabulary, and the pieces a decode drops (none when specials are kept). */
export interface Decoding {
  pieces: readonly string[];
  dropped: ReadonlySet<string>;
  /** `metaspace` (Mistral: `▁` and `<0xNN>` pieces, one leading space stripped) unless said otherwise. */
  scheme?: TokenizerScheme;
  /** Added tokens, whose piece is literal text even in a byte-level vocabulary. */
  added?: ReadonlySet<number>;
  /** Ids a decode drops, besides the pieces in `dropped` (a byte-level tokenizer's special tokens). */
  droppedIds?: ReadonlySet<number>;
}

/** Where a stream stands: the text shown so far, the bytes of a character still arriving, and whether text has been shown yet. */
export interface DecodeState {
  readonly text: string;
  readonly held: readonly number[];
  readonly atStart: boolean;
}

export const DECODE_START: DecodeState = { text: '', held: [], atStart: true };

/** The decoding that `decode(ids, { skip_special_tokens })` does with these pieces. */
export function decoding(pieces: readonly string[], options: DecodingOptions = {}): Decoding {
  const { skipSpecialTokens = true, specialTokens = MISTRAL_TOKENIZER.specialTokens } = options;
  return { pieces, dropped: new Set(skipSpecialTokens ? specialTokens : []) };
}

/**
 * The decoding of any tokenizer, from its facts: its scheme, and its special
 * tokens dropped as `decode(ids, { skip_special_tokens: true })` drops them.
 */
export function decodingFor(facts: VocabularyFacts): Decoding {
  const droppedIds = new Set(facts.specialIds);
  return {
    pieces: facts.pieces,
    dropped: new Set(facts.specialIds.map((id) => facts.pieces[id]!)),
    scheme: facts.scheme,
    added: new Set(facts.addedIds),
    droppedIds,
  };
}

/** Decodes bytes; with `stream`, an unfinished character at the end stays unread (non-fatal, like ByteFallback's: bad bytes become U+FFFD). */
const utf8 = (bytes: readonly number[], stream: boolean) =>
  new TextDecoder('utf-8').decode(Uint8Array.from(bytes), { stream });

/** Applies the one-space strip to the first text shown, then records it. */
function show(
  state: DecodeState,
  held: readonly number[],
  chunk: string,
): { state: DecodeState; chunk: string } {
  let atStart = state.atStart;
  if (atStart && chunk !== '') {
    atStart = false;
    if (chunk.startsWith(' ')) chunk = chunk.slice(1);
  }
  return { state: { text: state.text + chunk, held, atStart }, chunk };
}

/**
 * One id read, as a pure step: the new state and the text the id adds to the
 * screen (empty while bytes are held). An id outside the vocabulary reads as
 * `<unk>`, as in the tokenizer's own decode.
 */
export function decodeNext(
  { pieces, dropped, scheme = 'metaspace', added, droppedIds }: Decoding,
  state: DecodeState,
  id: number,
): { state: DecodeState; chunk: string } {
  if (scheme === 'bytelevel') return decodeByteLevel(pieces, added, droppedIds, state, id);
  const piece = pieces[id] ?? '<unk>';
  if (dropped.has(piece)) return { state, chunk: '' };
  const byte = byteOfPiece(piece);
  if (byte !== null) {
    const bytes = [...state.held, byte];
    const ready = utf8(bytes, true);
    // Text came out: only the byte just read can still be held, and only if it starts a character.
    if (ready === '') return { state: { ...state, held: bytes }, chunk: '' };
    return show(state, startsCharacter(byte) ? [byte] : [], ready);
  }
  // A text piece ends a byte run: whatever is still held is a broken character.
  return show(state, [], utf8(state.held, false) + piece.replaceAll('▁', ' '));
}

/**
 * One id of a byte-level vocabulary (Qwen): its piece is bytes, one
 * character each; the bytes join whatever is held, and the complete
 * characters come out. No space is stripped (its decoder strips none). An id
 * past the tokenizer's entries (a padded logits row) adds nothing.
 */
function decodeByteLevel(
  pieces: readonly string[],
  added: ReadonlySet<number> | undefined,
  droppedIds: ReadonlySet<number> | undefined,
  state: DecodeState,
  id: number,
): { state: DecodeState; chunk: string } {
  const piece = pieces[id];
  if (piece === undefined || droppedIds?.has(id)) return { state, chunk: '' };
  const bytes = added?.has(id) ? null : byteLevelBytes(piece);
  if (bytes === null) {
    const chunk = utf8(state.held, false) + piece;
    return { state: { text: state.text + chunk, held: [], atStart: false }, chunk };
  }
  const all = [...state.held, ...bytes];
  const cut = completeLength(all);
  const chunk = utf8(all.slice(0, cut), false);
  return { state: { text: state.text + chunk, held: all.slice(cut), atStart: false }, chunk };
}

/** How many of `bytes` end on a character boundary: an unfinished character at the end (at most 3 bytes) is left out. */
function completeLength(bytes: readonly number[]): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return bytes.length; // ASCII: nothing unfinished after it
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return back < need ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/** Ends the stream: held bytes that never formed a character come out as U+FFFD. */
export function decodeFinish(state: DecodeState): { state: DecodeState; chunk: string } {
  return show(state, [], utf8(state.held, false));
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
