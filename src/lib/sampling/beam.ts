/**
 * Greedy search and beam search: the two ways of choosing a reply that do not
 * draw at random, to compare with sampling on the same prompt. Pure: the
 * model is an async scorer, `score(ids)` → the logits for the position after
 * `ids`, so a test can hand in a table and the loop hands in its engine
 * (`cachedScorer`).
 *
 * Semantics (Hugging Face's `generate(num_beams=width, length_penalty=0,
 * early_stopping=True)`, which is what the chapter quotes):
 * - A hypothesis's score is the plain sum of its tokens' log-probabilities,
 *   log-softmax of the raw logits at temperature 1: no length penalty, no
 *   sampling settings, so every reply is measured on the model's own scale.
 * - Each round, every live beam is scored once; of all (beam, token)
 *   extensions the best `2 × width` are ranked (higher score first, ties to
 *   the lower token id, then the earlier beam). Walking that ranking, an
 *   extension ending in a stop id is a finished reply (only if it ranks in the
 *   first `width`, as in Hugging Face), the others become the next round's
 *   beams until there are `width` of them.
 * - The search ends as soon as `width` replies are finished, or after
 *   `maxNewTokens` rounds; then the beams still live count as replies too,
 *   and the best `width` of all are returned, best first. The stop id is part
 *   of a finished reply, and its log-probability is in the score.
 * - Width 1 is greedy search: the top token each time.
 */
import { echoNumber, quoteTyped } from '../core/format';
import { logSumExp } from './pipeline';

/** The logits for the position after `ids` (the prompt and a hypothesis's tokens). */
export type Scorer = (ids: readonly number[]) => Promise<Float32Array>;

export interface SearchToken {
  readonly id: number;
  /** Natural-log probability under the model's own softmax at temperature 1. */
  readonly logProb: number;
}

export interface Hypothesis {
  readonly tokens: readonly SearchToken[];
  /** Sum of the tokens' log-probabilities: the sequence's log-probability given the prompt. */
  readonly score: number;
  /** Whether it ended with a stop id (otherwise the limit on new tokens ended it). */
  readonly finished: boolean;
}

export interface SearchProgress {
  /** Rounds done (one token longer each). */
  readonly round: number;
  readonly maxNewTokens: number;
  /** Replies finished with a stop id so far. */
  readonly finished: number;
  /** Calls to the scorer so far. */
  readonly scored: number;
}

/** Anything with an `aborted` flag: an AbortSignal, or a plain object in a test. */
export interface CancelFlag {
  readonly aborted: boolean;
}

export interface SearchOptions {
  maxNewTokens: number;
  stopIds: readonly number[];
  /** Checked before every scorer call; once set, the search returns `cancelled` and no replies. */
  signal?: CancelFlag;
  onProgress?: (progress: SearchProgress) => void;
}

export interface BeamOptions extends SearchOptions {
  /** Beams kept each round (the panel allows 2 to 4; 1 is greedy search). */
  width: number;
}

export interface SearchResult {
  /** Best first; empty when cancelled. */
  readonly hypotheses: readonly Hypothesis[];
  readonly cancelled: boolean;
  readonly rounds: number;
  /** Calls to the scorer. */
  readonly scored: number;
}

/** The smallest beam width the panel offers, and the largest (each beam costs one model call per token). */
export const MIN_BEAM_WIDTH = 2;
export const MAX_BEAM_WIDTH = 4;

interface Beam {
  tokens: SearchToken[];
  score: number;
}

/** The `count` best (logProb, id) pairs of one distribution: higher first, ties to the lower id. */
function bestTokens(logits: Float32Array, count: number): SearchToken[] {
  const norm = logSumExp(logits);
  const best: SearchToken[] = [];
  for (let id = 0; id < logits.length; id++) {
    const logProb = logits[id]! - norm;
    if (logProb === -Infinity) continue;
    if (best.length === count && logProb <= best[count - 1]!.logProb) continue;
    // Insert after every entry that is at least as good: equal scores keep the lower id first.
    let at = best.length;
    while (at > 0 && best[at - 1]!.logProb < logProb) at--;
    best.splice(at, 0, { id, logProb });
    if (best.length > count) best.pop();
  }
  return best;
}

function checkOptions(options: SearchOptions, width: number): void {
  if (!Number.isInteger(width) || width < 1)
    throw new Error(`A beam width must be a whole number from 1; ${width} is not.`);
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 1)
    throw new Error(`The limit on new tokens must be a whole number from 1; ${options.maxNewTokens} is not.`);
}

