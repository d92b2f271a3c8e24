/**
 * The sampling pipeline, stage by stage, as pure functions:
 *
 *   raw logits -> penalties -> temperature -> softmax -> top-k -> top-p -> min-p -> typical-p -> draw
 *
 * (Hugging Face's order, the default), or with temperature after the filters
 * (llama.cpp's default chain): the filters then judge the distribution at
 * temperature 1 and temperature only reshapes what they kept. Every stage's
 * result stays in the returned `SamplingStep`, so a panel can show the
 * probabilities after softmax, grey out what each filter removed, trace one
 * token through every stage, and show the number the draw landed on.
 * Nothing here knows about engines or the DOM.
 *
 * Rules the chapters rely on:
 * - Temperature 0 is greedy: the highest score (after penalties) wins, its
 *   probability reads 1 (softmax's limit as the temperature falls to 0, when
 *   one score is highest), and no random number is drawn (the state passes
 *   through). The filters do not run.
 * - Ties go to the lowest token id: in greedy, at every filter's boundary,
 *   and in the candidate table.
 * - `-Infinity` is a legal logit meaning "masked" (probability exactly 0, never
 *   picked); NaN and `+Infinity` are errors that name their position.
 * - Penalties (see `penalize`) change the scores every later stage sees; the
 *   raw logits stay in the step for the table.
 * - Tokens are ranked by score (probability follows the same order), ties
 *   by lower id; top-k keeps the first k of that ranking.
 * - Each filter works on the distribution the stages before it left,
 *   renormalised (as transformers' `generate` does). Top-p keeps the shortest
 *   run from the top of the ranking whose probabilities add up to at least p;
 *   min-p keeps the tokens at least min-p times as likely as the top one;
 *   typical-p ranks the survivors by how far their surprisal (-log p) is
 *   from the distribution's entropy and keeps the closest until their mass
 *   reaches p (transformers' TypicalLogitsWarper: ties at the boundary stay).
 *   Each keeps at least one token.
 * - The draw walks the kept tokens in id order and picks the one whose
 *   cumulative share first passes the random number times the kept mass, so
 *   renormalising is exact and costs no extra pass.
 */
import { formatCount } from '../core/format';
import { nextRandom, type RandomState } from '../core/random';
import { selectByMass, topIds } from './select';
import { checkSamplingSettings, penaltiesOn, type SamplingSettings } from './settings';

/** Why a token cannot be picked at this step; `null` in a candidate means it survived every stage. */
export type Removal = 'masked' | 'greedy' | 'top-k' | 'top-p' | 'min-p' | 'typical-p';

/** The stages a step can run, in the names the panels show. */
export type Stage = 'penalties' | 'temperature' | 'top-k' | 'top-p' | 'min-p' | 'typical-p';
export type Filter = Extract<Stage, 'top-k' | 'top-p' | 'min-p' | 'typical-p'>;
const FILTERS: readonly Filter[] = ['top-k', 'top-p', 'min-p', 'typical-p'];

const KEPT = 0;
const CODES: readonly (Removal | null)[] = [null, 'masked', 'greedy', 'top-k', 'top-p', 'min-p', 'typical-p'];
const MASKED = 1;
const GREEDY = 2;
const CODE_OF: Record<Filter, number> = { 'top-k': 3, 'top-p': 4, 'min-p': 5, 'typical-p': 6 };

/** One stage of a step, in the order it ran. */
export interface StageReport {
  stage: Stage;
  /** False when its setting switches it off (or greedy skipped it). */
  on: boolean;
  /** Tokens that could still be picked after it. */
  survivors: number;
  /** For a filter: the probability mass it kept, in the distribution it judged (1 before any filter). */
  mass: number;
}

/** The tokens the model has read before this position, for the penalties. */
export interface PenaltyContext {
  /** Prompt and reply so far, in order. */
  ids: readonly number[];
  /** Where the reply starts in `ids` (the prompt's length): presence and frequency count only from here. */
  replyFrom: number;
}

