/**
 * The generation loop's state, and every change to it as a pure function:
 * each takes a state and returns a new one, and nothing handed out is ever
 * changed afterwards (records and arrays are replaced, not edited). The
 * engine calls, the clock and the one-at-a-time queue live in the runner
 * (controller.ts); this module decides what those calls are and what their
 * results mean.
 *
 * Why the newest token is fed to the engine lazily, on the next step rather
 * than as soon as it is picked: until then the reader can still swap it
 * (force a candidate, or re-sample with other settings) for free. The
 * engine's cache then holds exactly the prompt and every token but the last,
 * and `scores` are those the last token was picked from.
 *
 * Rewinding keeps the tokens before a step and restores the random state
 * saved at that step, so stepping again from there picks what it picked
 * before (unless the reader changed a setting). The engine cannot cut its
 * cache, so unless the kept tokens are exactly what it has read, the next
 * step resets it and prefills prompt + kept tokens again: every engine can
 * do that (see src/lib/llm/engine.ts).
 *
 * No reply is thrown away: every change to the steps goes through the
 * branch tree (branches.ts), which keeps the paths left behind by forcing and
 * rewinding and the replies greedy and beam search found. Re-opening a branch
 * makes its records the steps again, as they were when made; the scores are
 * kept only if the engine's cache is still a prefix of that reply.
 */
import {
  finalProbability,
  logSumExp,
  topCandidates,
  type Candidate,
  type SamplingStep,
  type StageReport,
} from '../sampling/pipeline';
import { branchOf, NO_BRANCHES, withCurrent, withFound, type Branches } from './branches';
import { formatCount } from '../core/format';
import { seedState, type RandomState } from '../core/random';
import { checkSamplingSettings, type SamplingSettings } from '../sampling/settings';
import { checkMaxNewTokens, checkPromptFits, stopAfter, type StopReason } from '../sampling/stop';
import { DECODE_START, decodeNext, type DecodeState, type Decoding } from '../tokenizer/stream-decode';

/** Where a step's scores came from: a prefill of the whole sequence, one decode step, or scores already at hand. */
export type LogitsSource = 'prefill' | 'decode' | 'reuse';

/** One appended token and everything the panels show about how it was chosen. */
export interface StepRecord {
  /** 0 for the first token of the reply. */
  readonly index: number;
  /** The token appended: the pipeline's pick, or the one the reader forced. */
  readonly id: number;
  /** What the sampling pipeline picked. */
  readonly sampledId: number;
  readonly forced: boolean;
  /** The appended token's probability in the final distribution; 0 if a stage removed it, null if unknown. */
  readonly probability: number | null;
  /**
   * The model's own log-probability (natural log) of the appended token: softmax of the raw scores at
   * temperature 1, no penalty or filter. Branches and beam search add these up, so replies picked with
   * different settings are compared on one scale. Null if unknown (a token forced from outside the scores kept).
   */
  readonly modelLogProb: number | null;
  /** log(sum(exp(logit))) over this step's raw scores: with a token's logit, its model log-probability. */
  readonly modelLogSumExp: number;
  /** The text this token added to the reply (empty while a character's bytes are still arriving). */
  readonly text: string;
  /** The highest-scoring candidates (and the pick, if it ranked lower), best first. */
  readonly candidates: readonly Candidate[];
  readonly settings: SamplingSettings;
  readonly greedy: boolean;
  /** The uniform number the draw used; null when greedy. */
  readonly random: number | null;
  /** Tokens that survived every stage. */
  readonly keptCount: number;
  /** Every stage in the order it ran, with the tokens left after each. */
  readonly stages: readonly StageReport[];
  /** Which search chose this token ("beam search", "greedy search"), or null when the sampler or the reader did. */
  readonly searchedBy: string | null;
  /** The random state the draw started from: rewinding to this step restores it. */
  readonly stateBefore: RandomState;
  readonly stateAfter: RandomState;
  readonly source: LogitsSource;
  /** Engine time for this step's scores, and the pipeline's time. */
  readonly engineMs: number;
  readonly samplingMs: number;
}

export type Ending = { reason: StopReason | 'reader'; message: string };

export interface GenerationTimings {
  /** The last prefill: tokens read and the time it took. */
  prefill: { tokens: number; ms: number } | null;
  /** From the first step's start (prefill included) to the first token of the reply; null until then. */
  firstTokenMs: number | null;
  /** Decode steps since the last prefill, and their time (engine and sampling). */
  decode: { tokens: number; ms: number };
  /** The run of Play in progress, or the last one; null before Play added a token. */
  played: PlayRun | null;
}

