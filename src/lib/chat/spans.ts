import { byteOfPiece } from '../tokenizer/token-view';

/** Where one token's characters lie in the text it was encoded from: `[start, end)` in UTF-16 units. */
export interface PieceSpan {
  start: number;
  end: number;
}

const SPACE_MARKER = '▁';
const utf8 = new TextEncoder();

/**
 * Finds each token's characters in `text`, given the vocabulary pieces that
 * Mistral's tokenizer produced for it (`ChunkedEncoder.tokenize(text)`).
 *
 * We walk the pieces along the text the way the tokenizer built them: the
 * text is cut at special tokens (`<s>`, `</s>`, ...), which are pieces of
 * their own; every stretch between them is normalised by putting one `▁` in
 * front and turning each space into `▁`, and its pieces spell that
 * normalised stretch exactly, except byte-fallback pieces (`<0xE2>`), which
 * each stand for one UTF-8 byte of one character. The leading `▁` is the
 * tokenizer's own and has no character in `text`, so a piece that is only
 * that `▁` gets an empty span.
 *
 * Any disagreement (a piece that does not spell the text at that point, text
 * left over) throws: a wrong span would silently mislabel tokens.
 */
export function pieceSpans(
  text: string,
  pieces: readonly string[],
  specialTokens: readonly string[],
): PieceSpan[] {
  const specials = new Set(specialTokens);
  const spans: PieceSpan[] = [];
  let position = 0;
  let stretchStart = true;
  // For byte pieces: the UTF-8 bytes of the character at `position`, and how many were used so far.
  let bytes: Uint8Array | null = null;
  let bytesUsed = 0;

  const fail = (index: number, why: string): never => {
    throw new Error(
      `pieceSpans: piece ${index} (${JSON.stringify(pieces[index])}) ${why} at character ${position}.`,
    );
  };

  pieces.forEach((piece, index) => {
    if (bytes !== null && byteOfPiece(piece) === null) fail(index, 'interrupts a character spelled in bytes');
    if (specials.has(piece)) {
      if (!text.startsWith(piece, position)) fail(index, 'is not in the text');
      spans.push({ start: position, end: position + piece.length });
      position += piece.length;
      stretchStart = true;
      return;
    }
    const byte = byteOfPiece(piece);
    if (byte !== null) {
      if (stretchStart) fail(index, 'starts a stretch of text without the leading ▁');
      if (bytes === null) {
        const code = text.codePointAt(position);
        if (code === undefined) fail(index, 'runs past the end of the text');
        bytes = utf8.encode(String.fromCodePoint(code!));
        bytesUsed = 0;
      }
      if (bytes[bytesUsed] !== byte) fail(index, 'is not the next byte of the character');
      const length = String.fromCodePoint(text.codePointAt(position)!).length;
      spans.push({ start: position, end: position + length });
      if (++bytesUsed === bytes.length) {
        position += length;
        bytes = null;
      }
      return;
    }
    let rest = piece;
    if (stretchStart) {
      if (!rest.startsWith(SPACE_MARKER)) fail(index, 'starts a stretch of text without the leading ▁');
      rest = rest.slice(SPACE_MARKER.length);
      stretchStart = false;
    }
    const start = position;
    for (const char of rest) {
      const actual = text.codePointAt(position);
      const expected =
        actual === 0x20 ? SPACE_MARKER : actual === undefined ? '' : String.fromCodePoint(actual);
      if (char !== expected) fail(index, 'does not spell the text');
      position += actual! > 0xffff ? 2 : 1;
    }
    spans.push({ start: rest.length === 0 ? position : start, end: position });
  });

  if (bytes !== null) throw new Error('pieceSpans: the text ends inside a character spelled in bytes.');
  if (position !== text.length) {
    throw new Error(`pieceSpans: the pieces cover ${position} of ${text.length} characters.`);
  }
  return spans;
}

/**
 * Token spans for any tokenizer, by bytes: `tokens` are the bytes of the
 * text's UTF-8 each token stands for (see `tokenBytes` in render.ts), and
 * each span follows the running byte count. A token that ends inside a
 * character shares that character's span with the next; a token of no bytes
 * (a `▁` the tokenizer added itself) gets an empty span. Throws when the
 * tokens do not spell the text exactly.
 */
export function byteSpans(text: string, tokens: ReadonlyArray<readonly number[]>): PieceSpan[] {
  const textBytes = utf8.encode(text);
  // For each byte: where its character starts and ends in UTF-16 units.
  const charStart = new Uint32Array(textBytes.length + 1).fill(text.length);
  const charEnd = new Uint32Array(textBytes.length + 1).fill(text.length);
  let at = 0;
  let unit = 0;
  for (const char of text) {
    const length = utf8.encode(char).length;
    charStart.fill(unit, at, at + length);
    charEnd.fill(unit + char.length, at, at + length);
    at += length;
    unit += char.length;
  }
  let position = 0;
  const spans = tokens.map((bytes, index) => {
    bytes.forEach((byte, k) => {
      if (textBytes[position + k] !== byte)
        throw new Error(`byteSpans: token ${index} does not spell the text at byte ${position + k}.`);
    });
    const start = charStart[position]!;
    position += bytes.length;
    return { start, end: bytes.length === 0 ? start : charEnd[position - 1]! };
  });
  if (position !== textBytes.length)
    throw new Error(`byteSpans: the tokens cover ${position} of ${textBytes.length} bytes.`);
  return spans;
}
