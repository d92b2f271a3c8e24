/**
 * The shapes of the journey figure's small drawings, as numbers: a strip of
 * shaded cells for an embedding (the numbers are made up, the count of
 * cells is not the 4,096 they stand for), a spread of scores where exactly
 * one stands far above the rest (the pick), and a row of ids whose last one
 * is new. Seeded, so the server's drawing and the browser's are the same.
 */
import { mulberry32 } from './core/random';

export interface GlyphBar {
  /** Opacity, 0.2 to 1. */
  shade: number;
  /** Height out of 18 (the drawing is 20 high). */
  height: number;
}

/** Cells of the embedding strip: shades vary, heights are full. */
export function stripCells(count: number, seed = 4096): GlyphBar[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => ({ shade: 0.2 + random() * 0.8, height: 18 }));
}

/**
 * Bars of the score spread: low and uneven, with one (at `winner`) full
 * height and full shade, so the eye finds the token that will be picked.
 */
export function scoreBars(count: number, winner: number, seed = 32000): GlyphBar[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) =>
    i === winner ? { shade: 1, height: 18 } : { shade: 0.35, height: 2 + random() * random() * 9 },
  );
}
