/**
 * The draw as a picture: every token that survived the stages, laid end to
 * end on a line from 0 to 1, each as long as its final probability, and the
 * step's uniform number marked where it falls. The line is laid in id order,
 * the order in which the pipeline's draw walks the survivors (see `drawKept`
 * in pipeline.ts), and the same running total decides where the number lands,
 * so the stretch the number falls in is the token the pipeline picked, not a
 * look-alike. Order changes nothing about the odds: a token's chance is the
 * length of its stretch wherever it lies.
 *
 * The tokens a panel shows get a stretch each; the survivors between two of
 * them are merged into one run, so a line over 32,000 survivors still draws
 * as a few dozen pieces. Survivors whose probability underflowed to 0 have no
 * length and cannot be drawn, so they are left off.
 */
import { removalOf, type SamplingStep } from './pipeline';

/** One piece of the line. */
export interface DrawStretch {
  /** The token it belongs to; null for a run of survivors the panel does not show, merged. */
  id: number | null;
  /** Where it starts on the 0–1 line: the final probability of every survivor before it (in id order). */
  start: number;
  /** Where it ends: `start` plus its own final probability. */
  end: number;
  /** Survivors it holds: 1 for a token, the run's size for the others. */
  count: number;
}

export interface DrawLineGeometry {
  stretches: DrawStretch[];
  /** The uniform number in [0, 1), where it sits on the line; null when greedy (nothing is drawn). */
  random: number | null;
  /** The token whose stretch holds the number (greedy: the top score, which fills the line). */
  landedId: number;
  /** The index of that token's stretch in `stretches`, or -1 if the panel does not show it. */
  landedIndex: number;
}

/**
 * The line for `step`, with a stretch of its own for each id in `shown` that
 * survived, and `u` (the step's own number unless another is given) marked.
 */
export function drawLine(
  step: SamplingStep,
  shown: readonly number[],
  u: number | null = step.random,
): DrawLineGeometry {
  const own = new Set(shown);
  const { probabilities, keptMass } = step;
  const random = step.greedy ? null : u;
  // The draw's own comparison: the first survivor whose running total passes u × kept mass.
  const target = random === null ? -1 : random * keptMass;
  const stretches: DrawStretch[] = [];
  let total = 0;
  let landedId = step.greedy ? step.argmax : -1;
  let lastId = -1;
  let run: DrawStretch | null = null;
  for (let id = 0; id < probabilities.length; id++) {
    const p = probabilities[id]!;
    if (p === 0 || removalOf(step, id) !== null) continue;
    const before = total;
    total += p;
    lastId = id;
    if (landedId < 0 && total > target) landedId = id;
    if (own.has(id)) {
      run = null;
      stretches.push({ id, start: before / keptMass, end: total / keptMass, count: 1 });
    } else if (run) {
      run.end = total / keptMass;
      run.count++;
    } else {
      run = { id: null, start: before / keptMass, end: total / keptMass, count: 1 };
      stretches.push(run);
    }
  }
  // The number sat a rounding hair above the running total: the draw takes the last survivor, and so does the line.
  if (landedId < 0) landedId = lastId;
  return {
    stretches,
    random,
    landedId,
    landedIndex: stretches.findIndex((stretch) => stretch.id === landedId),
  };
}

/**
 * A stretch's ends as text, "0.31–0.58", with just enough decimals (2 to 6)
 * that the two ends differ, so a thin stretch still reads as a stretch.
 */
export function formatStretch(start: number, end: number): string {
  let digits = 2;
  while (digits < 6 && start.toFixed(digits) === end.toFixed(digits)) digits++;
  return `${start.toFixed(digits)}–${end.toFixed(digits)}`;
}

/**
 * The picture's text twin: where the number fell and whose stretch that is,
 * "u = 0.4213 fell in ▁Hello’s stretch 0.31–0.58"; for greedy, that nothing
 * was drawn. `name` gives a token's text as the panel shows it.
 */
export function describeLanding(line: DrawLineGeometry, name: (id: number) => string): string {
  const stretch = line.stretches[line.landedIndex];
  const where = stretch ? ` stretch ${formatStretch(stretch.start, stretch.end)}` : ' stretch';
  if (line.random === null)
    return `Temperature 0 is greedy: nothing is drawn, and ${name(line.landedId)} fills the whole line.`;
  return `u = ${line.random.toFixed(4)} fell in ${name(line.landedId)}’s${where}.`;
}

/** Roughly how wide one character of a label is, in pixels, at the figure's 12 px monospace. */
const CHAR_WIDTH_PX = 7.3;
/** Room on each side of a label inside its stretch. */
const LABEL_PADDING_PX = 4;

/** Whether a label of `chars` characters fits inside a stretch of length `share` on a line `widthPx` wide. */
export function labelFits(share: number, widthPx: number, chars: number): boolean {
  return share * widthPx >= chars * CHAR_WIDTH_PX + 2 * LABEL_PADDING_PX;
}
