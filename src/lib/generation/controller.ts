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
 *
 * Greedy and beam search (src/lib/sampling/beam.ts) are actions like a step:
 * one at a time, so a search never runs beside Play; each starts from the
 * prompt, and its replies join the branch tree without changing the reply
 * on screen.
 */
import type { Engine } from '../llm/engine';
import { beamSearch, cachedScorer, greedySearch, type Scorer, type SearchResult } from '../sampling/beam';
import { sampleNext, type SamplingStep } from '../sampling/pipeline';
import { SEED_SAMPLING, type SamplingSettings } from '../sampling/settings';
import { checkPromptFits } from '../sampling/stop';
import { seedState } from '../core/random';
import { formatCount } from '../core/format';
import { branchTree, type BranchNode } from './branches';
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
  playedStep,
  PLAY_START,
  reopened,
  resampled,
  rewound,
  scored,
  scoresOfNewest,
  searched,
  searchedStep,
  searchPosition,
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
  type PlayRun,
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
  /** Every reply tried on this prompt, as a tree (branches.ts); the current one is marked. */
  branches: readonly BranchNode<StepRecord>[];
  /** The search running now, with its progress; null when none runs. */
  search: SearchProgressView | null;
  /** What the last search found, or why it found nothing; null before one. */
  searchNote: string | null;
}

export type SearchRequest = { kind: 'greedy' } | { kind: 'beam'; width: number };

export interface SearchProgressView {
  /** "Greedy search" or "Beam search (width 3)". */
  name: string;
  /** Tokens each hypothesis has so far, and the most it may have. */
  round: number;
  limit: number;
  /** Replies ended with a stop id so far. */
  finished: number;
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
  /** Starts over on a new prompt: every step and branch is dropped and the next step prefills. */
  setPrompt(ids: readonly number[]): Promise<void>;
  /** Makes branch `key` the reply; the next step continues from it. */
  reopen(key: number): Promise<void>;
  /** Runs greedy or beam search from the prompt and adds its replies as branches; the reply on screen stays. */
  search(request: SearchRequest): Promise<void>;
  /** Ends the search in progress (or one waiting to start) before its next model call; it adds nothing. */
  cancelSearch(): void;
}

const searchName = (request: SearchRequest) =>
  request.kind === 'greedy' ? 'Greedy search' : `Beam search (width ${request.width})`;

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
  let searching: SearchProgressView | null = null;
  let searchNote: string | null = null;
  /** Set by cancelSearch; each search gets its own, so a cancel never reaches a later search. */
  let cancelFlag: { aborted: boolean } | null = null;
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
    branches: branchTree(state.branches),
    search: searching,
    searchNote,
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

  /**
   * One search from the prompt on the engine. Every scored position is kept
   * as a record (the candidates a greedy pick would show there), so the
   * replies found can be re-opened and read step by step like any other.
   */
  async function searchNow(request: SearchRequest, flag: { aborted: boolean }): Promise<void> {
    const name = searchName(request);
    const prompt = state.prompt;
    const problem = checkPromptFits(prompt.length, context.contextWindow);
    if (problem) {
      searchNote = `${name} did not run: ${problem}`;
      return;
    }
    const limit = Math.min(state.maxNewTokens, context.contextWindow - prompt.length);
    // The model's raw top token at each position: no setting of the reader's moves a search.
    const greedy: SamplingSettings = { ...SEED_SAMPLING, temperature: 0, seed: state.settings.seed };
    const engineScorer = cachedScorer(engine);
    const positions = new Map<string, StepRecord>();
    const score: Scorer = async (ids) => {
      const read = engineScorer.read();
      const started = now();
      const logits = await engineScorer(ids);
      const source = read !== null && read.length + 1 === ids.length ? 'decode' : 'prefill';
      const reply = ids.slice(prompt.length);
      const picked = sampleNext(logits, greedy, seedState(greedy.seed));
      positions.set(
        reply.join(' '),
        searchPosition(state, context, reply.length, picked, { source, engineMs: now() - started }),
      );
      return logits;
    };
    searching = { name, round: 0, limit, finished: 0 };
    emit();
    const searchOptions = {
      maxNewTokens: limit,
      stopIds: context.stopIds,
      signal: flag,
      onProgress: ({ round, finished }: { round: number; finished: number }) => {
        searching = { name, round, limit, finished };
        emit();
      },
    };
    let result: SearchResult;
    try {
      result =
        request.kind === 'greedy'
          ? await greedySearch(score, prompt, searchOptions)
          : await beamSearch(score, prompt, { ...searchOptions, width: request.width });
    } catch (cause) {
      state = engineFailed(state, cause);
      searchNote = `${name} stopped: ${messageOf(cause)}`;
      return;
    } finally {
      searching = null;
    }
    const found = result.hypotheses.map((hypothesis, rank) => ({
      label: request.kind === 'greedy' ? 'greedy' : `beam ${rank + 1} of ${request.width}`,
      tokens: hypothesis.tokens.map((token, index) =>
        searchedStep(
          positions.get(
            hypothesis.tokens
              .slice(0, index)
              .map((earlier) => earlier.id)
              .join(' '),
          )!,
          token.id,
          token.logProb,
          request.kind === 'greedy' ? 'greedy search' : 'beam search',
        ),
      ),
    }));
    state = searched(state, context, found);
    searchNote = result.cancelled
      ? `${name} cancelled after ${formatCount(result.rounds, 'token')}; it added no branch.`
      : `${name} called the model ${formatCount(result.scored, 'time')} and added ${formatCount(found.length, 'branch', 'branches')}, best first.`;
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
      let run = PLAY_START;
      while (playing) {
        const added = await exclusive(stepNow);
        if (added) {
          // What the reader saw: tokens per wall-clock second, the page's time between steps included.
          run = playedStep(run, added, now() - started);
          state = played(state, run);
        }
        if (!added || state.ended) break;
        if (playing) await betweenSteps();
      }
      playing = false;
      state = played(state, { ...run, running: false });
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
        searchNote = null;
      });
    },
    reopen(key) {
      playing = false;
      return exclusive(() => {
        // A stale Open (its branch dropped meanwhile) is a message, not a crash.
        try {
          state = reopened(state, context, key);
        } catch (cause) {
          state = failed(state, messageOf(cause));
        }
      });
    },
    search(request) {
      playing = false;
      const flag = { aborted: false };
      cancelFlag = flag;
      return exclusive(() => searchNow(request, flag));
    },
    cancelSearch() {
      if (cancelFlag) cancelFlag.aborted = true;
    },
  };
}
