/**
 * The sampling pipeline, stage by stage, as pure functions:
 *
 *   raw logits -> divide by temperature -> softmax -> top-k -> top-p -> renormalise -> draw
 *
 * Every stage's result stays in the returned `SamplingStep`, so a panel can
 * show the probabilities after softmax, grey out what top-k and top-p
 * removed, and show the number the draw landed on. Nothing here knows about
 * engines or the DOM.
 *
 * Rules the chapters rely on:
 * - Temperature 0 is greedy: the highest logit wins, its probability reads 1
 *   (softmax's limit as the temperature falls to 0, when one logit is
 *   highest), and no random number is drawn (the state passes through).
 * - Ties go to the lowest token id: in greedy, at the top-k and top-p
 *   boundaries, and in the candidate table.
 * - `-Infinity` is a legal logit meaning "masked" (probability exactly 0, never
 *   picked); NaN and `+Infinity` are errors that name their position.
 * - Tokens are ranked by logit (probability follows the same order), ties
 *   by lower id; top-k keeps the first k of that ranking.
 * - Top-p works on the distribution left after top-k, renormalised (as
 *   transformers' `generate` does): it keeps the shortest run from the top of
 *   the ranking whose probabilities add up to at least p of what top-k kept.
 * - The draw walks the kept tokens in id order and picks the one whose
 *   cumulative share first passes the random number times the kept mass, so
 *   renormalising is exact and costs no extra pass.
 */
import { formatCount } from '../core/format';
import { nextRandom, type RandomState } from '../core/random';
import { selectByMass, topIds } from './select';
import { checkSamplingSettings, type SamplingSettings } from './settings';

/** Why a token cannot be picked at this step; `null` in a candidate means it survived every stage. */
export type Removal = 'masked' | 'greedy' | 'top-k' | 'top-p';

const KEPT = 0;
const CODES: readonly (Removal | null)[] = [null, 'masked', 'greedy', 'top-k', 'top-p'];
const MASKED = 1;
const GREEDY = 2;
const TOP_K = 3;
const TOP_P = 4;

/** The largest logit and the lowest id that has it, after checking every entry. */
export interface LogitSummary {
  maxLogit: number;
  argmax: number;
  /** How many entries are -Infinity (masked). */
  masked: number;
}

/**
 * Checks that logits can be sampled from: NaN and +Infinity are refused
 * with their position, and at least one entry must be finite.
 */
export function checkLogits(logits: ArrayLike<number>): LogitSummary {
  if (logits.length === 0)
    throw new Error('The engine returned no logits (an empty array), so no token can be picked.');
  let maxLogit = -Infinity;
  let argmax = -1;
  let masked = 0;
  for (let i = 0; i < logits.length; i++) {
    const value = logits[i]!;
    if (value > maxLogit) {
      if (value === Infinity) throw invalidLogit(i, '+Infinity');
      maxLogit = value;
      argmax = i;
    } else if (value === -Infinity) masked++;
    else if (value !== value) throw invalidLogit(i, 'NaN');
  }
  if (argmax < 0)
    throw new Error(
      `All ${formatCount(logits.length)} logits are -Infinity (masked), so no token can be picked.`,
    );
  return { maxLogit, argmax, masked };
}

function invalidLogit(position: number, what: string): Error {
  return new Error(
    `The logit at position ${position} (token id ${position}) is ${what}, not a score; the engine's output is broken, so no token can be picked.`,
  );
}

/** Softmax of logits / temperature, and the log of its normaliser. */
export interface Softmax {
  probabilities: Float64Array;
  /** log(sum(exp(logit / temperature))): with it, p(i) = exp(logit_i / T - logSumExp). */
  logSumExp: number;
}

/**
 * Softmax at a temperature above 0, computed stably: subtracting the largest
 * logit first keeps every exponent at or below 0, so nothing overflows, and
 * the largest entry's exponential is exactly 1, so the sum is at least 1.
 */
export function softmax(
  logits: ArrayLike<number>,
  temperature: number,
  maxLogit = checkLogits(logits).maxLogit,
): Softmax {
  if (!(temperature > 0))
    throw new Error(`Softmax needs a temperature above 0, not ${temperature}; 0 means greedy.`);
  const n = logits.length;
  const probabilities = new Float64Array(n);
  const inverse = 1 / temperature;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((logits[i]! - maxLogit) * inverse);
    probabilities[i] = e;
    sum += e;
  }
  const scale = 1 / sum;
  for (let i = 0; i < n; i++) probabilities[i]! *= scale;
  return { probabilities, logSumExp: maxLogit * inverse + Math.log(sum) };
}