/**
 * What a run of Play delivered, on the wall clock and inside the model. The
 * two differ: the wall clock also holds what happens between model calls on
 * the page (drawing the reply, the turn the loop gives the page between
 * steps, the bookkeeping of each step), and the run's prefill, which a
 * decode speed leaves out.
 */
export interface PlayRun {
  /** Tokens it added. */
  tokens: number;
  /** Wall clock from pressing Play to its newest token. */
  ms: number;
  /** Of `ms`, the time its steps spent in the engine and the sampler (see StepRecord's `engineMs` and `samplingMs`). */
  computeMs: number;
  /** Of `computeMs`, prefills: the prompt read, or read again after going back. */
  prefillMs: number;
  /** Tokens of `tokens` whose scores came from a prefill. */
  prefillTokens: number;
  /** Whether Play is still running. */
  running: boolean;
}

/** Scores for reply position `at`; the engine has read the prompt and the first `at` reply tokens. */
export interface Scores {
  readonly at: number;
  readonly logits: Float32Array;
  /** The pipeline's full result on these scores, once a token was picked from them: for re-sampling and forcing without the engine. */
  readonly picked: SamplingStep | null;
}

export interface GenerationState {
  readonly prompt: readonly number[];
  readonly settings: SamplingSettings;
  readonly maxNewTokens: number;
  readonly steps: readonly StepRecord[];
  readonly scores: Scores | null;
  /** The reply decoded so far. */
  readonly decoded: DecodeState;
  readonly ended: Ending | null;
  readonly error: string | null;
  readonly timings: GenerationTimings;
  /** Every reply tried on this prompt; the current one is `steps`. */
  readonly branches: Branches<StepRecord>;
}

/** What the state's changes need to know about the engine and the page. */
export interface GenerationContext {
  stopIds: readonly number[];
  contextWindow: number;
  vocabSize: number;
  /** How ids become text; without it the reply's text stays empty. */
  decoding: Decoding | null;
  /** Rows kept per step for the candidate table. */
  candidateCount: number;
}

/** What the engine must do before the next token can be picked. */
export type EngineCall =
  | { kind: 'decode'; id: number }
  | { kind: 'prefill'; ids: readonly number[] }
  | { kind: 'reuse'; logits: Float32Array };

const NO_TIMINGS: GenerationTimings = {
  prefill: null,
  firstTokenMs: null,
  decode: { tokens: 0, ms: 0 },
  played: null,
};

export function initialState(
  prompt: readonly number[],
  settings: SamplingSettings,
  maxNewTokens: number,
): GenerationState {
  return {
    prompt: [...prompt],
    settings: { ...settings },
    maxNewTokens,
    steps: [],
    scores: null,
    decoded: DECODE_START,
    ended: null,
    error: null,
    timings: NO_TIMINGS,
    branches: NO_BRANCHES,
  };
}

const replyLength = (state: GenerationState) => formatCount(state.steps.length, 'token');

/** The random state the draw of step `index` starts from: the seed's for the first, else where the previous draw left it. */
export const stateFor = (state: GenerationState, index: number): RandomState =>
  index === 0 ? seedState(state.settings.seed) : state.steps[index - 1]!.stateAfter;

/** The ids the model has read before reply step `index`: the prompt and the reply's first `index` tokens (what penalties count). */
export const contextBefore = (state: GenerationState, index: number): number[] => [
  ...state.prompt,
  ...state.steps.slice(0, index).map((step) => step.id),
];

/** Why the settings cannot be used with this vocabulary, or null. */
export function settingsProblem(state: GenerationState, context: GenerationContext): string | null {
  const problems = Object.values(checkSamplingSettings(state.settings, context.vocabSize));
  return problems.length > 0 ? problems.join(' ') : null;
}

/** Whether the last token ends the reply (a stop id, the limit, the window); null while it goes on. */
function endingOf(state: GenerationState, context: GenerationContext): Ending | null {
  const last = state.steps.at(-1);
  if (!last) return null;
  const decision = stopAfter(
    last.id,
    { promptTokens: state.prompt.length, newTokens: state.steps.length },
    {
      stopIds: context.stopIds,
      maxNewTokens: state.maxNewTokens,
      contextWindow: context.contextWindow,
      pieceOf: (id) => context.decoding?.pieces[id] ?? '</s>',
    },
  );
  return decision.stop ? { reason: decision.reason, message: decision.message } : null;
}

