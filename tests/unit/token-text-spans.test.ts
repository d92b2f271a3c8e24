import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTextTokenizer, type TextTokenizer } from '../../src/lib/tokenizer/tokenize';
import { textSegments, type TextSegment } from '../../src/lib/tokenizer/text-spans';
import { describeTokens, showTokenText, tokenText } from '../../src/lib/tokenizer/token-view';
import { loadMistral } from './tokenizer-fixture';

let mistral: PreTrainedTokenizer;
let tokenizer: TextTokenizer;
beforeAll(async () => {
  mistral = await loadMistral();
  tokenizer = createTextTokenizer(mistral);
});

/** Each segment as [its characters in the text, kind, first token, last token]. */
function laidOut(text: string, options?: Parameters<typeof textSegments>[2]) {
  const segments = textSegments(text, tokenizer.tokenize(text).tokens, options);
  return segments?.map((s: TextSegment) => [text.slice(s.start, s.end), s.kind, s.first, s.last]);
}

describe('tokens laid back over the text they came from', () => {
  it('puts <s> and each word with the space before it in place', () => {
    // <s>, ▁Can, ▁you: the ▁ of ▁Can is the tokenizer's own, so its characters are "Can"; ▁you's are " you".
    expect(laidOut('Can you')).toEqual([
      ['', 'added', 0, 0],
      ['Can', 'text', 1, 1],
      [' you', 'text', 2, 2],
    ]);
  });

  it('gives spaces and a newline their own characters', () => {
    // The chapter's own example: <s>, ▁▁ (the added ▁ and the first space), ▁a, <0x0A>, b, ▁ (the last space).
    expect(laidOut('  a\nb ')).toEqual([
      ['', 'added', 0, 0],
      [' ', 'text', 1, 1],
      [' a', 'text', 2, 2],
      ['\n', 'byte', 3, 3],
      ['b', 'text', 4, 4],
      [' ', 'text', 5, 5],
    ]);
  });

  it('lays the four byte tokens of an emoji over its one character (two UTF-16 units)', () => {
    // 🦩 is F0 9F A6 A9 in UTF-8, none of them merged: tokens 2 to 5 all stand for it.
    const segments = textSegments('a🦩', tokenizer.tokenize('a🦩').tokens);
    expect(segments).toEqual([
      { start: 0, end: 0, first: 0, last: 0, kind: 'added' },
      { start: 0, end: 1, first: 1, last: 1, kind: 'text' },
      { start: 1, end: 3, first: 2, last: 5, kind: 'byte' },
    ]);
  });

  it('maps CJK characters, whole entries and byte-spelled ones, to the right characters', () => {
    // 日, 本 and 語 are entries of their own, after the lone ▁ the tokenizer puts in front.
    expect(laidOut('日本語')).toEqual([
      ['', 'added', 0, 0],
      ['', 'added', 1, 1],
      ['日', 'text', 2, 2],
      ['本', 'text', 3, 3],
      ['語', 'text', 4, 4],
    ]);
    // 龘 (U+9F98, E9 BE 98) is not: three byte tokens over one character.
    expect(laidOut('日龘')).toEqual([
      ['', 'added', 0, 0],
      ['', 'added', 1, 1],
      ['日', 'text', 2, 2],
      ['龘', 'byte', 3, 5],
    ]);
  });

  it('reads a <s> the reader typed as a special token with its three characters', () => {
    // After a special token the tokenizer starts a new stretch, with a ▁ of its own again.
    expect(laidOut('<s>hi</s> x')).toEqual([
      ['', 'added', 0, 0],
      ['<s>', 'special', 1, 1],
      ['hi', 'text', 2, 2],
      ['</s>', 'special', 3, 3],
      ['', 'added', 4, 4],
      [' x', 'text', 5, 5],
    ]);
  });

  it('keeps a literal ▁ typed by the reader apart from a space', () => {
    expect(laidOut('a▁b')).toEqual([
      ['', 'added', 0, 0],
      ['a', 'text', 1, 1],
      ['▁b', 'text', 2, 2],
    ]);
  });

  it('lays the replacement bytes of an unpaired surrogate over that one unit', () => {
    // The encoder writes a lone surrogate as U+FFFD, EF BF BD: three byte tokens for one UTF-16 unit.
    expect(laidOut('x\uD83D y')).toEqual([
      ['', 'added', 0, 0],
      ['x', 'text', 1, 1],
      ['\uD83D', 'byte', 2, 4],
      [' y', 'text', 5, 5],
    ]);
  });

  it('gives an empty box only the added <s>', () => {
    expect(laidOut('')).toEqual([['', 'added', 0, 0]]);
  });

  it('refuses tokens of another text (an answer for an older text) instead of mislabelling', () => {
    const older = tokenizer.tokenize('Can you').tokens;
    expect(textSegments('Can you ', older)).toBeNull();
    expect(textSegments('Can your', older)).toBeNull();
    expect(textSegments('Dan you', older)).toBeNull();
  });

  it('lays out only the first tokens of a long text when asked to', () => {
    const text = 'one two three';
    const first = tokenizer.tokenize(text).tokens.slice(0, 3);
    expect(textSegments(text, first)).toBeNull();
    expect(textSegments(text, first, { complete: false })?.map((s) => text.slice(s.start, s.end))).toEqual([
      '',
      'one',
      ' two',
    ]);
  });
});

describe('the one glyph for a space', () => {
  it('shows a space as ▁ and other invisible characters as makeVisible does', () => {
    expect(showTokenText(' a  b')).toBe('▁a▁▁b');
    expect(showTokenText('\n\t')).toBe('↵⇥');
    expect(showTokenText('▁Can')).toBe('▁Can');
  });

  it('gives the table the token’s own text where decode([id]) drops its leading space', () => {
    // Hand-known vocabulary entries: 28705 is ▁, 2287 is ▁▁▁, 2418 is ▁Can. The notebook's decode([id])
    // printed "", "  " and "Can" for them: SentencePiece's decoder strips a sequence's first space.
    const vocabulary: Record<number, [string, string]> = {
      1: ['<s>', '<s>'],
      28705: ['▁', ''],
      2287: ['▁▁▁', '  '],
      2418: ['▁Can', 'Can'],
      13: ['<0x0A>', '\n'],
    };
    const views = describeTokens([1, 28705, 2287, 2418, 13], {
      piece: (id) => vocabulary[id]![0],
      decodeOne: (id) => vocabulary[id]![1],
    });
    expect(views.map((view) => view.text)).toEqual(['<s>', '', '  ', 'Can', '\n']);
    expect(views.map(tokenText)).toEqual(['<s>', '▁', '▁▁▁', '▁Can', '↵']);
  });

  it('agrees with the real vocabulary on those three ids', () => {
    // Only a check that the fixture's vocabulary holds the pieces the test above takes as known.
    expect([28705, 2287, 2418].map((id) => mistral._tokenizer.id_to_token(id))).toEqual(['▁', '▁▁▁', '▁Can']);
    expect([28705, 2287, 2418].map((id) => mistral.decode([id]))).toEqual(['', '  ', 'Can']);
  });

  it('shows each byte of a character as that character', () => {
    const bytes = tokenizer.tokenize('🦩').tokens.filter((view) => view.kind === 'byte');
    expect(bytes.map(tokenText)).toEqual(['🦩', '🦩', '🦩', '🦩']);
  });
});