/** Beam search as described at the top of this file. */
export async function beamSearch(
  score: Scorer,
  prompt: readonly number[],
  options: BeamOptions,
): Promise<SearchResult> {
  const { width, maxNewTokens, stopIds, signal, onProgress } = options;
  checkOptions(options, width);
  const stops = new Set(stopIds);
  let beams: Beam[] = [{ tokens: [], score: 0 }];
  const finished: Hypothesis[] = [];
  let scored = 0;
  let rounds = 0;
  const cancelled = (): SearchResult => ({ hypotheses: [], cancelled: true, rounds, scored });
  while (rounds < maxNewTokens && finished.length < width) {
    const extensions: { beam: number; token: SearchToken; score: number }[] = [];
    for (const [index, beam] of beams.entries()) {
      if (signal?.aborted) return cancelled();
      const logits = await score([...prompt, ...beam.tokens.map((token) => token.id)]);
      scored++;
      // A beam's best 2 × width tokens are all that can reach the round's best 2 × width.
      for (const token of bestTokens(logits, 2 * width))
        extensions.push({ beam: index, token, score: beam.score + token.logProb });
    }
    extensions.sort((a, b) => b.score - a.score || a.token.id - b.token.id || a.beam - b.beam);
    const next: Beam[] = [];
    for (const [rank, extension] of extensions.slice(0, 2 * width).entries()) {
      const tokens = [...beams[extension.beam]!.tokens, extension.token];
      if (stops.has(extension.token.id)) {
        if (rank < width) finished.push({ tokens, score: extension.score, finished: true });
      } else next.push({ tokens, score: extension.score });
      if (next.length === width) break;
    }
    rounds++;
    beams = next;
    onProgress?.({ round: rounds, maxNewTokens, finished: finished.length, scored });
    if (beams.length === 0) break;
  }
  if (signal?.aborted) return cancelled();
  const all: Hypothesis[] = [
    ...finished,
    ...beams.map((beam) => ({ tokens: beam.tokens, score: beam.score, finished: false })),
  ];
  // Stable sort: among equal scores, finished replies (found first) stay ahead.
  all.sort((a, b) => b.score - a.score);
  return { hypotheses: all.slice(0, width), cancelled: false, rounds, scored };
}

/** Greedy search: the top token each time (ties to the lower id), until a stop id or the limit. */
export async function greedySearch(
  score: Scorer,
  prompt: readonly number[],
  options: SearchOptions,
): Promise<SearchResult> {
  const { maxNewTokens, stopIds, signal, onProgress } = options;
  checkOptions(options, 1);
  const tokens: SearchToken[] = [];
  let total = 0;
  let finished = false;
  while (tokens.length < maxNewTokens && !finished) {
    if (signal?.aborted)
      return { hypotheses: [], cancelled: true, rounds: tokens.length, scored: tokens.length };
    const [top] = bestTokens(await score([...prompt, ...tokens.map((token) => token.id)]), 1);
    if (!top) throw new Error('Every token is masked (score −∞): there is nothing to pick.');
    tokens.push(top);
    total += top.logProb;
    finished = stopIds.includes(top.id);
    onProgress?.({ round: tokens.length, maxNewTokens, finished: finished ? 1 : 0, scored: tokens.length });
  }
  return {
    hypotheses: [{ tokens, score: total, finished }],
    cancelled: false,
    rounds: tokens.length,
    scored: tokens.length,
  };
}

/** The two calls of an engine a scorer needs (src/lib/llm/engine.ts). */
export interface Readable {
  prefill(ids: readonly number[]): Promise<Float32Array>;
  step(id: number): Promise<Float32Array>;
}

/**
 * A scorer on an engine that keeps a cache: when `ids` is what the engine
 * read last plus one token, one decode step (`step`) instead of reading it
 * all again (`prefill`). Greedy search then costs one prefill and one step a
 * token; beam search saves a prefill whenever a beam extends the one scored
 * just before it. `read()` says what the engine holds afterwards.
 */
export function cachedScorer(engine: Readable): Scorer & { read(): readonly number[] | null } {
  let read: number[] | null = null;
  const extendsRead = (ids: readonly number[]) =>
    read !== null && ids.length === read.length + 1 && read.every((id, i) => ids[i] === id);
  const scorer = async (ids: readonly number[]) => {
    const reuse = extendsRead(ids);
    // Forget what was read before the call: if it throws, the cache's contents are unknown.
    read = null;
    const logits = reuse ? await engine.step(ids.at(-1)!) : await engine.prefill(ids);
    read = [...ids];
    return logits;
  };
  return Object.assign(scorer, { read: () => read });
}

export type ParsedBeamWidth = { ok: true; value: number } | { ok: false; error: string };

/** The beam width from what the reader typed, or the message to show beside the box (what was typed is kept there). */
export function parseBeamWidth(text: string): ParsedBeamWidth {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a beam width.' };
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed))
    return { ok: false, error: `${quoteTyped(trimmed)} is not a number, so it cannot be the beam width.` };
  const value = Number(trimmed);
  const shown = echoNumber(value, trimmed);
  if (!Number.isInteger(value))
    return { ok: false, error: `The beam width must be a whole number of beams; ${shown} is not.` };
  if (value < MIN_BEAM_WIDTH || value > MAX_BEAM_WIDTH)
    return {
      ok: false,
      error: `Beam width ${shown} is out of range: use a whole number from ${MIN_BEAM_WIDTH} to ${MAX_BEAM_WIDTH} (each beam costs one model call per token; width 1 is greedy search).`,
    };
  return { ok: true, value };
}