/** The reply's text decoded again from the start, each record given the text its token adds. */
function redecode(
  steps: readonly StepRecord[],
  context: GenerationContext,
): { steps: StepRecord[]; decoded: DecodeState } {
  let decoded = DECODE_START;
  const out = steps.map((step) => {
    if (!context.decoding) return step.text === '' ? step : { ...step, text: '' };
    const next = decodeNext(context.decoding, decoded, step.id);
    decoded = next.state;
    return next.chunk === step.text ? step : { ...step, text: next.chunk };
  });
  return { steps: out, decoded };
}

/** Steps replaced: text decoded again, the ending judged again, the error cleared. */
function withSteps(
  state: GenerationState,
  context: GenerationContext,
  steps: readonly StepRecord[],
): GenerationState {
  const next = { ...state, ...redecode(steps, context), error: null };
  return { ...next, ended: endingOf(next, context), branches: withCurrent(state.branches, next.steps) };
}

/**
 * Why the next step cannot run (the reply ended, a setting is out of range,
 * the prompt does not fit), or the engine call it needs: a decode of the
 * newest token when the scores are one behind, the scores at hand when they
 * are for this position, otherwise a prefill of prompt + reply.
 */
export function nextCall(
  state: GenerationState,
  context: GenerationContext,
): { problem: string | null; call: EngineCall | null } {
  if (state.ended) return { problem: null, call: null };
  const problem =
    settingsProblem(state, context) ?? checkPromptFits(state.prompt.length, context.contextWindow);
  if (problem) return { problem, call: null };
  const n = state.steps.length;
  const { scores } = state;
  if (scores && scores.at === n - 1)
    return { problem: null, call: { kind: 'decode', id: state.steps[n - 1]!.id } };
  if (scores && scores.at === n) return { problem: null, call: { kind: 'reuse', logits: scores.logits } };
  return {
    problem: null,
    call: { kind: 'prefill', ids: [...state.prompt, ...state.steps.map((step) => step.id)] },
  };
}

/** The step could not run: the message for the reader. */
export function failed(state: GenerationState, message: string): GenerationState {
  return { ...state, error: message };
}

/** The engine failed: its scores can no longer be trusted, so the next step prefills. */
export function engineFailed(state: GenerationState, cause: unknown): GenerationState {
  return {
    ...state,
    scores: null,
    error: `The engine failed: ${cause instanceof Error ? cause.message : String(cause)}`,
  };
}

/** The engine's answer to `call`: scores for the next reply position, and the prefill's timing. */
export function scored(
  state: GenerationState,
  call: EngineCall,
  logits: Float32Array,
  engineMs: number,
): GenerationState {
  const at = state.steps.length;
  if (call.kind !== 'prefill') return { ...state, scores: { at, logits, picked: null }, error: null };
  return {
    ...state,
    scores: { at, logits, picked: null },
    error: null,
    timings: {
      ...state.timings,
      prefill: { tokens: call.ids.length, ms: engineMs },
      decode: { tokens: 0, ms: 0 },
    },
  };
}

function record(
  state: GenerationState,
  context: GenerationContext,
  index: number,
  picked: SamplingStep,
  source: LogitsSource,
  engineMs: number,
  samplingMs: number,
): StepRecord {
  const modelLogSumExp = logSumExp(picked.logits);
  return {
    index,
    id: picked.chosenId,
    sampledId: picked.chosenId,
    forced: false,
    probability: finalProbability(picked, picked.chosenId),
    modelLogProb: picked.logits[picked.chosenId]! - modelLogSumExp,
    modelLogSumExp,
    text: '',
    candidates: topCandidates(picked, context.candidateCount, context.stopIds),
    settings: picked.settings,
    greedy: picked.greedy,
    random: picked.random,
    keptCount: picked.keptCount,
    stages: picked.stages,
    searchedBy: null,
    stateBefore: stateFor(state, index),
    stateAfter: picked.state,
    source,
    engineMs,
    samplingMs,
  };
}

/**
 * The pipeline picked `picked` from the current scores: the token is
 * appended, its text decoded, the timings counted, and the ending judged.
 */
export function appended(
  state: GenerationState,
  context: GenerationContext,
  picked: SamplingStep,
  timing: { source: LogitsSource; engineMs: number; samplingMs: number },
): GenerationState {
  const n = state.steps.length;
  const { source, engineMs, samplingMs } = timing;
  const base = record(state, context, n, picked, source, engineMs, samplingMs);
  let decoded = state.decoded;
  let text = '';
  if (context.decoding) ({ state: decoded, chunk: text } = decodeNext(context.decoding, decoded, base.id));
  const totalMs = engineMs + samplingMs;
  let timings = state.timings;
  if (source === 'decode')
    timings = { ...timings, decode: { tokens: timings.decode.tokens + 1, ms: timings.decode.ms + totalMs } };
  if (source === 'prefill' && n === 0) timings = { ...timings, firstTokenMs: totalMs };
  const steps = [...state.steps, { ...base, text }];
  const next: GenerationState = {
    ...state,
    steps,
    branches: withCurrent(state.branches, steps),
    scores: state.scores && { ...state.scores, picked },
    decoded,
    error: null,
    timings,
  };
  return { ...next, ended: endingOf(next, context) };
}

