/**
 * Many draws from one sampling step: what "sampling is a distribution, not a
 * pick" looks like when the same scores and settings are drawn from again
 * and again.
 *
 * Each draw must be exactly the pipeline's own draw for the same uniform
 * number (`drawWith` in pipeline.ts): walk the survivors in id order and take
 * the first whose running total of `probabilities` passes u × keptMass. A
 * thousand such walks would cost a thousand passes over the vocabulary, so
 * the running totals are computed once, in the same order and with the same
 * additions (the same floating-point sums), and each draw is a binary search
 * for the first total above u × keptMass. The target uses the step's own
 * `keptMass`, not the table's last total: the pipeline sums the kept mass in
 * another order, and the two can differ in the last bit, which decides the
 * rare draw that lands at the very end of the line.
 */
import { nextRandom, seedState, type RandomState } from '../core/random';
import type { SamplingStep } from './pipeline';

/** The survivors of a step in id order, with the running total of their probabilities. */
export interface DrawTable {
  ids: Uint32Array;
  /** `cumulative[k]`: the sum of the probabilities of `ids[0..k]`, added in that order. */
  cumulative: Float64Array;
  /** The step's kept mass, which a uniform number is scaled by. */
  keptMass: number;
}

/** What `drawTable` reads from a step: its probabilities, which ids survived (0 = kept), and the kept mass. */
export type DrawableStep = Pick<SamplingStep, 'probabilities' | 'removed' | 'keptMass'>;

/**
 * The running totals over the survivors. A survivor with probability 0 can
 * never be the first to pass a target, so it is left out, as the pipeline's
 * walk skips it.
 */
export function drawTable(step: DrawableStep): DrawTable {
  const { probabilities, removed } = step;
  let count = 0;
  for (let i = 0; i < removed.length; i++) if (removed[i] === 0 && probabilities[i]! > 0) count++;
  const ids = new Uint32Array(count);
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let i = 0, k = 0; i < removed.length; i++) {
    const p = probabilities[i]!;
    if (removed[i] !== 0 || !(p > 0)) continue;
    total += p;
    ids[k] = i;
    cumulative[k++] = total;
  }
  if (count === 0) throw new Error('No token survived the sampling stages, so nothing can be drawn.');
  return { ids, cumulative, keptMass: step.keptMass };
}

/** The id a uniform number `u` in [0, 1) picks: the first survivor whose running total passes u × keptMass. */
export function drawFromTable(table: DrawTable, u: number): number {
  const { ids, cumulative } = table;
  const target = u * table.keptMass;
  let low = 0;
  let high = cumulative.length - 1;
  // The last survivor when no total passes the target (u × keptMass a rounding hair above the sum), as in the pipeline.
  if (!(cumulative[high]! > target)) return ids[high]!;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return ids[low]!;
}

/** The outcome of `drawMany`. */
export interface Draws {
  /** How many draws were made. */
  count: number;
  /** The seed the generator started from. */
  seed: number;
  /** Each draw's id, in the order drawn. */
  picks: Uint32Array;
  /** How often each drawn id came up (ids never drawn are absent). */
  counts: ReadonlyMap<number, number>;
  /** The generator state after the last draw. */
  state: RandomState;
}

/**
 * Draws `count` tokens from the same step, each with its own number from the
 * site's generator started at `seed`. The first number is the one the
 * pipeline's own step draws from that seed, so the first pick is its pick.
 * Pure: the same step, count and seed always give the same draws.
 */
export function drawMany(step: DrawableStep, count: number, seed: number): Draws {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`The number of draws must be a whole number of at least 0, not ${count}.`);
  const table = drawTable(step);
  const picks = new Uint32Array(count);
  const counts = new Map<number, number>();
  let state = seedState(seed);
  for (let i = 0; i < count; i++) {
    const draw = nextRandom(state);
    state = draw.state;
    const id = drawFromTable(table, draw.value);
    picks[i] = id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return { count, seed, picks, counts, state };
}

/** One row of the histogram's table: an id, how often it was drawn, and how often it should be. */
export interface DrawRow {
  id: number;
  count: number;
  /** count / draws. */
  share: number;
  /** Its probability in the final distribution, which the share should approach. */
  expected: number;
}

/** The histogram's rows and what they leave out. */
export interface DrawSummary {
  rows: DrawRow[];
  /** Draws that landed on tokens not in `rows`, and those tokens' expected share together. */
  rest: { tokens: number; count: number; expected: number };
}

/**
 * The `rowCount` most drawn tokens, most first (ties: the more probable, then
 * the lower id), each with the probability it was drawn with. `expected(id)`
 * is the final probability (pipeline's `finalProbability`).
 */
export function summarizeDraws(
  draws: Draws,
  expected: (id: number) => number,
  rowCount: number,
  keptTokens: number,
): DrawSummary {
  const all = [...draws.counts].map(([id, count]) => ({
    id,
    count,
    share: draws.count === 0 ? 0 : count / draws.count,
    expected: expected(id),
  }));
  all.sort((a, b) => b.count - a.count || b.expected - a.expected || a.id - b.id);
  const rows = all.slice(0, Math.max(0, rowCount));
  const shownCount = rows.reduce((sum, row) => sum + row.count, 0);
  const shownExpected = rows.reduce((sum, row) => sum + row.expected, 0);
  return {
    rows,
    rest: {
      tokens: Math.max(0, keptTokens - rows.length),
      count: draws.count - shownCount,
      expected: Math.max(0, 1 - shownExpected),
    },
  };
}
