import { describe, expect, it } from 'vitest';
import { addressForText, MAX_SHARED_CHARS, textFromAddress } from '../../src/lib/tokenizer/shared-text';

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

  it('keeps a text over the limit out of the address and says why', () => {
    const long = '🦩'.repeat(MAX_SHARED_CHARS + 1);
    const { href, note } = addressForText(`${page}?text=old`, long, seed);
    expect(textFromAddress(href)).toBeNull();
    expect(note).toBe(
      'The page address keeps texts of up to 2,000 characters; this one has 2,001, so a link to this page will not bring it back.',
    );
    expect(addressForText(page, '🦩'.repeat(MAX_SHARED_CHARS), seed).note).toBeNull();
  });
});