/** One pass through the pipeline: every stage's output and the token picked. */
export interface SamplingStep {
  settings: Readonly<SamplingSettings>;
  /** The raw logits the step started from (the caller's array, not copied). */
  logits: Float32Array;
  greedy: boolean;
  maxLogit: number;
  /** Lowest id with the largest logit: the greedy choice. */
  argmax: number;
  /** Softmax of logits / temperature over the whole vocabulary; greedy: 1 for the argmax, 0 elsewhere. */
  probabilities: Float64Array;
  /** log(sum(exp(logit / T))); null when greedy. */
  logSumExp: number | null;
  /** Per id, the stage that removed it (see `removalOf`). */
  removed: Uint8Array;
  /** Probability mass top-k kept (1 when it is off). */
  topKMass: number;
  /** Probability mass that survived every stage: the renormaliser of the final distribution. */
  keptMass: number;
  /** How many tokens survived every stage. */
  keptCount: number;
  /** The uniform random number the draw used, in [0, 1); null when greedy. */
  random: number | null;
  /** The generator state after this step: the next step starts from it. */
  state: RandomState;
  chosenId: number;
}

/** Which stage removed `id`, or null if it can be picked. */
export function removalOf(step: SamplingStep, id: number): Removal | null {
  return CODES[step.removed[id]!] ?? null;
}

/** The probability of `id` in the final, renormalised distribution (0 if a stage removed it). */
export function finalProbability(step: SamplingStep, id: number): number {
  return step.removed[id] === KEPT ? step.probabilities[id]! / step.keptMass : 0;
}

/** The probability of `id` after top-k, renormalised over what top-k kept. */
export function topKProbability(step: SamplingStep, id: number): number {
  const removal = step.removed[id];
  return removal === KEPT || removal === TOP_P ? step.probabilities[id]! / step.topKMass : 0;
}

/**
 * Runs the whole pipeline once. Throws (with the reader-facing message) for
 * unusable settings and for NaN or +Infinity logits. Pure: the same logits,
 * settings and state always give the same step.
 */
export function sampleNext(
  logits: Float32Array,
  settings: SamplingSettings,
  state: RandomState,
): SamplingStep {
  const errors = Object.values(checkSamplingSettings(settings, logits.length));
  if (errors.length > 0) throw new Error(errors.join(' '));
  const { maxLogit, argmax, masked } = checkLogits(logits);
  const n = logits.length;
  const removed = new Uint8Array(n);
  const base = { settings: { ...settings }, logits, maxLogit, argmax, removed };

  if (settings.temperature === 0) {
    const probabilities = new Float64Array(n);
    probabilities[argmax] = 1;
    removed.fill(GREEDY);
    removed[argmax] = KEPT;
    if (masked > 0) markMasked(logits, removed);
    return {
      ...base,
      greedy: true,
      probabilities,
      logSumExp: null,
      topKMass: 1,
      keptMass: 1,
      keptCount: 1,
      random: null,
      state,
      chosenId: argmax,
    };
  }

  const { probabilities, logSumExp } = softmax(logits, settings.temperature, maxLogit);
  // `ranked`: the ids a filter kept, best first; null while every id is still in.
  let ranked: Uint32Array | null = null;
  let topKMass = 1;
  if (settings.topK > 0 && settings.topK < n) {
    ranked = topIds(logits, settings.topK);
    removed.fill(TOP_K);
    topKMass = 0;
    for (const id of ranked) {
      removed[id] = KEPT;
      topKMass += probabilities[id]!;
    }
  }
  let keptMass = topKMass;
  if (settings.topP < 1) {
    const target = settings.topP * topKMass;
    let kept: Uint32Array;
    if (ranked) {
      kept = prefixReaching(ranked, probabilities, target) ?? ranked;
      for (const id of ranked) removed[id] = TOP_P;
    } else {
      // A trained model puts almost all its mass on a few dozen tokens, so try the best few first; a flat
      // distribution (an untrained model, a high temperature) goes through the buckets.
      kept =
        prefixReaching(topIds(logits, TOP_P_FIRST_TRY), probabilities, target) ??
        selectByMass(logits, probabilities, target);
      removed.fill(TOP_P);
    }
    keptMass = 0;
    for (const id of kept) {
      removed[id] = KEPT;
      keptMass += probabilities[id]!;
    }
  }
  if (masked > 0) markMasked(logits, removed);

  const draw = nextRandom(state);
  // With a filter on, the draw walks only the survivors (in id order, as the full walk would).
  const survivors = ranked ? Uint32Array.from(ranked).sort() : null;
  return {
    ...base,
    greedy: false,
    probabilities,
    logSumExp,
    topKMass,
    keptMass,
    keptCount: survivors ? countIn(survivors, removed) : countKept(removed),
    random: draw.value,
    state: draw.state,
    chosenId: drawKept(probabilities, removed, draw.value * keptMass, survivors),
  };
}