const NO_CONTEXT: PenaltyContext = { ids: [], replyFrom: 0 };

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
  /** The scores after the penalties: every later stage ranks and weighs these (`logits` itself when no penalty is on). */
  scores: Float32Array;
  greedy: boolean;
  maxLogit: number;
  /** Lowest id with the largest score: the greedy choice. */
  argmax: number;
  /** Softmax of scores / temperature over the whole vocabulary; greedy: 1 for the argmax, 0 elsewhere. */
  probabilities: Float64Array;
  /** The distribution the filters judged: `probabilities` with temperature first, softmax at temperature 1 with it last. */
  filtered: Float64Array;
  /** log(sum(exp(score / T))); null when greedy. */
  logSumExp: number | null;
  /** Per id, the stage that removed it (see `removalOf`). */
  removed: Uint8Array;
  /** Every stage in the order it ran, with how many tokens survived it. */
  stages: readonly StageReport[];
  /** Probability mass top-k kept, in `probabilities` (1 when it is off). */
  topKMass: number;
  /** Probability mass (in `probabilities`) that survived every stage: the renormaliser of the final distribution. */
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
  const removal = step.removed[id]!;
  return removal === KEPT || removal > CODE_OF['top-k'] ? step.probabilities[id]! / step.topKMass : 0;
}

/** log(sum(exp(x))) over every entry, computed without overflow; -Infinity when all are masked. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === -Infinity || !Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

/**
 * The scores after the penalties, or `logits` itself when none is on.
 *
 * - Repetition penalty θ (Hugging Face's RepetitionPenaltyLogitsProcessor,
 *   from the CTRL paper): every distinct id anywhere in the context, prompt
 *   included, once however often it occurs: a positive score is divided by
 *   θ, a negative one multiplied by θ, so both move down.
 * - Presence α and frequency β (OpenAI's definition, which WebLLM follows):
 *   counted over the reply's tokens only; an id the reply holds c times
 *   loses α + β·c.
 */