/** The scores the newest token was picked from, when they are at hand (re-sampling needs no engine then). */
export function scoresOfNewest(state: GenerationState): Float32Array | null {
  const n = state.steps.length;
  return n > 0 && state.scores && state.scores.at === n - 1 ? state.scores.logits : null;
}

/** The newest token picked again (`picked`, from the same scores with the current settings). */
export function resampled(
  state: GenerationState,
  context: GenerationContext,
  picked: SamplingStep,
  samplingMs: number,
): GenerationState {
  const n = state.steps.length;
  const last = state.steps[n - 1]!;
  const redone = record(state, context, n - 1, picked, last.source, last.engineMs, samplingMs);
  const next = withSteps(state, context, [...state.steps.slice(0, n - 1), redone]);
  return { ...next, scores: state.scores && { ...state.scores, picked } };
}

/** Drops every step from `keep` on; the scores survive only if the engine has read no more than `engineRead` reply tokens. */
function truncated(
  state: GenerationState,
  context: GenerationContext,
  keep: number,
  engineRead: number,
): GenerationState {
  if (keep < 0 || keep > state.steps.length || !Number.isInteger(keep))
    throw new Error(`There is no step ${keep} to go back to; the reply has ${replyLength(state)}.`);
  const scores = state.scores && state.scores.at <= engineRead ? state.scores : null;
  return { ...withSteps({ ...state, scores }, context, state.steps.slice(0, keep)), ended: null };
}

/** Keeps the first `keep` tokens; the next step starts from the random state saved at step `keep`. */
export function rewound(state: GenerationState, context: GenerationContext, keep: number): GenerationState {
  return truncated(state, context, keep, keep);
}

/** Replaces the token of step `index` with `id` and drops every later step. */
export function forced(
  state: GenerationState,
  context: GenerationContext,
  index: number,
  id: number,
): GenerationState {
  if (!Number.isInteger(id) || id < 0 || id >= context.vocabSize)
    throw new Error(`Token id ${id} is outside the vocabulary (0 to ${context.vocabSize - 1}).`);
  const replaced = state.steps[index];
  if (!replaced) throw new Error(`There is no step ${index} to change; the reply has ${replyLength(state)}.`);
  const kept = truncated(state, context, index + 1, index);
  const known =
    kept.scores?.picked && kept.scores.at === index ? finalProbability(kept.scores.picked, id) : null;
  const row = replaced.candidates.find((candidate) => candidate.id === id);
  const logit = kept.scores?.at === index ? kept.scores.logits[id]! : (row?.logit ?? null);
  const swapped: StepRecord = {
    ...replaced,
    id,
    forced: id !== replaced.sampledId,
    probability: known ?? row?.final ?? null,
    modelLogProb: logit === null ? null : logit - replaced.modelLogSumExp,
  };
  // The tree follows the old reply straight to the new one, with no stop at the cut-off prefix between.
  return withSteps({ ...kept, branches: state.branches }, context, [...kept.steps.slice(0, index), swapped]);
}

/** Ends the reply here, as a chat's stop button does; rewinding lifts it. */
export function stopped(state: GenerationState): GenerationState {
  if (state.ended) return state;
  return {
    ...state,
    ended: {
      reason: 'reader',
      message: `You stopped the reply after ${replyLength(state)}. Go back to any step to go on from there.`,
    },
  };
}

export function withSettings(state: GenerationState, settings: SamplingSettings): GenerationState {
  return { ...state, settings: { ...settings } };
}

/** A new limit on new tokens; it may end the reply, or lift an ending it caused (never the reader's stop or a stop token). */
export function withMaxNewTokens(
  state: GenerationState,
  context: GenerationContext,
  value: number,
): GenerationState {
  const problem = checkMaxNewTokens(value, context.contextWindow);
  if (problem) throw new Error(problem);
  const next = { ...state, maxNewTokens: value };
  if (state.ended && state.ended.reason !== 'max-new-tokens') return next;
  return { ...next, ended: endingOf(next, context) };
}

