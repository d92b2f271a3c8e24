/**
 * A vector as a strip of coloured cells: the numbers behind the picture
 * (its extremes, its size) and the diverging scale that colours each cell,
 * below zero one hue, above it another, the depth the magnitude relative to
 * the largest in the vector.
 */

export interface VectorSummary {
  width: number;
  min: number;
  max: number;
  /** The largest magnitude: the scale's end, ±maxAbs. */
  maxAbs: number;
  /** Euclidean length, √Σx². */
  norm: number;
  /** Root mean square, norm / √width: about 1 right after an RMSNorm with gains near 1. */
  rms: number;
}

export function summarizeVector(values: ArrayLike<number>): VectorSummary {
  let min = Infinity;
  let max = -Infinity;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
    squares += x * x;
  }
  const width = values.length;
  if (width === 0) return { width, min: 0, max: 0, maxAbs: 0, norm: 0, rms: 0 };
  const norm = Math.sqrt(squares);
  return {
    width,
    min,
    max,
    maxAbs: Math.max(Math.abs(min), Math.abs(max)),
    norm,
    rms: norm / Math.sqrt(width),
  };
}

/**
 * A cell's place on the scale, from -1 (the most negative the scale shows)
 * through 0 to 1; 0 when the whole vector is zero.
 */
export function divergingLevel(value: number, maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(value)) return 0;
  return Math.max(-1, Math.min(1, value / maxAbs));
}

/**
 * The CSS colour of a level: the page's background at 0, mixed towards
 * `--strip-positive` or `--strip-negative` (theme-aware variables) by the
 * level's magnitude.
 */
export function levelColour(level: number): string {
  const hue = level < 0 ? 'var(--strip-negative)' : 'var(--strip-positive)';
  return `color-mix(in srgb, ${hue} ${Math.round(Math.abs(level) * 100)}%, var(--color-bg))`;
}

/** A number with three decimals and a real minus sign: `−0.125`. */
export const formatValue = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(3)}` : x.toFixed(3));

/** How many cells a strip puts on a line: a 128-wide vector is two lines of 64, a 448-wide one seven. */
export const CELLS_PER_LINE = 64;

/** The vector's cells cut into lines of `perLine` (the last may be shorter). */
export function stripLines(width: number, perLine = CELLS_PER_LINE): { from: number; to: number }[] {
  const lines: { from: number; to: number }[] = [];
  for (let from = 0; from < width; from += perLine) lines.push({ from, to: Math.min(width, from + perLine) });
  return lines;
}

/** The text twin of a strip: extremes, size, and the first few numbers. */
export function describeVector(values: ArrayLike<number>, first = 4): string {
  const s = summarizeVector(values);
  const head = Array.from({ length: Math.min(first, values.length) }, (_, i) => formatValue(values[i]!));
  return `${s.width} numbers from ${formatValue(s.min)} to ${formatValue(s.max)}; length ${s.norm.toFixed(2)}, root mean square ${s.rms.toFixed(3)}; first ${head.length}: ${head.join(', ')}`;
}
