/**
 * How the site prints numbers: counts with thousands separators ("32,000"),
 * a unit that agrees with its count ("1 token", "2 tokens"), sizes in binary
 * units ("13.5 GiB"), shares as percentages. Every panel and message goes
 * through these, so the same number reads the same everywhere.
 */
import { GIB, KIB, MIB } from './memory';

/**
 * A count as the site prints it, `32,000`; with a unit, the unit agrees with
 * the count: `1 token`, `2 tokens`, `1,024 tokens`. `plural` is for words
 * that do not just add an s.
 */
export function formatCount(value: number, unit?: string, plural = `${unit}s`): string {
  const count = value.toLocaleString('en');
  if (unit === undefined) return count;
  return `${count} ${value === 1 ? unit : plural}`;
}

/** A number the reader typed, echoed in a message: thousands separated, up to six decimals (`1,024`, `0.001`). */
export function formatValue(value: number): string {
  return value.toLocaleString('en', { maximumFractionDigits: 6 });
}

/** `share` (0 to 1) as a percentage with `decimals` decimals: `42%`, `41.9%`. */
export function formatPercent(share: number, decimals: number): string {
  return `${(share * 100).toFixed(decimals)}%`;
}

/** Milliseconds the way a timing line reads: one decimal below 10 ms, whole above (`4.2 ms`, `1,204 ms`). */
export function formatMilliseconds(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : formatCount(Math.round(ms))} ms`;
}

export type ByteUnit = 'bytes' | 'KiB' | 'MiB' | 'GiB';

const UNIT_SIZE: Record<ByteUnit, number> = { bytes: 1, KiB: KIB, MiB: MIB, GiB: GIB };

/** The unit a size reads best in: GiB from 1 GiB up, then MiB, KiB, bytes. */
export function byteUnitFor(bytes: number): ByteUnit {
  const size = Math.abs(bytes);
  return size >= GIB ? 'GiB' : size >= MIB ? 'MiB' : size >= KIB ? 'KiB' : 'bytes';
}

/**
 * A size in binary units: "13.5 GiB", "512 MiB", "64 KiB", "12 bytes" (one
 * decimal for GiB, whole numbers below). `fixed` picks the unit and the
 * decimals instead, so a column of sizes lines up: "0.39 MiB", "13.50 GiB".
 */
export function formatBytes(bytes: number, fixed?: { unit: ByteUnit; decimals: number }): string {
  if (!Number.isFinite(bytes)) return 'unknown';
  const unit = fixed?.unit ?? byteUnitFor(bytes);
  const decimals = fixed?.decimals ?? (unit === 'GiB' ? 1 : 0);
  // Rounded by toFixed (on the exact binary value), then given thousands separators: Intl alone would round
  // 1.15 GiB's nearest double, 1.1499..., up.
  const rounded = Number((Math.abs(bytes) / UNIT_SIZE[unit]).toFixed(decimals));
  const size = rounded.toLocaleString('en', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return `${bytes < 0 ? '−' : ''}${size} ${unit}`;
}

/**
 * `text` as one sentence: trimmed, and ending with a full stop unless it
 * already ends with one, a question or exclamation mark or an ellipsis
 * (before a closing quote or bracket, too). For messages built from another
 * message, which may or may not end with its own full stop.
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]["'”’)\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Longest part of a typed value a message quotes; a pasted page of text is not echoed back whole. */
export const MAX_QUOTED_CHARS = 24;

/**
 * What the reader typed, quoted for a message: `“0.7x”`, or its first
 * MAX_QUOTED_CHARS characters and an ellipsis when it is longer
 * (`“123456789012345678901234…” (1,000,000 characters)`). Counts and cuts by
 * code point, so an emoji is never split into a broken half.
 */
export function quoteTyped(text: string): string {
  const chars = [...text];
  if (chars.length <= MAX_QUOTED_CHARS) return `“${text}”`;
  return `“${chars.slice(0, MAX_QUOTED_CHARS).join('')}…” (${formatCount(chars.length, 'character')})`;
}

/**
 * A typed number echoed in a message: formatted (`1,024`) when the number
 * reads back as what was typed, otherwise the typed text quoted, so a value
 * past double precision or range (`-9007199254740993`, `1e400`) is shown as
 * the reader wrote it, not as the number it became.
 */
export function echoNumber(value: number, typed: string): string {
  return String(value) === typed ? formatValue(value) : quoteTyped(typed);
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A whole number in superscript, minus sign included: −7 → ⁻⁷. */
export function superscript(value: number): string {
  return [...String(value)].map((char) => (char === '-' ? '⁻' : SUPERSCRIPT_DIGITS[Number(char)])).join('');
}