export function penalize(
  logits: Float32Array,
  settings: Pick<SamplingSettings, 'repetitionPenalty' | 'presencePenalty' | 'frequencyPenalty'>,
  context: PenaltyContext = NO_CONTEXT,
): Float32Array {
  const { repetitionPenalty: theta, presencePenalty: presence, frequencyPenalty: frequency } = settings;
  const n = logits.length;
  const inRange = (id: number) => Number.isInteger(id) && id >= 0 && id < n;
  if (context.ids.length === 0 || (theta === 1 && presence === 0 && frequency === 0)) return logits;
  const scores = Float32Array.from(logits);
  if (theta !== 1)
    for (const id of new Set(context.ids)) {
      if (!inRange(id)) continue;
      const value = scores[id]!;
      scores[id] = value < 0 ? value * theta : value / theta;
    }
  if (presence !== 0 || frequency !== 0) {
    const counts = new Map<number, number>();
    for (let i = context.replyFrom; i < context.ids.length; i++) {
      const id = context.ids[i]!;
      if (inRange(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, count] of counts) scores[id] = scores[id]! - presence - frequency * count;
  }
  return scores;
}

/**
 * Runs the whole pipeline once. Throws (with the reader-facing message) for
 * unusable settings and for NaN or +Infinity logits. Pure: the same logits,
 * settings, state and context always give the same step.
 */
export function sampleNext(
  logits: Float32Array,
  settings: SamplingSettings,
  state: RandomState,
  context: PenaltyContext = NO_CONTEXT,
): SamplingStep {
  const errors = Object.values(checkSamplingSettings(settings, logits.length));
  if (errors.length > 0) throw new Error(errors.join(' '));
  const raw = checkLogits(logits);
  const scores = penalize(logits, settings, context);
  // Penalties move scores, so the largest may change; without them the raw check stands.
  const { maxLogit, argmax, masked } = scores === logits ? raw : checkLogits(scores);
  const n = logits.length;
  const removed = new Uint8Array(n);
  const penalties = penaltiesOn(settings);
  const available = n - masked;
  const base = { settings: { ...settings }, logits, scores, maxLogit, argmax, removed };
  const report = (stage: Stage, on: boolean, survivors: number, mass = 1): StageReport => ({
    stage,
    on,
    survivors,
    mass,
  });

  if (settings.temperature === 0) {
    const probabilities = new Float64Array(n);
    probabilities[argmax] = 1;
    removed.fill(GREEDY);
    removed[argmax] = KEPT;
    if (masked > 0) markMasked(scores, removed);
    return {
      ...base,
      greedy: true,
      probabilities,
      filtered: probabilities,
      logSumExp: null,
      stages: [
        report('penalties', penalties, available),
        report('temperature', true, 1),
        ...FILTERS.map((filter) => report(filter, false, 1)),
      ],
      topKMass: 1,
      keptMass: 1,
      keptCount: 1,
      random: null,
      state,
      chosenId: argmax,
    };
  }

  const { probabilities, logSumExp: normaliser } = softmax(scores, settings.temperature, maxLogit);
  const temperatureLast = settings.order === 'temperature-last' && settings.temperature !== 1;
  const filtered = temperatureLast ? softmax(scores, 1, maxLogit).probabilities : probabilities;
  const reports: StageReport[] = [report('penalties', penalties, available)];
  if (!temperatureLast) reports.push(report('temperature', settings.temperature !== 1, available));

  // `ranked`: the ids still in, best first; null while every id is still in (no filter has run).
  let ranked = null as Uint32Array | null;
  let mass = 1; // of `filtered`, over the ids still in
  let topKMass = 1;
  const keep = (filter: Filter, kept: Uint32Array) => {
    const code = CODE_OF[filter];
    if (ranked) for (const id of ranked) removed[id] = code;
    else removed.fill(code);
    mass = 0;
    for (const id of kept) {
      removed[id] = KEPT;
      mass += filtered[id]!;
    }
    ranked = kept;
  };

  if (settings.topK > 0 && settings.topK < available) {
    keep('top-k', topIds(scores, settings.topK));
    topKMass = 0;
    for (const id of ranked!) topKMass += probabilities[id]!;
  }
  reports.push(report('top-k', settings.topK > 0, ranked ? settings.topK : available, mass));

  if (settings.topP < 1) {
    const target = settings.topP * mass;
    // A trained model puts almost all its mass on a few dozen tokens, so try the best few first; a flat
    // distribution (an untrained model, a high temperature) goes through the buckets.
    const kept: Uint32Array = ranked
      ? (prefixReaching(ranked, filtered, target) ?? ranked)
      : (prefixReaching(topIds(scores, TOP_P_FIRST_TRY), filtered, target) ??
        selectByMass(scores, filtered, target));
    keep('top-p', kept);
  }
  reports.push(report('top-p', settings.topP < 1, survivorCount(ranked, available), mass));

  if (settings.minP > 0) {
    // The top token is still in (top-k and top-p keep the best first), so the bar is min-p of its share.
    const bar = settings.minP * filtered[argmax]!;
    keep('min-p', ranked ? ranked.filter((id) => filtered[id]! >= bar) : idsAtLeast(filtered, bar));
  }
  reports.push(report('min-p', settings.minP > 0, survivorCount(ranked, available), mass));

  if (settings.typicalP < 1)
    keep('typical-p', typicalSet(ranked ?? liveIds(scores), filtered, mass, settings.typicalP));
  reports.push(report('typical-p', settings.typicalP < 1, survivorCount(ranked, available), mass));
  if (temperatureLast) reports.push(report('temperature', true, survivorCount(ranked, available), mass));

  if (masked > 0) markMasked(scores, removed);
  let keptMass = 1;
  if (ranked) {
    keptMass = 0;
    for (const id of ranked as Uint32Array) keptMass += probabilities[id]!;
  }

  const draw = nextRandom(state);
  // With a filter on, the draw walks only the survivors (in id order, as the full walk would).
  const survivors = ranked ? Uint32Array.from(ranked as Uint32Array).sort() : null;
  return {
    ...base,
    greedy: false,
    probabilities,
    filtered,
    logSumExp: normaliser,
    stages: reports,
    topKMass,
    keptMass,
    keptCount: survivors ? survivors.length : available,
    random: draw.value,
    state: draw.state,
    chosenId: drawKept(probabilities, removed, draw.value * keptMass, survivors),
  };
}

const survivorCount = (ranked: Uint32Array | null, available: number) => (ranked ? ranked.length : available);

/** Every id whose probability is at least `bar` (min-p over the whole vocabulary). */
function idsAtLeast(probabilities: Float64Array, bar: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < probabilities.length; i++)
    if (probabilities[i]! >= bar && probabilities[i]! > 0) out.push(i);
  return Uint32Array.from(out);
}

