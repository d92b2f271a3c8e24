/**
 * The generation loop, framework-free: prefill the prompt, sample a token,
 * append it, go again. Both chapters drive it ("One token" runs one step and
 * re-samples as the reader turns the knobs; "The loop" steps, plays, forces
 * and rewinds), and the unit tests run it on the glass box.
 *
 * Why the newest token is fed to the engine lazily, on the next step rather
 * than as soon as it is picked: until then the reader can still swap it
 * (force a candidate, or re-sample with other settings) for free. The
 * engine's cache then holds exactly the prompt and every token but the last,
 * and `logits` are the scores the last token was picked from.
 *
 * Rewinding keeps the tokens before a step and restores the random state
 * saved at that step, so stepping again from there picks what it picked
 * before (unless the reader changed a setting). The engine cannot cut its
 * cache, so unless the kept tokens are exactly what it has read, the next
 * step resets it and prefills prompt + kept tokens again: every engine can
 * do that (see src/lib/llm/engine.ts).
 */
import type { Engine } from '../llm/engine';
import {
  finalProbability,
  sampleNext,
  topCandidates,
  type Candidate,
  type SamplingStep,
} from '../sampling/pipeline';
import { formatCount } from '../core/format';
import { seedState, type RandomState } from '../core/random';
import { checkSamplingSettings, type SamplingSettings } from '../sampling/settings';
import { checkMaxNewTokens, checkPromptFits, stopAfter, type StopReason } from '../sampling/stop';
import type { StreamDecoder } from '../tokenizer/stream-decode';

/** Where a step's scores came from: a prefill of the whole sequence, one decode step, or scores already at hand. */
export type LogitsSource = 'prefill' | 'decode' | 'reuse';

/** One appended token and everything the panels show about how it was chosen. */
export interface StepRecord {
  /** 0 for the first token of the reply. */
  index: number;
  /** The token appended: the pipeline's pick, or the one the reader forced. */
  id: number;
  /** What the sampling pipeline picked. */
  sampledId: number;
  forced: boolean;
  /** The appended token's probability in the final distribution; 0 if a stage removed it, null if unknown. */
  probability: number | null;
  /** The text this token added to the reply (empty while a character's bytes are still arriving). */
  text: string;
  /** The highest-scoring candidates (and the pick, if it ranked lower), best first. */
  candidates: Candidate[];
  settings: SamplingSettings;
  greedy: boolean;
  /** The uniform number the draw used; null when greedy. */
  random: number | null;
  /** Tokens that survived every stage. */
  keptCount: number;
  /** The random state the draw started from: rewinding to this step restores it. */
  stateBefore: RandomState;
  stateAfter: RandomState;
  source: LogitsSource;
  /** Engine time for this step's scores, and the pipeline's time. */
  engineMs: number;
  samplingMs: number;
}

export type Ending = { reason: StopReason | 'reader'; message: string };

export interface GenerationTimings {
  /** The last prefill: tokens read and the time it took. */
  prefill: { tokens: number; ms: number } | null;
  /** From the first step's start (prefill included) to the first token of the reply; null until then. */
  firstTokenMs: number | null;
  /** Decode steps since the last prefill, and their time (engine and sampling). */
  decode: { tokens: number; ms: number };
}

export interface GenerationView {
  promptLength: number;
  steps: readonly StepRecord[];
  /** The reply so far, decoded. */
  text: string;
  /** Bytes of a character still arriving. */
  heldBytes: number;
  busy: boolean;
  playing: boolean;
  ended: Ending | null;
  error: string | null;
  timings: GenerationTimings;
}

export interface GenerationOptions {
  engine: Engine;
  prompt: readonly number[];
  settings: SamplingSettings;
  maxNewTokens: number;
  /** A fresh stream decoder (text is left empty without one). */
  createDecoder?: () => StreamDecoder;
  /** Rows kept per step for the candidate table. */
  candidateCount?: number;
  now?: () => number;
  /** What `play` waits between steps, so the page can paint; resolves at once in tests. */
  betweenSteps?: () => Promise<void>;
}

