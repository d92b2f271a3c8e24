import { describe, expect, it } from 'vitest';
import {
  asSentence,
  echoNumber,
  formatBytes,
  formatCount,
  formatMilliseconds,
  formatPercent,
  formatValue,
  quoteTyped,
} from '../../src/lib/core/format';
import { GIB, MIB } from '../../src/lib/core/memory';

describe('formatCount', () => {
  it('separates thousands, and makes a unit agree with its count', () => {
    expect(formatCount(32000)).toBe('32,000');
    expect(formatCount(1, 'token')).toBe('1 token');
    expect(formatCount(0, 'token')).toBe('0 tokens');
    expect(formatCount(4096, 'token')).toBe('4,096 tokens');
    expect(formatCount(2, 'query head', 'query heads')).toBe('2 query heads');
    expect(formatCount(3, 'child', 'children')).toBe('3 children');
  });
});

describe('formatValue, formatPercent, formatMilliseconds', () => {
  it('echoes a typed number with up to six decimals', () => {
    expect(formatValue(1024)).toBe('1,024');
    expect(formatValue(0.001)).toBe('0.001');
    expect(formatValue(1e-7)).toBe('0');
  });

  it('prints a share as a percentage, rounded to the decimals asked for', () => {
    expect(formatPercent(0.335, 0)).toBe('34%');
    expect(formatPercent(0.9123, 1)).toBe('91.2%');
    expect(formatPercent(1, 0)).toBe('100%');
  });

  it('gives one decimal below 10 ms and whole milliseconds above', () => {
    expect(formatMilliseconds(4.25)).toBe('4.3 ms');
    expect(formatMilliseconds(1204.4)).toBe('1,204 ms');
  });
});

describe('formatBytes', () => {
  it('uses GiB with one decimal, whole MiB and KiB', () => {
    expect(formatBytes(1.5 * GIB)).toBe('1.5 GiB');
    expect(formatBytes(512 * MIB)).toBe('512 MiB');
    expect(formatBytes(1536 * MIB)).toBe('1.5 GiB');
    expect(formatBytes(128 * 1024)).toBe('128 KiB');
    expect(formatBytes(12)).toBe('12 bytes');
    expect(formatBytes(-2 * GIB)).toBe('−2.0 GiB');
    expect(formatBytes(Number.NaN)).toBe('unknown');
  });

  it('keeps a fixed unit and decimals for a column of sizes, thousands separated', () => {
    expect(formatBytes(814_120, { unit: 'MiB', decimals: 2 })).toBe('0.78 MiB');
    expect(formatBytes(13.5 * GIB, { unit: 'GiB', decimals: 2 })).toBe('13.50 GiB');
    expect(formatBytes(2048 * GIB)).toBe('2,048.0 GiB');
  });
});

describe('asSentence', () => {
  it('ends a message with exactly one full stop', () => {
    expect(asSentence('The tokenizer worker stopped unexpectedly.')).toBe(
      'The tokenizer worker stopped unexpectedly.',
    );
    expect(asSentence('Failed to fetch')).toBe('Failed to fetch.');
    expect(asSentence('Could not load it (HTTP 404)')).toBe('Could not load it (HTTP 404).');
    expect(asSentence('Is it there?')).toBe('Is it there?');
    expect(asSentence('He said “stop.”')).toBe('He said “stop.”');
    expect(asSentence('  spaced out  ')).toBe('spaced out.');
  });
});

describe('quoteTyped and echoNumber', () => {
  it('quotes a short value whole and a long one as its first 24 characters, counted by code point', () => {
    expect(quoteTyped('0.7x')).toBe('“0.7x”');
    expect(quoteTyped('a'.repeat(24))).toBe(`“${'a'.repeat(24)}”`);
    expect(quoteTyped('a'.repeat(25))).toBe(`“${'a'.repeat(24)}…” (25 characters)`);
    // 30 flamingos are 60 UTF-16 units; the cut falls between two of them, not inside one.
    expect(quoteTyped('🦩'.repeat(30))).toBe(`“${'🦩'.repeat(24)}…” (30 characters)`);
  });

  it('prints the number when it reads back as typed, and the typed text otherwise', () => {
    expect(echoNumber(1024, '1024')).toBe('1,024');
    expect(echoNumber(-9007199254740992, '-9007199254740993')).toBe('“-9007199254740993”');
    expect(echoNumber(Infinity, '1e400')).toBe('“1e400”');
  });
});
