import { describe, expect, it } from 'vitest';
import { addressForText, textFromAddress } from '../../src/lib/tokenizer/shared-text';

const page = 'https://site.example/chapters/tokens/';
const seed = 'Can you write an email explaining what an LLM is?';

describe('the Tokens text in the address', () => {
  it('round-trips any text exactly: spaces, newlines, markup, emoji, special tokens', () => {
    for (const text of [
      '  two  spaces ',
      'a\nb\r\nc\t',
      '<img src=x onerror=alert(1)>',
      '🦩 & = ? # %',
      '<s>[INST] x [/INST]</s>',
      '',
    ]) {
      const { href, note } = addressForText(page, text, seed);
      expect(note).toBeNull();
      expect(textFromAddress(href)).toBe(text);
    }
  });

  it('leaves the seed prompt out of the address, and keeps other parameters and the fragment', () => {
    expect(addressForText(`${page}?text=old&x=1#tokens`, seed, seed).href).toBe(`${page}?x=1#tokens`);
    expect(textFromAddress(page)).toBeNull();
  });

  it('keeps a text whose encoded form is over 6,000 bytes out of the address, and says why', () => {
    // 2,000 CJK characters were 18 kB of address; the budget counts bytes, not characters.
    const cjk = '語'.repeat(2_000);
    const { href, note } = addressForText(`${page}?text=old`, cjk, seed);
    expect(href).toBe(page);
    expect(note).toBe(
      'This text is too long for the page’s address: it would take 18,005 bytes there, over the 6,000 each part may take so that any server or chat app opens the link; a copied link will not bring it back.',
    );
    // "text=" is 5 bytes; a flamingo is 4 UTF-8 bytes, 12 encoded: 499 fit in 5,993 bytes, 500 take 6,005.
    expect(addressForText(page, '🦩'.repeat(499), seed).note).toBeNull();
    expect(addressForText(page, '🦩'.repeat(500), seed).note).toMatch(/6,005 bytes/);
  });

  it('keeps a text with a lone surrogate out of the address rather than bring it back changed', () => {
    const { href, note } = addressForText(`${page}?text=old`, 'half \uD83E flamingo', seed);
    expect(href).toBe(page);
    expect(note).toMatch(/^This text holds a broken character \(half of an emoji/);
  });
});