export interface GenerationController {
  view(): GenerationView;
  /** Calls `listener` after every change; returns a function that stops it. */
  subscribe(listener: (view: GenerationView) => void): () => void;
  /** Picks and appends one token; null when the reply has ended or the step failed (see `view().error`). */
  step(): Promise<StepRecord | null>;
  /** Steps until paused, stopped or ended; resolves when the run of steps is over. */
  play(): Promise<void>;
  pause(): void;
  /** Ends the reply here, as a chat's stop button does; rewinding lifts it. */
  stop(): Promise<void>;
  /** Keeps the first `keep` tokens and restores the random state saved at step `keep`. */
  rewind(keep: number): Promise<void>;
  /** Replaces the token of step `index` with `id` and drops every later step. */
  force(index: number, id: number): Promise<void>;
  /** Picks the newest token again from the same scores with the current settings. */
  resample(): Promise<void>;
  setSettings(settings: SamplingSettings): void;
  setMaxNewTokens(value: number): void;
  /** Starts over on a new prompt: every step is dropped and the next step prefills. */
  setPrompt(ids: readonly number[]): Promise<void>;
}

export function createGenerationController(options: GenerationOptions): GenerationController {
  const { engine, createDecoder, candidateCount = 15, now = () => performance.now() } = options;
  const betweenSteps = options.betweenSteps ?? (() => Promise.resolve());
  let prompt = [...options.prompt];
  let settings = { ...options.settings };
  let maxNewTokens = options.maxNewTokens;
  let steps: StepRecord[] = [];
  /** Scores for reply position `logitsAt`; the engine has read the prompt and `steps[0..logitsAt)`. */
  let logits: Float32Array | null = null;
  let logitsAt = 0;
  /** The pipeline's full result for position `logitsAt`, for re-sampling and forcing without the engine. */
  let current: SamplingStep | null = null;
  let decoder = createDecoder?.() ?? null;
  let ended: Ending | null = null;
  let error: string | null = null;
  let busy = 0;
  let playing = false;
  let timings: GenerationTimings = { prefill: null, firstTokenMs: null, decode: { tokens: 0, ms: 0 } };
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(view: GenerationView) => void>();

  const view = (): GenerationView => ({
    promptLength: prompt.length,
    steps,
    text: decoder?.text ?? '',
    heldBytes: decoder?.heldBytes ?? 0,
    busy: busy > 0,
    playing,
    ended,
    error,
    timings,
  });
  const emit = () => {
    const snapshot = view();
    for (const listener of listeners) listener(snapshot);
  };

  /** Runs tasks one at a time, in call order: a click during a step waits for it. */
  const exclusive = <T>(task: () => Promise<T> | T): Promise<T> => {
    busy++;
    emit();
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run.finally(() => {
      busy--;
      emit();
    });
  };

  const limits = () => ({ stopIds: engine.stopIds, maxNewTokens, contextWindow: engine.contextWindow });
  const replyLength = () => formatCount(steps.length, 'token');
  const endingOf = (): Ending | null => {
    const last = steps.at(-1);
    if (!last) return null;
    const decision = stopAfter(last.id, { promptTokens: prompt.length, newTokens: steps.length }, limits());
    return decision.stop ? { reason: decision.reason, message: decision.message } : null;
  };
  const rebuildText = () => {
    decoder = createDecoder?.() ?? null;
    for (const step of steps) step.text = decoder?.push(step.id) ?? '';
  };
  const stateFor = (index: number): RandomState =>
    index === 0 ? seedState(settings.seed) : steps[index - 1]!.stateAfter;
  const settingsProblem = () => {
    const problems = Object.values(checkSamplingSettings(settings, engine.vocabSize));
    return problems.length > 0 ? problems.join(' ') : null;
  };

  function record(
    index: number,
    step: SamplingStep,
    source: LogitsSource,
    engineMs: number,
    samplingMs: number,
  ) {
    return {
      index,
      id: step.chosenId,
      sampledId: step.chosenId,
      forced: false,
      probability: finalProbability(step, step.chosenId),
      text: '',
      candidates: topCandidates(step, candidateCount),
      settings: step.settings,
      greedy: step.greedy,
      random: step.random,
      keptCount: step.keptCount,
      stateBefore: stateFor(index),
      stateAfter: step.state,
      source,
      engineMs,
      samplingMs,
    } satisfies StepRecord;
  }

  async function stepNow(): Promise<StepRecord | null> {
    if (ended) return null;
    const problem = settingsProblem() ?? checkPromptFits(prompt.length, engine.contextWindow);
    if (problem) {
      error = problem;
      return null;
    }
    error = null;
    const n = steps.length;
    const started = now();
    let source: LogitsSource = 'reuse';
    try {
      if (logits && logitsAt === n - 1) {
        logits = await engine.step(steps[n - 1]!.id);
        source = 'decode';
      } else if (!logits || logitsAt !== n) {
        const ids = [...prompt, ...steps.map((step) => step.id)];
        logits = null;
        logits = await engine.prefill(ids);
        source = 'prefill';
        timings = {
          ...timings,
          prefill: { tokens: ids.length, ms: now() - started },
          decode: { tokens: 0, ms: 0 },
        };
      }
      logitsAt = n;
    } catch (cause) {
      logits = null;
      current = null;
      error = `The engine failed: ${cause instanceof Error ? cause.message : String(cause)}`;
      return null;
    }
    const engineDone = now();
    try {
      current = sampleNext(logits, settings, stateFor(n));
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
      return null;
    }
    const done = now();
    const added = record(n, current, source, engineDone - started, done - engineDone);
    added.text = decoder?.push(added.id) ?? '';
    steps = [...steps, added];
    if (source === 'decode')
      timings = {
        ...timings,
        decode: { tokens: timings.decode.tokens + 1, ms: timings.decode.ms + done - started },
      };
    if (source === 'prefill' && n === 0) timings = { ...timings, firstTokenMs: done - started };
    ended = endingOf();
    return added;
  }

  /** Drops every step from `keep` on; the engine's state survives only if it has read no more than the kept tokens. */
  function truncate(keep: number, engineRead: number) {
    if (keep < 0 || keep > steps.length || !Number.isInteger(keep))
      throw new Error(`There is no step ${keep} to go back to; the reply has ${replyLength()}.`);
    steps = steps.slice(0, keep);
    if (!(logits && logitsAt <= engineRead)) {
      logits = null;
      current = null;
    }
    rebuildText();
    ended = null;
    error = null;
  }

  const controller: GenerationController = {
    view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    step: () => exclusive(stepNow),
    async play() {
      if (playing) return;
      playing = true;
      emit();
      while (playing) {
        const added = await exclusive(stepNow);
        if (!added || ended) break;
        if (playing) await betweenSteps();
      }
      playing = false;
      emit();
    },
    pause() {
      playing = false;
      emit();
    },
    stop() {
      playing = false;
      return exclusive(() => {
        if (ended) return;
        ended = {
          reason: 'reader',
          message: `You stopped the reply after ${replyLength()}. Go back to any step to go on from there.`,
        };
      });
    },
    rewind(keep) {
      playing = false;
      return exclusive(() => truncate(keep, keep));
    },
    force(index, id) {
      playing = false;
      return exclusive(() => {
        if (!Number.isInteger(id) || id < 0 || id >= engine.vocabSize)
          throw new Error(`Token id ${id} is outside the vocabulary (0 to ${engine.vocabSize - 1}).`);
        const replaced = steps[index];
        if (!replaced)
          throw new Error(`There is no step ${index} to change; the reply has ${replyLength()}.`);
        truncate(index + 1, index);
        const known = current && logitsAt === index ? finalProbability(current, id) : null;
        const shown = replaced.candidates.find((candidate) => candidate.id === id)?.final ?? null;
        const forced: StepRecord = {
          ...replaced,
          id,
          forced: id !== replaced.sampledId,
          probability: known ?? shown,
        };
        steps = [...steps.slice(0, index), forced];
        rebuildText();
        ended = endingOf();
      });
    },
    resample() {
      return exclusive(() => {
        const n = steps.length;
        if (n === 0 || !logits || logitsAt !== n - 1) return;
        const problem = settingsProblem();
        if (problem) {
          error = problem;
          return;
        }
        const last = steps[n - 1]!;
        const started = now();
        steps = steps.slice(0, n - 1);
        current = sampleNext(logits, settings, stateFor(n - 1));
        const redone = record(n - 1, current, last.source, last.engineMs, now() - started);
        steps = [...steps, redone];
        rebuildText();
        ended = endingOf();
        error = null;
      });
    },
    setSettings(next) {
      settings = { ...next };
      emit();
    },
    setMaxNewTokens(value) {
      const problem = checkMaxNewTokens(value, engine.contextWindow);
      if (problem) throw new Error(problem);
      maxNewTokens = value;
      if (!ended || ended.reason === 'max-new-tokens') ended = endingOf();
      emit();
    },
    setPrompt(ids) {
      playing = false;
      return exclusive(() => {
        prompt = [...ids];
        steps = [];
        logits = null;
        current = null;
        rebuildText();
        ended = null;
        error = checkPromptFits(prompt.length, engine.contextWindow);
        timings = { prefill: null, firstTokenMs: null, decode: { tokens: 0, ms: 0 } };
      });
    },
  };
  return controller;
}

/** Decode speed since the last prefill, or null before the second token. */
export function tokensPerSecond(timings: GenerationTimings): number | null {
  const { tokens, ms } = timings.decode;
  return tokens > 0 && ms > 0 ? (1000 * tokens) / ms : null;
}
