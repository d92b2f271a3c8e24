import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Candidate, Removal, SamplingStep } from '../../src/lib/sampling/pipeline';
import { describeLanding, drawLine, labelFits } from '../../src/lib/sampling/draw-line';
import { formatProbability, removalLabel, showPiece } from '../../src/lib/generation/describe';

interface Props {
  /** The pipeline's whole result: the line is laid from it and its own random number. */
  step: SamplingStep;
  /** The rows the chart shows: each survivor among them gets a stretch of its own. */
  candidates: readonly Candidate[];
  pieces: readonly string[];
}

/** Where the line sits in the drawing, in px: the number's label above it, the scale below. */
const LINE_TOP = 22;
const LINE_HEIGHT = 30;
const HEIGHT = 78;
const TICKS = [0, 0.25, 0.5, 0.75, 1];
const pct = (share: number) => `${(100 * share).toFixed(3)}%`;

/** The element's width in px, followed as it changes (a guess until it is measured). */
function useWidth(guess: number) {
  const ref = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(guess);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(element.getBoundingClientRect().width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * The draw drawn: the survivors laid end to end on a line from 0 to 1, as
 * the pipeline's draw walks them (id order), each as long as its final
 * probability; the step's random number u marked where it fell, on the
 * picked token's stretch. Survivors the chart does not show share unlabeled
 * hatched runs; the shown tokens a stage removed are listed beside the line,
 * struck through, since they have no stretch. The sentence under the line
 * says the same in words.
 */
export function DrawLine({ step, candidates, pieces }: Props) {
  const line = useMemo(
    () =>
      drawLine(
        step,
        candidates.map((candidate) => candidate.id),
      ),
    [step, candidates],
  );
  const [ref, width] = useWidth(600);
  const landed = line.stretches[line.landedIndex];
  // The shown tokens a stage removed, grouped by that stage: they have no stretch.
  const offLine = new Map<Removal, number[]>();
  for (const { id, removedBy } of candidates)
    if (removedBy) offLine.set(removedBy, [...(offLine.get(removedBy) ?? []), id]);
  const name = (id: number) => showPiece(pieces, id);
  const twin = describeLanding(line, name);
  const u = line.random;
  const anchor = u === null ? 'middle' : u < 0.1 ? 'start' : u > 0.9 ? 'end' : 'middle';
  return (
    <figure class="draw-line">
      <figcaption class="draw-line__caption">
        The draw: every surviving token laid end to end from 0 to 1, in id order (the order the draw walks
        them), each as long as its final probability.
      </figcaption>
      <svg ref={ref} class="draw-line__svg" width="100%" height={HEIGHT} role="img" aria-label={twin}>
        <defs>
          <pattern id="draw-line-hatch" width="6" height="6" patternUnits="userSpaceOnUse">
            <rect class="draw-line__hatch-ground" width="6" height="6" />
            <path class="draw-line__hatch" d="M0 6 L6 0" />
          </pattern>
        </defs>
        {line.stretches.map((stretch, index) => {
          const share = stretch.end - stretch.start;
          const label = stretch.id === null ? '' : name(stretch.id);
          const picked = index === line.landedIndex;
          const kind = stretch.id === null ? 'others' : picked ? 'picked' : index % 2 ? 'odd' : 'even';
          return (
            <g key={`${stretch.id}-${index}`} class={`draw-line__stretch draw-line__stretch--${kind}`}>
              <rect x={pct(stretch.start)} y={LINE_TOP} width={pct(share)} height={LINE_HEIGHT} />
              {label && labelFits(share, width, [...label].length) && (
                <text x={pct(stretch.start + share / 2)} y={LINE_TOP + 20} text-anchor="middle">
                  {label}
                </text>
              )}
            </g>
          );
        })}
        {u !== null && (
          <g class="draw-line__u">
            {/* A halo in the page's colour under the mark, so it stands out on any stretch. */}
            <line
              class="draw-line__u-halo"
              x1={pct(u)}
              x2={pct(u)}
              y1={LINE_TOP - 6}
              y2={LINE_TOP + LINE_HEIGHT + 6}
            />
            <line x1={pct(u)} x2={pct(u)} y1={LINE_TOP - 6} y2={LINE_TOP + LINE_HEIGHT + 6} />
            <text x={pct(u)} y={12} text-anchor={anchor}>
              u = {u.toFixed(4)} → {name(line.landedId)}
            </text>
          </g>
        )}
        <g class="draw-line__scale">
          {TICKS.map((tick) => (
            <text
              key={tick}
              x={pct(tick)}
              y={HEIGHT - 4}
              text-anchor={tick === 0 ? 'start' : tick === 1 ? 'end' : 'middle'}
            >
              {tick}
            </text>
          ))}
        </g>
      </svg>
      <p class="draw-line__twin">
        {twin}
        {landed &&
          u !== null &&
          ` That stretch is ${formatProbability(landed.end - landed.start)} of the line: the chance ${name(line.landedId)} had.`}
      </p>
      {offLine.size > 0 && (
        <p class="draw-line__off">
          Not on the line:{' '}
          {[...offLine].map(([removal, ids], index) => (
            <span key={removal}>
              {index > 0 && '; '}
              {ids.map((id, at) => (
                <span key={id}>
                  {at > 0 && ', '}
                  <s class="draw-line__off-token">{name(id)}</s>
                </span>
              ))}{' '}
              ({removalLabel(removal)})
            </span>
          ))}
          .
        </p>
      )}
    </figure>
  );
}
