import { byteOfPiece, SPACE_GLYPH, type TokenView } from './token-view';

/** One stretch of the reader's text and the token or tokens that stand for it. */
export interface TextSegment {
  /** `[start, end)` in UTF-16 units of the text; empty for a token that stands for no character of it. */
  start: number;
  end: number;
  /** The tokens (indexes) behind the stretch: one, or several for a character spelled in bytes. */
  first: number;
  last: number;
  /**
   * `added`: a token the tokenizer put there itself (`<s>` in front, a lone `▁`
   * before a stretch of text); `special`: a special token the reader typed
   * (`<s>`, `</s>`); `byte`: one character spelled in bytes; `text`: the rest.
   */
  kind: 'added' | 'special' | 'byte' | 'text';
}

export interface SegmentOptions {
  /** Token 0 is the `<s>` the tokenizer adds (chapter 1's ids always start with it). */
  bos?: boolean;
  /** The tokens are all of the text's, so they must cover it exactly; false when only the first ones were described. */
  complete?: boolean;
}

const utf8 = new TextEncoder();

/**
 * Lays Mistral's tokens back over the text they came from, for the marks
 * drawn over the reader's text. We replay what the tokenizer did: the text
 * is cut at special tokens, which are pieces of their own; each stretch
 * between them gets one `▁` in front (the tokenizer's, standing for no
 * character) and its spaces become `▁`, and its pieces spell that exactly;
 * a byte token is one UTF-8 byte of the character at that point, so the
 * bytes of one character share its stretch.
 *
 * Returns null when the tokens do not spell the text (they are the answer
 * for an older text, while the newest is still being tokenized), so the
 * caller can keep its previous marks instead of drawing wrong ones. Like
 * `pieceSpans` in src/lib/chat/spans.ts, which needs every piece of a text;
 * this one reads TokenViews and also lays out only the first of them.
 */
export function textSegments(
  text: string,
  tokens: readonly TokenView[],
  { bos = true, complete = true }: SegmentOptions = {},
): TextSegment[] | null {
  const segments: TextSegment[] = [];
  let position = 0;
  let stretchStart = true;
  // While a character is being spelled in bytes: its UTF-8 bytes, how many were read, and its segment.
  let spelling: { bytes: Uint8Array; read: number; segment: TextSegment } | null = null;

  for (const token of tokens) {
    const { index, piece, kind } = token;
    if (spelling && kind !== 'byte') return null;
    if (index === 0 && bos) {
      if (kind !== 'special') return null;
      segments.push({ start: 0, end: 0, first: 0, last: 0, kind: 'added' });
      continue;
    }
    if (kind === 'special') {
      if (!text.startsWith(piece, position)) return null;
      segments.push({ start: position, end: position + piece.length, first: index, last: index, kind });
      position += piece.length;
      stretchStart = true;
      continue;
    }
    if (kind === 'byte') {
      if (!spelling) {
        const code = text.codePointAt(position);
        if (code === undefined) return null;
        const char = String.fromCodePoint(code);
        const segment: TextSegment = {
          start: position,
          end: position + char.length,
          first: index,
          last: index,
          kind,
        };
        segments.push(segment);
        spelling = { bytes: utf8.encode(char), read: 0, segment };
      }
      if (spelling.bytes[spelling.read] !== byteOfPiece(piece)) return null;
      spelling.segment.last = index;
      if (++spelling.read === spelling.bytes.length) {
        position = spelling.segment.end;
        spelling = null;
      }
      stretchStart = false;
      continue;
    }
    let rest = piece;
    if (stretchStart) {
      if (!rest.startsWith(SPACE_GLYPH)) return null;
      rest = rest.slice(SPACE_GLYPH.length);
      stretchStart = false;
    }
    const start = position;
    for (const char of rest) {
      const code = text.codePointAt(position);
      if (code === undefined) return null;
      const actual = String.fromCodePoint(code);
      if (char !== (actual === ' ' ? SPACE_GLYPH : actual)) return null;
      position += actual.length;
    }
    segments.push({
      start,
      end: position,
      first: index,
      last: index,
      kind: start === position ? 'added' : 'text',
    });
  }
  if (complete && (spelling || position !== text.length)) return null;
  return segments;
}
