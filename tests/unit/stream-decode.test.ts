import type { PreTrainedTokenizer } from '@huggingface/transformers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeFinish,
  decodeNext,
  decoding,
  DECODE_START,
  vocabularyPieces,
  type DecodeState,
} from '../../src/lib/tokenizer/stream-decode';
import { loadMistral } from './tokenizer-fixture';

let tokenizer: PreTrainedTokenizer;
let pieces: string[];
beforeAll(async () => {
  tokenizer = await loadMistral();
  pieces = vocabularyPieces(tokenizer);
});

/** Pushes the ids one at a time; returns each step's new text and the final flush. */
function stream(ids: readonly number[], skipSpecialTokens = true) {
  const how = decoding(pieces, { skipSpecialTokens });
  let state: DecodeState = DECODE_START;
  const steps = ids.map((id) => {
    const next = decodeNext(how, state, id);
    state = next.state;
    return next.chunk;
  });
  const end = decodeFinish(state);
  expect(end.state.text).toBe(steps.join('') + end.chunk);
  return { steps, rest: end.chunk, text: end.state.text };
}

const decodeAll = (ids: number[], skipSpecialTokens = true) =>
  ids.length === 0 ? '' : tokenizer.decode(ids, { skip_special_tokens: skipSpecialTokens });

/** Characters that stress the decoder: byte fallback (emoji, rare CJK), combining marks, newlines, leading spaces. */
const character = fc.oneof(
  fc.constantFrom(' ', '  ', '\n', '\t', 'a', 'Dear', '.', '?', '[INST]', '</s>', '<s>'),
  fc.constantFrom(
    '😀',
    '👩‍👩‍👧',
    '🇫🇷',
    '🧑🏽‍🚀',
    '中',
    '文',
    '語',
    '𠜎',
    '𪚥',
    'é',
    'e\u0301',
    '\u0308',
    'ñ',
    'ع',
    '\u200d',
  ),
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0x0300, max: 0x036f }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0x1f300, max: 0x1faff }).map((c) => String.fromCodePoint(c)),
  fc
    .integer({ min: 0x20, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
);
const text = fc.array(character, { maxLength: 40 }).map((parts) => parts.join(''));

describe('streaming detokenization', () => {
  it('shows the seed reply word by word, without the first word’s leading space', () => {
    const ids = tokenizer.encode('Dear reader, hello', { add_special_tokens: false });
    expect(pieces[ids[0]!]).toBe('▁Dear');
    expect(stream(ids).steps).toEqual(['Dear', ' reader', ',', ' hell', 'o']);
    expect(stream([1, ...ids, 2]).steps).toEqual(['', 'Dear', ' reader', ',', ' hell', 'o', '']);
  });

  it('holds byte-fallback pieces until they form a character', () => {
    const ids = tokenizer.encode('a 🦙b', { add_special_tokens: false });
    expect(ids.map((id) => pieces[id])).toEqual(['▁a', '▁', '<0xF0>', '<0x9F>', '<0xA6>', '<0x99>', 'b']);
    const how = decoding(pieces);
    let state: DecodeState = DECODE_START;
    const shown = ids.map((id) => {
      const next = decodeNext(how, state, id);
      state = next.state;
      return [next.chunk, state.held.length];
    });
    expect(shown).toEqual([
      ['a', 0],
      [' ', 0],
      ['', 1],
      ['', 2],
      ['', 3],
      ['🦙', 0],
      ['b', 0],
    ]);
  });

  it('turns bytes that never become a character into U+FFFD, where the one-shot decode does', () => {
    const cut = [1, 3 + 0xf0, 3 + 0x9f, 2]; // <s>, two bytes of a four-byte emoji, </s>
    expect(stream(cut)).toEqual({ steps: ['', '', '', ''], rest: '\uFFFD', text: decodeAll(cut) });
    const broken = [3 + 0xe2, 3 + 0x41, 3 + 0xf0, 3 + 0x9f, 3 + 0x98, 3 + 0x80, 22143]; // a bad lead byte, then 😀
    expect(stream(broken).text).toBe(decodeAll(broken));
    expect(stream(broken).steps).toEqual(['', '\uFFFDA', '', '', '', '😀', ' Dear']);
  });

  it('strips only the very first space, even when it comes from a byte piece or after a special token', () => {
    const spaceByte = 3 + 0x20;
    const ids = [1, 2, spaceByte, spaceByte, 22143];
    expect(stream(ids).text).toBe(decodeAll(ids));
    expect(stream(ids).text).toBe('  Dear'); // three spaces in, the first one stripped
  });

  it('joins a byte run across a dropped special token, as decode does', () => {
    const ids = [3 + 0xe2, 2, 3 + 0x82, 3 + 0xac];
    expect(decodeAll(ids)).toBe('€');
    expect(stream(ids).steps).toEqual(['', '', '', '€']);
  });

  it('keeps special tokens as text when asked to, as decode does', () => {
    const ids = [1, 733, 16289, 28793, 22143, 2];
    expect(stream(ids, false).text).toBe(decodeAll(ids, false));
  });

  it('for random text (emoji, CJK, combining marks, newlines), streaming gives what decoding all ids at once gives', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (input, withBos) => {
        const ids = tokenizer.encode(input, { add_special_tokens: withBos });
        expect(stream(ids).text).toBe(decodeAll(ids));
      }),
      { numRuns: 300 },
    );
  });

  it('for random id sequences (bytes in any order, special tokens, words), the same holds', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 3, max: 258 }),
      fc.constantFrom(3 + 0xf0, 3 + 0x9f, 3 + 0x98, 3 + 0x80, 3 + 0xe4, 3 + 0xb8, 3 + 0xad, 3 + 0x20, 28705),
      fc.integer({ min: 259, max: 31999 }),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 30 }), fc.boolean(), (ids, skip) => {
        expect(stream(ids, skip).text).toBe(decodeAll(ids, skip));
      }),
      { numRuns: 1000 },
    );
  });
});
