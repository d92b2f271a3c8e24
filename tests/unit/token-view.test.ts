import { beforeAll, describe, expect, it } from 'vitest';
import { createTextTokenizer, type TextTokenizer } from '../../src/lib/tokenizer/tokenize';
import { groupBytes, makeVisible } from '../../src/lib/tokenizer/token-view';
import {
  displayLimitNote,
  inspectInput,
  MAX_CHIPS,
  MAX_LIVE_CHARS,
} from '../../src/lib/tokenizer/input-notes';
import { SEED_PROMPT } from '../../src/lib/tokenizer/mistral';
import { loadMistral } from './tokenizer-fixture';

let textTokenizer: TextTokenizer;
beforeAll(async () => {
  textTokenizer = createTextTokenizer(await loadMistral());
});

describe('what the panel shows for a text', () => {
  it('lists the seed prompt as the notebook table did, <s> first', () => {
    const result = textTokenizer.tokenize(SEED_PROMPT);
    expect(result.tokens.map(({ text, id }) => [text, id])).toEqual([
      ['<s>', 1],
      ['Can', 2418],
      ['you', 368],
      ['write', 3324],
      ['an', 396],
      ['email', 4927],
      ['explaining', 20400],
      ['what', 767],
      ['an', 396],
      ['LL', 16704],
      ['M', 28755],
      ['is', 349],
      ['?', 28804],
    ]);
    expect(result.tokens[1]).toMatchObject({ piece: '▁Can', kind: 'text' });
    expect(result.tokens[0]).toMatchObject({ piece: '<s>', kind: 'special' });
    expect(result.charCount).toBe(SEED_PROMPT.length);
    expect(result.byteCount).toBe(SEED_PROMPT.length);
    expect(result.notes).toEqual([]);
  });

  it('tells which character each byte token belongs to', () => {
    const bytes = textTokenizer.tokenize('🦩').tokens.filter((token) => token.kind === 'byte');
    expect(bytes.map((token) => token.piece)).toEqual(['<0xF0>', '<0x9F>', '<0xA6>', '<0xA9>']);
    expect(bytes.map((token) => token.byte)).toEqual(
      [0xf0, 0x9f, 0xa6, 0xa9].map((value, position) => ({
        value,
        position,
        length: 4,
        char: '🦩',
      })),
    );
  });

  it('counts characters as code points and bytes as UTF-8', () => {
    const result = textTokenizer.tokenize('é🦩');
    expect(result.charCount).toBe(2);
    expect(result.byteCount).toBe(2 + 4);
  });

  it('tokenizes the text exactly as typed, without trimming', () => {
    const padded = textTokenizer.tokenize(`  ${SEED_PROMPT}\n`).ids;
    const plain = textTokenizer.tokenize(SEED_PROMPT).ids;
    expect(padded.length).toBeGreaterThan(plain.length);
    expect(padded).not.toEqual(plain);
  });

  it('describes only the first MAX_CHIPS tokens but counts them all', () => {
    const result = textTokenizer.tokenize(Array(5000).fill('word').join(' '));
    expect(result.ids.length).toBe(5001);
    expect(result.tokens.length).toBe(MAX_CHIPS);
  });

  it('does not tokenize past the live limit, and says so', () => {
    const result = textTokenizer.tokenize('a'.repeat(MAX_LIVE_CHARS + 1));
    expect(result.ids).toEqual([]);
    expect(result.notes.map((note) => note.kind)).toEqual(['too-long']);
    expect(result.notes[0]!.message).toContain('1,000,001 characters');
  });
});

describe('groupBytes', () => {
  it('marks bytes that do not form valid UTF-8', () => {
    expect(groupBytes([0xf0, 0x41])).toEqual([
      { value: 0xf0, position: 0, length: 1, char: null },
      { value: 0x41, position: 0, length: 1, char: 'A' },
    ]);
    expect(groupBytes([0xc3, 0xa9])[1]).toEqual({ value: 0xa9, position: 1, length: 2, char: 'é' });
  });
});

describe('makeVisible', () => {
  it('gives whitespace and invisible characters a printable stand-in', () => {
    expect(makeVisible(' a\tb\nc\r\u0000\u200D\u202E')).toBe('␣a⇥b↵c␍␀⟨U+200D⟩⟨U+202E⟩');
    expect(makeVisible('a b', { keepSpaces: true })).toBe('a b');
  });
});

describe('inspectInput', () => {
  it.each([
    ['', ['empty']],
    [' \n\t', ['whitespace']],
    ['say <s> and </s>', ['special-token']],
    ['half \uD83D emoji', ['lone-surrogate']],
    ['bell \u0007', ['control']],
    ['a\u2581b', ['space-marker']],
    ['<img src=x onerror=alert(1)>', []],
    [SEED_PROMPT, []],
  ])('notes for %j', (text, kinds) => {
    expect(inspectInput(text).map((note) => note.kind)).toEqual(kinds);
  });

  it('names the special tokens it found', () => {
    expect(inspectInput('[INST] <s> x </s>')[0]!.message).toMatch(/contains <s>, <\/s>\./);
  });
});

describe('displayLimitNote', () => {
  it('says nothing while everything is shown, then what is left out', () => {
    expect(displayLimitNote(500)).toBeNull();
    expect(displayLimitNote(501)).toBe('The chips show all 501 tokens; the table lists the first 500.');
    expect(displayLimitNote(26_668)).toBe(
      'Showing the first 2,000 of 26,668 tokens as chips and the first 500 in the table; the counts above cover them all.',
    );
  });
});
