/**
 * The generation loop's runner: prefill the prompt, sample a token, append
 * it, go again. Both chapters drive it ("One token" runs one step and
 * re-samples as the reader turns the knobs; "The loop" steps, plays, forces
 * and rewinds), and the unit tests run it on the in-page models.
 *
 * What the state is and how each action changes it is in state.ts, as pure
 * functions. This file does what they cannot: call the engine, read the
 * clock, run one action at a time in call order (a click during a step
 * waits for it), and tell subscribers about every change.
 */
import type { Engine } from '../llm/engine';
import { sampleNext, type SamplingStep } from '../sampling/pipeline';
import type { SamplingSettings } from '../sampling/settings';
import type { Decoding } from '../tokenizer/stream-decode';
import {
  appended,
  contextBefore,
  engineFailed,
  failed,
  forced,
  initialState,
  nextCall,
  played,
  resampled,
  rewound,
  scored,
  scoresOfNewest,
  settingsProblem,
  stateFor,
  stopped,
  withMaxNewTokens,
  withPrompt,
  withSettings,
  type Ending,
  type GenerationContext,
  type GenerationState,
  type GenerationTimings,
  type StepRecord,
} from './state';

export {
  tokensPerSecond,
  type Ending,
  type GenerationTimings,
  type LogitsSource,
  type StepRecord,
} from './state';

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
  /** The pipeline's full result for the newest token, while its scores are at hand (every score, every stage). */
  newest: SamplingStep | null;
}

export interface GenerationOptions {
  engine: Engine;
  prompt: readonly number[];
  settings: SamplingSettings;
  maxNewTokens: number;
  /** How ids become text (see `decoding` in stream-decode.ts); the text stays empty without it. */
  decoding?: Decoding;
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

const messageOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

export function createGenerationController(options: GenerationOptions): GenerationController {
  const { engine, candidateCount = 15, now = () => performance.now() } = options;
  const betweenSteps = options.betweenSteps ?? (() => Promise.resolve());
  const context: GenerationContext = {
    stopIds: engine.stopIds,
    contextWindow: engine.contextWindow,
    vocabSize: engine.vocabSize,
    decoding: options.decoding ?? null,
    candidateCount,
  };
  let state: GenerationState = initialState(options.prompt, options.settings, options.maxNewTokens);
  let busy = 0;
  let playing = false;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(view: GenerationView) => void>();

  const view = (): GenerationView => ({
    promptLength: state.prompt.length,
    steps: state.steps,
    text: state.decoded.text,
    heldBytes: state.decoded.held.length,
    busy: busy > 0,
    playing,
    ended: state.ended,
    error: state.error,
    timings: state.timings,
    newest: state.scores && state.scores.at === state.steps.length - 1 ? state.scores.picked : null,
  });
  const emit = () => {
    const snapshot = view();
    for (const listener of listeners) listener(snapshot);
  };

  /** Runs tasks one at a time, in call order. */
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

  /** Runs the pipeline on `logits`, timed; the reason instead if it throws. */
  const pick = (logits: Float32Array, index: number): { picked: SamplingStep; ms: number } | string => {
    const started = now();
    try {
      const picked = sampleNext(logits, state.settings, stateFor(state, index), {
        ids: contextBefore(state, index),
        replyFrom: state.prompt.length,
      });
      return { picked, ms: now() - started };
    } catch (cause) {
      return messageOf(cause);
    }
  };

  async function stepNow(): Promise<StepRecord | null> {
    const { problem, call } = nextCall(state, context);
    if (problem) state = failed(state, problem);
    if (!call) return null;
    const started = now();
    let logits: Float32Array;
    try {
      if (call.kind === 'decode') logits = await engine.step(call.id);
      else if (call.kind === 'prefill') logits = await engine.prefill(call.ids);
      else logits = call.logits;
    } catch (cause) {
      state = engineFailed(state, cause);
      return null;
    }
    const engineMs = now() - started;
    state = scored(state, call, logits, engineMs);
    const result = pick(logits, state.steps.length);
    if (typeof result === 'string') {
      state = failed(state, result);
      return null;
    }
    state = appended(state, context, result.picked, { source: call.kind, engineMs, samplingMs: result.ms });
    return state.steps.at(-1)!;
  }

  return {
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
      const started = now();
      let count = 0;
      while (playing) {
        const added = await exclusive(stepNow);
        if (added) count++;
        if (!added || state.ended) break;
        if (playing) await betweenSteps();
      }
      playing = false;
      // What the reader saw: tokens per wall-clock second, the waits between steps included.
      state = played(state, count, now() - started);
      emit();
    },
    pause() {
      playing = false;
      emit();
    },
    stop() {
      playing = false;
      return exclusive(() => {
        state = stopped(state);
      });
    },
    rewind(keep) {
      playing = false;
      return exclusive(() => {
        state = rewound(state, context, keep);
      });
    },
    force(index, id) {
      playing = false;
      return exclusive(() => {
        state = forced(state, context, index, id);
      });
    },
    resample() {
      return exclusive(() => {
        const logits = scoresOfNewest(state);
        if (!logits) return;
        const problem = settingsProblem(state, context);
        if (problem) {
          state = failed(state, problem);
          return;
        }
        const result = pick(logits, state.steps.length - 1);
        state =
          typeof result === 'string'
            ? failed(state, result)
            : resampled(state, context, result.picked, result.ms);
      });
    },
    setSettings(next) {
      state = withSettings(state, next);
      emit();
    },
    setMaxNewTokens(value) {
      state = withMaxNewTokens(state, context, value);
      emit();
    },
    setPrompt(ids) {
      playing = false;
      return exclusive(() => {
        state = withPrompt(state, context, ids);
      });
    },
  };
}