/** Every id whose score is not masked. */
function liveIds(scores: Float32Array): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i] !== -Infinity) out.push(i);
  return Uint32Array.from(out);
}

/**
 * Typical-p over `ids` (the survivors so far, holding `mass` of `probabilities`):
 * renormalise, take the entropy H, rank by |−log p − H| (ties: lower id),
 * and keep the shortest prefix whose mass reaches `p`, plus any token tied
 * with its last one (transformers keeps those too).
 */
function typicalSet(ids: Uint32Array, probabilities: Float64Array, mass: number, p: number): Uint32Array {
  const count = ids.length;
  const logMass = Math.log(mass);
  let entropy = 0;
  for (const id of ids) {
    const q = probabilities[id]! / mass;
    if (q > 0) entropy -= q * (Math.log(probabilities[id]!) - logMass);
  }
  const distance = new Float64Array(count);
  const order = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const q = probabilities[ids[k]!]!;
    distance[k] = q > 0 ? Math.abs(-(Math.log(q) - logMass) - entropy) : Infinity;
    order[k] = k;
  }
  order.sort((a, b) => distance[a]! - distance[b]! || ids[a]! - ids[b]!);
  let reached = 0;
  let end = 0;
  while (end < count) {
    reached += probabilities[ids[order[end]!]!]! / mass;
    end++;
    if (reached >= p) break;
  }
  const edge = distance[order[end - 1]!]!;
  while (end < count && distance[order[end]!] === edge) end++;
  const kept = new Uint32Array(end);
  for (let k = 0; k < end; k++) kept[k] = ids[order[k]!]!;
  return kept;
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

/**
 * The id the pipeline's draw picks for the uniform number `u` in [0, 1) on
 * this step's final distribution: the same rule `sampleNext` used with its
 * own number (greedy: always the argmax).
 */
export function drawWith(step: SamplingStep, u: number): number {
  if (step.greedy) return step.argmax;
  return drawKept(step.probabilities, step.removed, u * step.keptMass, null);
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
  /** 0 for the highest score after penalties (ties: lower id first). */
  rank: number;
  /** The raw logit. */
  logit: number;
  /** The score after penalties (the logit itself when none is on). */
  score: number;
  /** score / temperature; null when greedy. */
  scaledLogit: number | null;
  /** After temperature and softmax, over the whole vocabulary. */
  probability: number;
  /** After top-k, renormalised over what it kept (0 if removed by top-k or masked). */
  afterTopK: number;
  /** After every stage, renormalised: the probability it was drawn with. */
  final: number;
  /** The stage that removed it, or null if it could be drawn. */
  removedBy: Removal | null;
  /** Whether it was still in after top-k (false when masked, or when greedy left only the top token). */
  keptByTopK: boolean;
  /** Whether it was still in after top-p. */
  keptByTopP: boolean;
  chosen: boolean;
}

