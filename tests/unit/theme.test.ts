import { describe, expect, test } from 'vitest';
import { effectiveTheme, parseTheme, toggledTheme } from '../../src/lib/theme';
import { pageTitle } from '../../src/lib/site';

describe('theme', () => {
  test('only "light" and "dark" are themes', () => {
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('dark')).toBe('dark');
    for (const value of [null, undefined, '', 'Dark', 'auto']) expect(parseTheme(value)).toBeNull();
  });

  test("the reader's choice wins over the system's", () => {
    expect(effectiveTheme(null, false)).toBe('light');
    expect(effectiveTheme(null, true)).toBe('dark');
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
  });

  test('the toggle switches to the other theme', () => {
    expect(toggledTheme('light')).toBe('dark');
    expect(toggledTheme('dark')).toBe('light');
  });
});

describe('pageTitle', () => {
  test('puts the site name after the page title', () => {
    expect(pageTitle('Tokens')).toBe('Tokens · LLM Explainer');
    expect(pageTitle()).toBe('LLM Explainer');
  });
});
