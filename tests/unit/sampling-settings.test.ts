import { describe, expect, it } from 'vitest';
import {
  checkSamplingField,
  checkSamplingSettings,
  parseSamplingSettings,
  SEED_SAMPLING,
} from '../../src/lib/sampling/settings';

const DEFAULTS = {
  temperature: '1',
  topK: '50',
  topP: '1',
  minP: '0',
  typicalP: '1',
  repetitionPenalty: '1',
  presencePenalty: '0',
  frequencyPenalty: '0',
  order: 'temperature-first',
  seed: '0',
};

describe('sampling settings', () => {
  it('accepts the seed notebook’s settings and the edges of every range', () => {
    expect(checkSamplingSettings(SEED_SAMPLING, 32000)).toEqual({});
    expect(
      checkSamplingSettings({ ...SEED_SAMPLING, temperature: 0, topK: 32000, topP: 1, seed: -5 }, 32000),
    ).toEqual({});
    expect(
      checkSamplingSettings({ ...SEED_SAMPLING, temperature: 2, topK: 1, topP: 1e-9, seed: 2 ** 40 }, 32000),
    ).toEqual({});
  });

  it('says what is wrong with each value, in words a reader can act on', () => {
    expect(
      checkSamplingSettings({ ...SEED_SAMPLING, temperature: -0.1, topK: 2.5, topP: 0, seed: 0.5 }, 32000),
    ).toMatchInlineSnapshot(`
      {
        "seed": "The seed must be a whole number; 0.5 is not.",
        "temperature": "Temperature -0.1 is out of range: use a number from 0 (greedy: always the top token) to 2.",
        "topK": "Top-k must be a whole number of tokens; 2.5 is not.",
        "topP": "Top-p 0 is out of range: use a number above 0 and at most 1 (1 switches it off).",
      }
    `);
    expect(checkSamplingField('topK', 32001, 32000)).toBe(
      'Top-k 32,001 is out of range: use a whole number from 1 to 32,000 (the vocabulary size), or 0 to switch it off.',
    );
    expect(checkSamplingField('topK', -1, 32000)).toMatch(/^Top-k -1 is out of range/);
    expect(checkSamplingField('temperature', NaN, 32000)).toBe(
      'Temperature must be a finite number; NaN is not.',
    );
    expect(checkSamplingField('topP', 1.01, 32000)).toMatch(/^Top-p 1.01 is out of range/);
  });

  it('parses what the reader typed, or reports every bad field', () => {
    expect(
      parseSamplingSettings({ ...DEFAULTS, temperature: ' 0.7 ', topK: '40', topP: '.9', seed: '-3' }, 32000),
    ).toEqual({
      ok: true,
      settings: { ...SEED_SAMPLING, temperature: 0.7, topK: 40, topP: 0.9, seed: -3 },
    });
    expect(
      parseSamplingSettings({ ...DEFAULTS, temperature: '', topK: 'ten', topP: '2', seed: '1' }, 32000),
    ).toEqual({
      ok: false,
      errors: {
        temperature: 'Enter a temperature.',
        topK: '“ten” is not a number, so it cannot be the top-k.',
        topP: 'Top-p 2 is out of range: use a number above 0 and at most 1 (1 switches it off).',
      },
    });
  });

  it('echoes what was typed when the number it became reads differently, and only a short prefix of it', () => {
    const typed = (field: 'temperature' | 'topK' | 'topP' | 'seed', text: string) => {
      const parsed = parseSamplingSettings({ ...DEFAULTS, [field]: text }, 32000);
      return parsed.ok ? null : parsed.errors[field];
    };
    // -9007199254740993 becomes the double -9007199254740992: the message quotes the reader, not the double.
    expect(typed('seed', '-9007199254740993')).toBe(
      'The seed “-9007199254740993” is out of range: use a whole number from -9,007,199,254,740,991 to 9,007,199,254,740,991.',
    );
    expect(typed('seed', '9007199254740991')).toBeNull();
    expect(typed('temperature', '1e400')).toBe('Temperature must be a finite number; “1e400” is not.');
    expect(typed('topP', '0.50')).toBeNull();
    expect(typed('topK', '2.50')).toBe('Top-k must be a whole number of tokens; “2.50” is not.');
    const paste = 'x'.repeat(1_000_000);
    expect(parseSamplingSettings({ ...DEFAULTS, temperature: paste.slice(0, 30) }, 32000)).toEqual({
      ok: false,
      errors: {
        temperature:
          '“xxxxxxxxxxxxxxxxxxxxxxxx…” (30 characters) is not a number, so it cannot be the temperature.',
      },
    });
    const huge = typed('temperature', paste)!;
    expect(huge).toBe(
      '“xxxxxxxxxxxxxxxxxxxxxxxx…” (1,000,000 characters) is too long to be the temperature: a setting has at most 32 characters.',
    );
  });
});
