import { describe, expect, it } from 'vitest';
import { pieceSpans } from '../../src/lib/chat/spans';

const SPECIALS = ['<unk>', '<s>', '</s>'];
const spans = (text: string, pieces: string[]) =>
  pieceSpans(text, pieces, SPECIALS).map(({ start, end }) => text.slice(start, end));

describe('finding each token’s characters', () => {
  it('gives the tokenizer’s own leading ▁ no characters, and a space-marked piece its space', () => {
    expect(spans('<s>[INST] Hi', ['<s>', '▁[', 'INST', ']', '▁Hi'])).toEqual([
      '<s>',
      '[',
      'INST',
      ']',
      ' Hi',
    ]);
    expect(pieceSpans('</s> x', ['</s>', '▁', '▁x'], SPECIALS).map(({ start, end }) => [start, end])).toEqual(
      [
        [0, 4],
        [4, 4],
        [4, 6],
      ],
    );
  });

  it('gives every byte piece the whole character it helps spell', () => {
    expect(spans('a🦩', ['▁a', '<0xF0>', '<0x9F>', '<0xA6>', '<0xA9>'])).toEqual([
      'a',
      '🦩',
      '🦩',
      '🦩',
      '🦩',
    ]);
    expect(spans('\n', ['▁', '<0x0A>'])).toEqual(['', '\n']);
  });

  it('refuses pieces that do not spell the text', () => {
    expect(() => pieceSpans('Hi', ['▁Ho'], SPECIALS)).toThrow('does not spell the text');
    expect(() => pieceSpans('Hi', ['Hi'], SPECIALS)).toThrow('without the leading ▁');
    expect(() => pieceSpans('Hi there', ['▁Hi'], SPECIALS)).toThrow('the pieces cover 2 of 8 characters');
    expect(() => pieceSpans('🦩', ['▁', '<0xF0>', '<0x9F>'], SPECIALS)).toThrow('ends inside a character');
    expect(() => pieceSpans('é', ['▁', '<0xC3>', '<0xAA>'], SPECIALS)).toThrow('not the next byte');
  });
});
