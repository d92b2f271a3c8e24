import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import {
  createChunkedEncoder,
  mergePairs,
  splitAtSafeBoundaries,
  type ChunkedEncoder,
} from '../../src/lib/tokenizer/chunked-encoder';
import { MISTRAL_TOKENIZER, SEED_PROMPT } from '../../src/lib/tokenizer/mistral';
import { loadMistral } from './tokenizer-fixture';

let tokenizer: PreTrainedTokenizer;
let chunked: ChunkedEncoder;

beforeAll(async () => {
  tokenizer = await loadMistral();
  chunked = createChunkedEncoder(tokenizer);
});

const decode = (ids: number[]) => tokenizer.decode(ids, { skip_special_tokens: true });

describe('the Mistral-7B-Instruct-v0.1 tokenizer served by the site', () => {
  it('has the vocabulary and special tokens of the real model', () => {
    expect(tokenizer.get_vocab().size).toBe(MISTRAL_TOKENIZER.vocabSize);
    expect([tokenizer.unk_token_id, tokenizer.bos_token_id, tokenizer.eos_token_id]).toEqual([0, 1, 2]);
    expect(tokenizer._tokenizer.id_to_token(13)).toBe('<0x0A>');
  });

  it("reproduces the seed notebook's ids for its prompt, token by token", () => {
    const ids = tokenizer.encode(SEED_PROMPT);
    expect(ids).toEqual([1, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804]);
    expect(ids.map((id) => tokenizer.decode([id]))).toEqual([
      '<s>',
      'Can',
      'you',
      'write',
      'an',
      'email',
      'explaining',
      'what',
      'an',
      'LL',
      'M',
      'is',
      '?',
    ]);
  });

  it('knows "Dear", the first word the model wrote in the seed', () => {
    expect(tokenizer.encode('Dear', { add_special_tokens: false })).toEqual([22143]);
  });

  it('turns a newline into the byte token <0x0A>', () => {
    expect(tokenizer.encode('a\nb', { add_special_tokens: false })).toEqual([264, 13, 28726]);
  });

  it('spells an emoji the vocabulary lacks as its four UTF-8 bytes, and decodes it back', () => {
    // U+1F9A9 FLAMINGO is not in the vocabulary: F0 9F A6 A9, each a byte token (id = byte + 3).
    const ids = tokenizer.encode('🦩', { add_special_tokens: false });
    expect(ids).toEqual([28705, 0xf0 + 3, 0x9f + 3, 0xa6 + 3, 0xa9 + 3]);
    expect(decode(ids)).toBe('🦩');
  });

  it.each([
    ['leading spaces', '   three spaces first'],
    ['trailing spaces', 'two spaces after  '],
    ['repeated spaces', 'a  b   c    d'],
    ['tabs', 'col1\tcol2\t\tcol3'],
    ['newlines', 'line one\nline two\n\nline four\n'],
    ['CRLF', 'windows\r\nline endings\r\n'],
    ['accents', 'Crème brûlée, naïve façade, Ångström'],
    ['CJK', '日本語のテキストと中文文本和한국어'],
    ['emoji', 'Launch 🚀 with a flamingo 🦩 and a family 👨‍👩‍👧'],
  ])('decode(encode(x)) == x for %s', (_, text) => {
    expect(decode(tokenizer.encode(text))).toBe(text);
  });

  it('reads a typed ▁ (U+2581) as the space marker: it decodes to a space', () => {
    expect(tokenizer.encode('a\u2581b')).toEqual(tokenizer.encode('a b'));
    expect(decode(tokenizer.encode('a\u2581b'))).toBe('a b');
  });

  it('round-trips any string of whole characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        // Literal special tokens are read as special tokens, so they cannot round-trip as text. Nor can
        // U+2581 (▁): SentencePiece writes every space as ▁, so a typed ▁ comes back as a space.
        fc.pre(!MISTRAL_TOKENIZER.specialTokens.some((token) => text.includes(token)));
        fc.pre(!text.includes('\u2581'));
        expect(decode(tokenizer.encode(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the chunked encoder', () => {
  it('finds no safe boundary inside a merge result', () => {
    const pairs = mergePairs([
      ['▁', 't'],
      ['▁t', 'he'],
    ]);
    expect(splitAtSafeBoundaries('▁the', pairs)).toEqual(['▁the']);
    expect(splitAtSafeBoundaries('▁thex▁t', pairs)).toEqual(['▁the', 'x', '▁t']);
  });

  it('splits only between code points, never inside a surrogate pair', () => {
    expect(splitAtSafeBoundaries('a🦩b', new Set())).toEqual(['a', '🦩', 'b']);
  });

  it('gives exactly the ids of transformers.js on the fixtures', () => {
    for (const text of [
      SEED_PROMPT,
      '',
      ' ',
      '<s>[INST] hi </s>',
      'x\u0000y\u001b[0m',
      '\uD83D alone',
      'é'.normalize('NFD'),
    ]) {
      expect(chunked.encode(text)).toEqual(tokenizer.encode(text));
    }
  });

  it('gives exactly the ids of transformers.js on random text (property)', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
      fc.constantFrom('<s>', '</s>', '<unk>', '[INST]', ' ', '  ', '\n', '\r\n', '\t', ' the', 'ing', '▁'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(chunked.encode(text)).toEqual(tokenizer.encode(text));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with transformers.js on a long text with every kind of character', () => {
    const text = [SEED_PROMPT, 'Ünïcödé  ', '日本語', '🦩🚀', '\r\n\t', 'supercalifragilistic', '   ']
      .join(' ')
      .repeat(200);
    expect(chunked.encode(text)).toEqual(tokenizer.encode(text));
  });

  it('leaves out <s> on request', () => {
    expect(chunked.encode('Dear', { addBos: false })).toEqual([22143]);
  });
});