/** Starts over on a new prompt: every step is dropped and the next step prefills. */
export function withPrompt(
  state: GenerationState,
  context: GenerationContext,
  ids: readonly number[],
): GenerationState {
  return {
    ...state,
    prompt: [...ids],
    steps: [],
    scores: null,
    decoded: DECODE_START,
    ended: null,
    error: checkPromptFits(ids.length, context.contextWindow),
    timings: NO_TIMINGS,
    branches: NO_BRANCHES,
  };
}

/** A run of Play before its first token. */
export const PLAY_START: PlayRun = {
  tokens: 0,
  ms: 0,
  computeMs: 0,
  prefillMs: 0,
  prefillTokens: 0,
  running: true,
};

/** `run` after it added `step`, `elapsedMs` after Play was pressed. */
export function playedStep(run: PlayRun, step: StepRecord, elapsedMs: number): PlayRun {
  const stepMs = step.engineMs + step.samplingMs;
  const prefill = step.source === 'prefill';
  return {
    ...run,
    tokens: run.tokens + 1,
    ms: elapsedMs,
    computeMs: run.computeMs + stepMs,
    prefillMs: run.prefillMs + (prefill ? step.engineMs : 0),
    prefillTokens: run.prefillTokens + (prefill ? 1 : 0),
  };
}

/**
 * The run of Play as it stands (`running`) or as it ended; a run that added
 * no token leaves the figure of the one before as it was.
 */
export function played(state: GenerationState, run: PlayRun): GenerationState {
  if (run.tokens < 1) return state;
  return { ...state, timings: { ...state.timings, played: run } };
}

/** Decode speed since the last prefill, or null before the second token. */
export function tokensPerSecond(timings: GenerationTimings): number | null {
  const { tokens, ms } = timings.decode;
  return tokens > 0 && ms > 0 ? (1000 * tokens) / ms : null;
}

/**
 * Branch `key` becomes the reply: its records as they were made, its text
 * decoded again, its ending judged again. The scores at hand survive only if
 * the engine's cache (the prompt and the first `scores.at` reply tokens) is a
 * prefix of the branch; otherwise the next step prefills the branch.
 */
export function reopened(state: GenerationState, context: GenerationContext, key: number): GenerationState {
  const branch = branchOf(state.branches, key);
  const { scores } = state;
  const stillRead =
    scores !== null &&
    scores.at <= branch.tokens.length &&
    state.steps.slice(0, scores.at).every((step, i) => step.id === branch.tokens[i]!.id);
  // The pick kept with the scores is the old reply's; it describes the branch only if the token there is the same.
  const samePick = stillRead && state.steps[scores.at]?.id === branch.tokens[scores.at]?.id;
  const kept = stillRead ? { ...scores, picked: samePick ? scores.picked : null } : null;
  const next = withSteps({ ...state, scores: kept }, context, branch.tokens);
  return { ...next, branches: { ...next.branches, current: key } };
}

/** A search's replies join the branches; the engine read other sequences, so the next step prefills. */
export function searched(
  state: GenerationState,
  context: GenerationContext,
  found: readonly { label: string; tokens: readonly StepRecord[] }[],
): GenerationState {
  const decoded = found.map(({ label, tokens }) => ({ label, tokens: redecode(tokens, context).steps }));
  return { ...state, scores: null, error: null, branches: withFound(state.branches, decoded) };
}

/**
 * The record of a position a search scored, as if the top token had been
 * taken (`picked` is a greedy pick on the raw scores); `searchedStep` then
 * puts the token the search chose in its place.
 */
export function searchPosition(
  state: GenerationState,
  context: GenerationContext,
  index: number,
  picked: SamplingStep,
  timing: { source: LogitsSource; engineMs: number },
): StepRecord {
  // Built as a first step (the reply's own steps say nothing about a search's positions), then moved to `index`.
  const base = record({ ...state, steps: [] }, context, 0, picked, timing.source, timing.engineMs, 0);
  // A searched reply draws no random number: stepping on from it starts where the seed starts.
  const seed = seedState(state.settings.seed);
  return { ...base, index, stateBefore: seed, stateAfter: seed };
}

/**
 * `position` (from searchPosition) with the token `id` the search `by`
 * ("beam search", "greedy search") chose there. Its probability is the
 * model's own (temperature 1, no filter), which is what a search ranks by;
 * the candidates show the raw scores.
 */
export function searchedStep(position: StepRecord, id: number, modelLogProb: number, by: string): StepRecord {
  return {
    ...position,
    id,
    sampledId: id,
    forced: false,
    searchedBy: by,
    probability: Math.exp(modelLogProb),
    modelLogProb,
    candidates: position.candidates.map((candidate) => ({ ...candidate, chosen: candidate.id === id })),
  };
}
