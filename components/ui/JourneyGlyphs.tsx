import type { StageKey } from '../../src/lib/journey';
import { scoreBars, stripCells } from '../../src/lib/journey-glyphs';

const STRIP = stripCells(24);
const SCORES = scoreBars(40, 27);

/**
 * The small drawings beside some steps: a strip of numbers for an embedding,
 * a stack of 32 layers, a spread of scores with one standing out, a row of
 * ids with a new one at the end. Decoration only (the step's text says the
 * same), so hidden from assistive technology; drawn in `currentColor` so
 * both themes colour them.
 */
export function StageGlyph({ stage }: { stage: StageKey }) {
  const drawing = drawingOf(stage);
  if (!drawing) return null;
  return (
    <svg
      class="journey__glyph"
      viewBox="0 0 120 20"
      preserveAspectRatio="xMinYMid meet"
      aria-hidden="true"
      focusable="false"
    >
      {drawing}
    </svg>
  );
}

function drawingOf(stage: StageKey) {
  switch (stage) {
    case 'embeddings':
      return STRIP.map((cell, i) => (
        <rect
          key={i}
          x={i * 5}
          y={1}
          width={4.2}
          height={cell.height}
          rx={1}
          fill="currentColor"
          opacity={cell.shade}
        />
      ));
    case 'layers':
      return Array.from({ length: 32 }, (_, i) => (
        <rect
          key={i}
          x={i * 3.75}
          y={1}
          width={2.4}
          height={18}
          rx={0.8}
          fill="currentColor"
          opacity={0.3 + (i / 31) * 0.7}
        />
      ));
    case 'scores':
      return SCORES.map((bar, i) => (
        <rect
          key={i}
          x={i * 3}
          y={19 - bar.height}
          width={2.2}
          height={bar.height}
          fill="currentColor"
          opacity={bar.shade}
        />
      ));
    case 'appended':
      return Array.from({ length: 21 }, (_, i) => (
        <rect
          key={i}
          x={i * 5.7}
          y={i === 20 ? 1 : 5}
          width={4.6}
          height={i === 20 ? 18 : 10}
          rx={1}
          fill="currentColor"
          opacity={i === 20 ? 1 : 0.3}
        />
      ));
    default:
      return null;
  }
}
