/**
 * The address budget (src/lib/page-address.ts): each parameter is measured
 * in encoded bytes, not characters, and a value that could not come back
 * unchanged is left out with a reason. The property test runs every URL
 * parser of the site on arbitrary strings: none throws, and what the
 * writers put back stays within the budget.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ADDRESS_BUDGET_BYTES,
  encodedParamBytes,
  PARAM_BUDGET_BYTES,
  refusalNote,
  SETTING_BUDGET_BYTES,
  withParam,
} from '../../src/lib/page-address';
import { readConversationParam, withConversationParam } from '../../src/lib/chat/url';
import { addressForText, textFromAddress } from '../../src/lib/tokenizer/shared-text';
import {
  addressForSampling,
  MAX_NEW_TOKENS_PARAM,
  SAMPLING_PARAMS,
  samplingFromAddress,
} from '../../src/lib/generation/sampling-address';
import { toMessages } from '../../src/lib/chat/conversation';

const page = 'https://site.example/llm-explainer/chapters/one-token/';

describe('encoded bytes', () => {
  it('counts what the address carries: ASCII as 1, %XX as 3, a space as +', () => {
    expect(encodedParamBytes('q', 'ab c')).toBe('q=ab+c'.length);
    // é is 2 UTF-8 bytes (%C3%A9), 語 3 (%E8%AA%9E), 🦩 4 (%F0%9F%A6%A9).
    expect(encodedParamBytes('q', 'é')).toBe(2 + 6);
    expect(encodedParamBytes('q', '語')).toBe(2 + 9);
    expect(encodedParamBytes('q', '🦩')).toBe(2 + 12);
    expect(encodedParamBytes('q', '&=#%')).toBe(2 + 12);
  });

  it('adds up to less than the whole address budget on the busiest page', () => {
    // Chapters 4 and 5 carry the conversation and eleven settings at once (ten sampling settings and the limit).
    expect(PARAM_BUDGET_BYTES + 11 * SETTING_BUDGET_BYTES + 500).toBeLessThanOrEqual(ADDRESS_BUDGET_BYTES);
  });
});

describe('withParam', () => {
  it('sets, replaces and removes a parameter, keeping the others and the fragment', () => {
    expect(withParam(`${page}?a=1&q=old#x`, 'q', 'new', 100)).toEqual({
      href: `${page}?a=1&q=new#x`,
      refused: null,
    });
    expect(withParam(`${page}?a=1&q=old#x`, 'q', null, 100).href).toBe(`${page}?a=1#x`);
  });

  it('keeps a whitespace-only value: it is what was typed', () => {
    const { href } = withParam(page, 'q', '   ', 100);
    expect(new URL(href).searchParams.get('q')).toBe('   ');
  });

  it('refuses a value over its budget by encoded bytes, and one with a lone surrogate', () => {
    expect(withParam(`${page}?q=old`, 'q', 'x'.repeat(98), 100).refused).toBeNull();
    expect(withParam(`${page}?q=old`, 'q', 'x'.repeat(99), 100)).toEqual({
      href: page,
      refused: { reason: 'too-long', bytes: 101, budget: 100 },
    });
    expect(withParam(`${page}?q=old`, 'q', 'a\uDC00b', 100)).toEqual({
      href: page,
      refused: { reason: 'broken-character' },
    });
  });

  it('says why in words, with the figures', () => {
    expect(refusalNote('This search', { reason: 'too-long', bytes: 18_005, budget: 6_000 })).toBe(
      'This search is too long for the page’s address: it would take 18,005 bytes there, over the 6,000 each part may take so that any server or chat app opens the link; a copied link will not bring it back.',
    );
  });
});

describe('every address parser, on any input', () => {
  // Full Unicode including lone surrogates (fast-check's "binary" unit), markup and the characters URLs treat specially.
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.string({
      unit: fc.constantFrom('%', '&', '=', '+', '#', '?', '*', '\\', '<', '>', ' ', 'u', 'a', '語'),
      maxLength: 80,
    }),
    fc.constantFrom('%', '%E0%A4%A', '%ZZ', '\u0000', '<s>[INST]', 'x'.repeat(70_000)),
  );

  it('decodes any string without throwing, and writes back within the budget', () => {
    fc.assert(
      fc.property(anyText, anyText, (value, raw) => {
        // A damaged address as a browser could hand it over: the raw text after "?name=", unescaped.
        for (const search of [`?chat=${raw}`, `?chat=${encodeURIComponent(value)}`]) {
          const read = readConversationParam(search);
          expect(['absent', 'conversation', 'damaged']).toContain(read.kind);
          if (read.kind === 'conversation') {
            const back = withConversationParam(page, toMessages(read.conversation)).href;
            expect(back.length).toBeLessThanOrEqual(ADDRESS_BUDGET_BYTES);
          }
        }
        const withText = `${page}?text=${encodeURIComponent(value)}`;
        const text = textFromAddress(withText) ?? '';
        expect(addressForText(page, text, 'seed').href.length).toBeLessThanOrEqual(ADDRESS_BUDGET_BYTES);

        const names = [...Object.values(SAMPLING_PARAMS), MAX_NEW_TOKENS_PARAM];
        const hostile = `${page}?${names.map((name) => `${name}=${encodeURIComponent(value)}`).join('&')}&chat=${raw}`;
        const state = samplingFromAddress(hostile);
        const written = addressForSampling(
          withConversationParam(page, [{ role: 'user', content: 'x'.repeat(5_900) }]).href,
          state,
        );
        expect(written.length).toBeLessThanOrEqual(ADDRESS_BUDGET_BYTES);
      }),
      { numRuns: 300 },
    );
  });

  it('gives back exactly what it read whenever it writes a value at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
        const { href, note } = addressForText(page, value, 'seed');
        if (note === null && value !== 'seed') expect(textFromAddress(href)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});
