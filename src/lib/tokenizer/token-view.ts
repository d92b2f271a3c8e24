import { MISTRAL_TOKENIZER } from './mistral';

/** How one token is shown: a chip and a table row. */
export interface TokenView {
  /** Position in the sequence, 0 for `<s>`. */
  index: number;
  id: number;
  /** The vocabulary entry, e.g. `▁Can`, `<0x0A>`, `<s>`. */
  piece: string;
  /**
   * `decode([id])`, what the seed notebook printed as "Token Text". It drops a
   * token's leading space (`▁Can` decodes to `Can`), so the panel shows
   * `tokenText` instead.
   */
  text: string;
  kind: 'special' | 'byte' | 'text';
  /** For byte-fallback tokens: which byte of which character this is. */
  byte?: ByteInfo;
}

export interface ByteInfo {
  value: number;
  /** 0-based position of this byte within its character's UTF-8 sequence. */
  position: number;
  /** Bytes in that sequence (1 to 4). */
  length: number;
  /** The character the sequence decodes to, or null when the bytes are not valid UTF-8. */
  char: string | null;
}

const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

/** The byte a byte-fallback piece such as `<0xF0>` stands for, or null. */
export function byteOfPiece(piece: string): number | null {
  const match = BYTE_PIECE.exec(piece);
  return match ? parseInt(match[1]!, 16) : null;
}

/** Length of the UTF-8 sequence that `lead` starts, or 0 when it cannot start one. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Groups runs of byte tokens into the characters they spell. A sequence that
 * is cut short or malformed is marked with `char: null`, one byte at a time.
 */
export function groupBytes(bytes: readonly number[]): ByteInfo[] {
  const infos: ByteInfo[] = [];
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes[i]!);
    const sequence = bytes.slice(i, i + length);
    let char: string | null = null;
    if (length > 0 && sequence.length === length) {
      try {
        char = strictDecoder.decode(new Uint8Array(sequence));
      } catch {
        char = null;
      }
    }
    const span = char === null ? 1 : length;
    for (let position = 0; position < span; position++) {
      infos.push({ value: bytes[i + position]!, position, length: span, char });
    }
    i += span;
  }
  return infos;
}

export interface VocabularyLookup {
  /** The vocabulary entry for an id. */
  piece(id: number): string;
  /** `decode([id])` with special tokens kept. */
  decodeOne(id: number): string;
}

/** Whether a vocabulary entry is a special token (`<s>`), a byte (`<0xF0>`) or text. */
export function kindOfPiece(
  piece: string,
  specialTokens: readonly string[] = MISTRAL_TOKENIZER.specialTokens,
): TokenView['kind'] {
  if (specialTokens.includes(piece)) return 'special';
  return byteOfPiece(piece) === null ? 'text' : 'byte';
}

/** Describes each id for display (`specialTokens`: the tokenizer's added tokens); byte tokens learn which character they belong to. */
export function describeTokens(
  ids: readonly number[],
  vocabulary: VocabularyLookup,
  specialTokens: readonly string[] = MISTRAL_TOKENIZER.specialTokens,
): TokenView[] {
  const views: TokenView[] = ids.map((id, index) => {
    const piece = vocabulary.piece(id);
    return { index, id, piece, text: vocabulary.decodeOne(id), kind: kindOfPiece(piece, specialTokens) };
  });
  let run: TokenView[] = [];
  const flush = () => {
    groupBytes(run.map((view) => byteOfPiece(view.piece)!)).forEach((info, k) => (run[k]!.byte = info));
    run = [];
  };
  for (const view of views) {
    if (view.kind === 'byte') run.push(view);
    else flush();
  }
  flush();
  return views;
}

const CONTROL_PICTURES: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍', '\u007f': '␡' };

/**
 * Makes whitespace and invisible characters visible: spaces, newlines, tabs
 * and control characters get a printable stand-in, and format characters
 * (zero-width joiners, bidirectional overrides, ...) are shown as `U+XXXX`,
 * so a token's boundaries and content can be seen and never reorder the text
 * around them.
 */
export function makeVisible(text: string, { keepSpaces = false } = {}): string {
  return text.replace(/[\s\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, (char) => {
    if (char === ' ' && keepSpaces) return char;
    const picture = CONTROL_PICTURES[char];
    if (picture) return picture;
    const code = char.codePointAt(0)!;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/**
 * The one glyph this site shows for a space in a token: SentencePiece's own
 * `▁`, the mark Mistral's vocabulary writes. A chip, a table cell and the
 * marks over the reader's text all use it, so a space never looks like two
 * different things (and `␣` stays for running text, where no vocabulary is
 * being read).
 */
export const SPACE_GLYPH = '▁';

/** A token's text as the site shows it: spaces as `▁`, other invisible characters as `makeVisible` shows them. */
export function showTokenText(text: string): string {
  return makeVisible(text.replaceAll(' ', SPACE_GLYPH));
}

/**
 * The Tokens table's "Token Text": the characters the token stands for,
 * spaces included (`▁Can`, `▁`, `▁▁▁`), a special token as itself, and a
 * byte token as the character its bytes spell (`🦩` for each of its four),
 * or `�` for a byte that spells nothing on its own.
 */
export function tokenText(token: Pick<TokenView, 'kind' | 'piece' | 'byte'>): string {
  if (token.kind === 'byte' && token.byte) return showTokenText(token.byte.char ?? '\uFFFD');
  return showTokenText(token.piece);
}
