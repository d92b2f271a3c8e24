import { useState } from 'preact/hooks';
import { useRovingFocus } from '../hooks/useRovingFocus';
import {
  CELLS_PER_LINE,
  describeVector,
  divergingLevel,
  formatValue,
  levelColour,
  stripLines,
  summarizeVector,
} from '../../src/lib/model/vector-strip';

interface Props {
  values: Float32Array;
  /** What the vector is, for its accessible name: “q_proj at position 19”. */
  name: string;
  /** Cells that belong to the chosen head (`[from, to)`), outlined; none for whole-vector steps. */
  head?: { from: number; to: number; label: string } | undefined;
  /** Cells between heads get a gap every `groupEvery` numbers (the head size). */
  groupEvery?: number | undefined;
  /** Each cell focusable, its exact value read out on hover and focus (the walk-through’s current step). */
  interactive?: boolean;
}

/**
 * A vector as rows of coloured cells on a diverging scale (blue above zero,
 * orange below, deeper further from zero, relative to the vector’s largest
 * magnitude), with its text twin. When interactive, one tab stop: arrow keys
 * walk the cells and the readout gives the exact number.
 */
export function VectorStrip({ values, name, head, groupEvery, interactive = false }: Props) {
  const [active, setActive] = useState(head?.from ?? 0);
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLDivElement>(
    values.length,
    active,
    setActive,
  );
  const { maxAbs } = summarizeVector(values);
  const twin = describeVector(head ? values.subarray(head.from, head.to) : values);
  const cell = (i: number) => {
    const classes = ['strip__cell'];
    if (head && i >= head.from && i < head.to) classes.push('strip__cell--head');
    // A gap where one head's numbers end and the next's begin, except at the start of a line.
    if (groupEvery && i % groupEvery === 0 && i % CELLS_PER_LINE !== 0) classes.push('strip__cell--group');
    if (interactive && i === active) classes.push('strip__cell--active');
    const value = values[i]!;
    return (
      <span
        key={i}
        class={classes.join(' ')}
        data-index={i}
        style={{ background: levelColour(divergingLevel(value, maxAbs)) }}
        {...(interactive
          ? {
              role: 'img',
              tabIndex: tabIndexOf(i),
              'aria-label': `Number ${i} of ${values.length}: ${formatValue(value)}`,
              onFocus: () => setActive(i),
              onMouseEnter: () => setActive(i),
            }
          : {})}
      />
    );
  };
  return (
    <div class="strip">
      <div
        class="strip__cells"
        ref={container}
        onKeyDown={interactive ? onKeyDown : undefined}
        {...(interactive
          ? {
              role: 'group',
              'aria-label': `${name}: ${values.length} numbers; arrow keys read them one by one`,
            }
          : { role: 'img', 'aria-label': `${name}: ${twin}` })}
      >
        {stripLines(values.length).map((line) => (
          <span key={line.from} class="strip__line">
            {Array.from({ length: line.to - line.from }, (_, k) => cell(line.from + k))}
          </span>
        ))}
      </div>
      <p class="strip__twin">
        {interactive && (
          <span class="strip__readout" aria-live="polite">
            Number {active}: <strong>{formatValue(values[active] ?? 0)}</strong>.{' '}
          </span>
        )}
        Scale ±{maxAbs.toFixed(2)}. {head ? `${head.label}: ` : ''}
        {twin}.
      </p>
    </div>
  );
}