/** How many of the best tokens top-p first looks at before it selects over the whole vocabulary. */
const TOP_P_FIRST_TRY = 256;

/** The shortest prefix of `ranked` whose probabilities add up to `target`, or null if all of it falls short. */
function prefixReaching(
  ranked: Uint32Array,
  probabilities: Float64Array,
  target: number,
): Uint32Array | null {
  let reached = 0;
  for (let end = 0; end < ranked.length;) {
    reached += probabilities[ranked[end++]!]!;
    if (reached >= target) return ranked.subarray(0, end);
  }
  return null;
}

function markMasked(logits: Float32Array, removed: Uint8Array): void {
  for (let i = 0; i < logits.length; i++) if (logits[i] === -Infinity) removed[i] = MASKED;
}

function countKept(removed: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < removed.length; i++) if (removed[i] === KEPT) count++;
  return count;
}

function countIn(ids: Uint32Array, removed: Uint8Array): number {
  let count = 0;
  for (const id of ids) if (removed[id] === KEPT) count++;
  return count;
}

/**
 * The first kept id (in id order) whose running total of probability passes
 * `target`. `candidates`, when given, are all the ids that may be kept, in
 * increasing order, so the walk can skip the rest of the vocabulary.
 */
function drawKept(
  probabilities: Float64Array,
  removed: Uint8Array,
  target: number,
  candidates: Uint32Array | null,
): number {
  let total = 0;
  let last = -1;
  const n = candidates ? candidates.length : probabilities.length;
  for (let k = 0; k < n; k++) {
    const i = candidates ? candidates[k]! : k;
    if (removed[i] !== KEPT) continue;
    const p = probabilities[i]!;
    if (p === 0) continue;
    total += p;
    last = i;
    if (total > target) return i;
  }
  return last; // the random number sat a rounding hair above the running total: the last kept token
}

/** One row of the candidate table. */
export interface Candidate {
  id: number;
  /** 0 for the highest logit (ties: lower id first). */
  rank: number;
  logit: number;
  /** logit / temperature; null when greedy. */
  scaledLogit: number | null;
  /** After temperature and softmax, over the whole vocabulary. */
  probability: number;
  /** After top-k, renormalised over what it kept (0 if removed by top-k or masked). */
  afterTopK: number;
  /** After top-p, renormalised: the probability it was drawn with. */
  final: number;
  /** The stage that removed it, or null if it could be drawn. */
  removedBy: Removal | null;
  /** Whether it was still in after top-k (false when masked, or when greedy left only the top token). */
  keptByTopK: boolean;
  /** Whether it was still in after top-p: it could be drawn. */
  keptByTopP: boolean;
  chosen: boolean;
}

/**
 * The `count` highest-logit tokens of a step, best first, with their numbers
 * after each stage. The chosen token is appended if it ranks lower (a high
 * temperature can pick one far down), so the table always shows the pick.
 * Uses partial selection: no sort of the whole vocabulary.
 */
export function topCandidates(step: SamplingStep, count: number): Candidate[] {
  const { logits, settings } = step;
  const best = topIds(logits, count);
  const ids = Array.from(best);
  if (!ids.includes(step.chosenId)) ids.push(step.chosenId);
  return ids.map((id, index) => {
    const removedBy = removalOf(step, id);
    return {
      id,
      rank: index < best.length ? index : rankOf(logits, id),
      logit: logits[id]!,
      scaledLogit: step.greedy ? null : logits[id]! / settings.temperature,
      probability: step.probabilities[id]!,
      afterTopK: topKProbability(step, id),
      final: finalProbability(step, id),
      removedBy,
      keptByTopK: removedBy === null || removedBy === 'top-p',
      keptByTopP: removedBy === null,
      chosen: id === step.chosenId,
    };
  });
}

/** How many tokens rank above `id` (higher logit, or equal logit and lower id). */
export function rankOf(logits: ArrayLike<number>, id: number): number {
  const own = logits[id]!;
  let rank = 0;
  for (let i = 0; i < logits.length; i++) {
    const value = logits[i]!;
    if (value > own || (value === own && i < id)) rank++;
  }
  return rank;
}
