import { describe, expect, it } from 'vitest';
import { newChapter, slugFromTitle } from '../../src/lib/chapter-scaffold';
import { parseChapterFileName } from '../../src/lib/chapters';

const existing = ['01-tokens.mdx', '02-chat-template.mdx', '06-parameters.mdx', 'notes.txt'];

describe('slugFromTitle', () => {
  it('makes lowercase ASCII words joined by dashes', () => {
    expect(slugFromTitle("What's inside a Layer?")).toBe('whats-inside-a-layer');
    expect(slugFromTitle('  Déjà vu: RoPE & GQA  ')).toBe('deja-vu-rope-gqa');
    expect(slugFromTitle('🦩🦩')).toBe('');
  });
});

describe('newChapter', () => {
  it('takes the number after the highest and a name the chapter rules accept', () => {
    const chapter = newChapter('Inside Mistral', existing);
    expect(chapter.fileName).toBe('07-inside-mistral.mdx');
    expect(parseChapterFileName(chapter.fileName)).toEqual({ order: 7, slug: 'inside-mistral' });
  });

  it('quotes the title for YAML and numbers the frontmatter like the file (the schema check is a real build: content-schema.test.ts)', () => {
    const chapter = newChapter('Inside "Mistral": layers', existing);
    expect(chapter.text).toMatch(/^---\ntitle: "Inside \\"Mistral\\": layers"\norder: 7\n/);
  });

  it('refuses an empty or odd title, and an address that exists, with a message', () => {
    expect(() => newChapter('   ', existing)).toThrow('Give the chapter a title');
    expect(() => newChapter('<script>', existing)).toThrow('plain words');
    expect(() => newChapter('🦩', existing)).toThrow('no letters or digits');
    expect(() => newChapter('x'.repeat(81), existing)).toThrow('keep it under 80');
    expect(() => newChapter('Chat Template', existing)).toThrow('"chat-template" exists already (number 2)');
  });

  it('starts at 1 in an empty folder', () => {
    expect(newChapter('Tokens', []).fileName).toBe('01-tokens.mdx');
  });
});