const LATER_THAN: Record<Filter, readonly (Removal | null)[]> = {
  'top-k': [null, 'top-p', 'min-p', 'typical-p'],
  'top-p': [null, 'min-p', 'typical-p'],
  'min-p': [null, 'typical-p'],
  'typical-p': [null],
};

/**
 * The `count` highest-scoring tokens of a step, best first, with their
 * numbers after each stage, then any of `alsoShow` (the engine's stop ids,
 * so `</s>` can always be forced) and the chosen token if they rank lower.
 * Uses partial selection: no sort of the whole vocabulary.
 */
export function topCandidates(
  step: SamplingStep,
  count: number,
  alsoShow: readonly number[] = [],
): Candidate[] {
  const { logits, scores, settings } = step;
  const best = topIds(scores, count);
  const ids = Array.from(best);
  for (const id of [...alsoShow, step.chosenId])
    if (Number.isInteger(id) && id >= 0 && id < scores.length && !ids.includes(id)) ids.push(id);
  return ids.map((id, index) => {
    const removedBy = removalOf(step, id);
    return {
      id,
      rank: index < best.length ? index : rankOf(scores, id),
      logit: logits[id]!,
      score: scores[id]!,
      scaledLogit: step.greedy ? null : scores[id]! / settings.temperature,
      probability: step.probabilities[id]!,
      afterTopK: topKProbability(step, id),
      final: finalProbability(step, id),
      removedBy,
      keptByTopK: LATER_THAN['top-k'].includes(removedBy),
      keptByTopP: LATER_THAN['top-p'].includes(removedBy),
      chosen: id === step.chosenId,
    };
  });
}

/** One token followed through every stage of a step. */
export interface TokenTrace {
  id: number;
  logit: number;
  /** After penalties. */
  score: number;
  /** By score, 0 = best (ties: lower id first). */
  rank: number;
  removedBy: Removal | null;
  /** Its probability in the final distribution (0 if removed). */
  final: number;
  /**
   * Each stage in the order it ran: whether the token was still in after it,
   * and its probability there, renormalised over that stage's survivors (the
   * distribution that stage judged: at temperature 1 before a late temperature).
   */
  stages: { stage: Stage; on: boolean; kept: boolean; probability: number }[];
}

/** Where `id` stands at every stage of `step` ("where does ▁Dear stand?"). */
export function traceToken(step: SamplingStep, id: number): TokenTrace {
  if (!Number.isInteger(id) || id < 0 || id >= step.logits.length)
    throw new Error(`Token id ${id} is outside the vocabulary (0 to ${step.logits.length - 1}).`);
  const removedBy = removalOf(step, id);
  const masked = removedBy === 'masked';
  let out = false;
  const stages = step.stages.map(({ stage, on, mass }) => {
    if (removedBy === stage) out = true;
    if (step.greedy && stage === 'temperature') out = removedBy === 'greedy';
    const kept = !masked && !out;
    let probability = 0;
    if (kept) {
      if (step.greedy) probability = stage === 'penalties' ? softmaxAt(step.scores, id) : 1;
      else if (stage === 'penalties') probability = softmaxAt(step.scores, id);
      else if (stage === 'temperature')
        probability = step.probabilities[id]! / (isFilterDone(step) ? step.keptMass : 1);
      else probability = step.filtered[id]! / mass;
    }
    return { stage, on, kept, probability };
  });
  return {
    id,
    logit: step.logits[id]!,
    score: step.scores[id]!,
    rank: rankOf(step.scores, id),
    removedBy,
    final: finalProbability(step, id),
    stages,
  };
}

/** Whether temperature ran after the filters in this step (llama.cpp's order). */
const isFilterDone = (step: SamplingStep) => step.stages.at(-1)?.stage === 'temperature';

/** softmax(scores)[id] at temperature 1 (a few hundred microseconds: only for one traced token). */
function softmaxAt(scores: Float32Array, id: number): number {
  return Math.exp(scores[id]! - logSumExp(scores));
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
