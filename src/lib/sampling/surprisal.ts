/**
 * How surprised a model is by a text: for each token, the probability the
 * model gave it from everything before it, its surprisal in bits
 * (−log2 p), and over the whole text the cross-entropy (the mean surprisal,
 * the loss a language model is trained to lower) and the perplexity
 * (2 to that power: the number of equally likely choices that would be as
 * surprising).
 *
 * The math is done in float64 from the logits at temperature 1, through a
 * log-sum-exp that subtracts the largest score first, so that logits of any
 * size (a model's raw scores reach the hundreds) never overflow `exp`. The
 * runner feeds the engine the way the generation chapters do (`prefill`
 * with the start, then one `step` per token), so the scores are exactly the
 * ones those chapters sample from.
 */
import type { Engine } from '../llm/engine';
import { checkLogits } from './pipeline';

/** The most tokens one run scores: a page of text (2,000 characters is about 550), done in seconds on a phone. */
export const MAX_SCORED_TOKENS = 1_024;

/** One token's score. */
export interface TokenScore {
  id: number;
  /** softmax(logits)[id], 0 to 1. */
  probability: number;
  /** −log2 probability; Infinity where the model ruled the token out (logit −∞). */
  bits: number;
  /** 1 for the model's top choice; tokens with equal scores share the better rank. */
  rank: number;
}

/** A whole text's score. */
export interface SurprisalSummary {
  /** Tokens scored. */
  tokens: number;
  /** Sum of every token's surprisal, in bits. */
  totalBits: number;
  /** Cross-entropy: the mean surprisal per token, in bits, and in nats (bits × ln 2). */
  bitsPerToken: number;
  natsPerToken: number;
  /** 2^bitsPerToken: Infinity if any token had probability 0. */
  perplexity: number;
  /** Positions (0-based, among the scored tokens) the model gave probability 0. */
  impossible: number[];
}

/**
 * The score of token `id` under `logits`. A NaN or +∞ score (a broken
 * model, not a confident one) is refused by the sampling pipeline's own
 * check, naming the position, as is an id outside the vocabulary; a −∞
 * score is the model ruling a token out, and gives probability 0.
 */
export function scoreToken(logits: ArrayLike<number>, id: number): TokenScore {
  const { maxLogit } = checkLogits(logits);
  if (!Number.isInteger(id) || id < 0 || id >= logits.length)
    throw new Error(`Token id ${id} is outside the model’s ${logits.length.toLocaleString('en')} scores.`);
  const logit = logits[id]!;
  let rank = 1;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    if (logits[i]! > logit) rank++;
    sum += Math.exp(logits[i]! - maxLogit);
  }
  if (logit === -Infinity) return { id, probability: 0, bits: Infinity, rank };
  // −log p = log-sum-exp − logit, written as (max − logit) + log(sum): the large terms cancel first, so a
  // score near float32's limit (3e38, where adding log(sum) to the max would be lost) keeps its digits.
  const nats = maxLogit - logit + Math.log(sum);
  return { id, probability: Math.exp(-nats), bits: nats / Math.LN2, rank };
}

/** The cross-entropy and perplexity of scored tokens; an empty list has none (NaN), not zero. */
export function summarise(scores: readonly TokenScore[]): SurprisalSummary {
  let totalBits = 0;
  const impossible: number[] = [];
  scores.forEach((score, position) => {
    totalBits += score.bits;
    if (score.bits === Infinity) impossible.push(position);
  });
  const bitsPerToken = scores.length === 0 ? NaN : totalBits / scores.length;
  return {
    tokens: scores.length,
    totalBits,
    bitsPerToken,
    natsPerToken: bitsPerToken * Math.LN2,
    perplexity: 2 ** bitsPerToken,
    impossible,
  };
}

/** What a run will score: the ids it reads and what it leaves out, and how. */
export interface ScoringPlan {
  /** The start token (the model's context before token 1) and the tokens to score after it. */
  ids: number[];
  /** Tokens of the text past the limit, not scored. */
  leftOut: number;
  /** The most tokens a run scores (MAX_SCORED_TOKENS): a limit of time, not of the model. */
  limit: number;
  /**
   * The positions the engine holds at once. When the text is longer, the
   * scoring slides: past the window each token is scored from the start
   * token and the `window / 2` tokens before it at least (see scoreIds).
   */
  window: number;
  /** Whether the text is longer than the window, so the scoring slides. */
  slides: boolean;
}

/** Caps `ids` (start token first) at MAX_SCORED_TOKENS scored tokens; longer than the window, the scoring slides. */
export function planScoring(ids: readonly number[], contextWindow: number): ScoringPlan {
  const text = Math.max(0, ids.length - 1);
  const scored = Math.min(text, MAX_SCORED_TOKENS);
  return {
    ids: ids.slice(0, 1 + scored),
    leftOut: text - scored,
    limit: MAX_SCORED_TOKENS,
    window: contextWindow,
    // The start token and every scored token but the last are read: 1 + scored − 1 positions.
    slides: scored > contextWindow,
  };
}

/** One sentence on a token the model ruled out, so an infinite perplexity never goes unexplained. */
export function impossibleNote(summary: SurprisalSummary): string | null {
  const count = summary.impossible.length;
  if (count === 0) return null;
  const where = summary.impossible.map((position) => position + 1).join(', ');
  return `The model gave ${count === 1 ? `token ${where}` : `tokens ${where}`} a probability of exactly 0 (a score of −∞), so its surprisal is infinite, and so are the cross-entropy and the perplexity.`;
}

export interface ScoreOptions {
  /** Aborting stops the run after the engine call in flight; the run then resolves to null. */
  signal?: AbortSignal;
  /** Tokens scored so far, of `total`. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** The most positions the engine holds (its context window); unlimited when left out. */
  positions?: number | undefined;
}

/**
 * Scores `ids[1..]` on `engine`: `prefill([ids[0]])` gives the scores for
 * token 1, then `step(ids[i])` the scores for token i + 1. The last token is
 * scored but never fed. Null if aborted; an engine failure rejects.
 *
 * A text longer than the engine's `positions` is scored with a sliding window
 * (the strided evaluation Hugging Face's perplexity guide describes): when
 * the engine is full, it starts over on the start token and the last
 * `positions / 2` tokens it read, so every token keeps at least that much of
 * what came before it, and each restart costs one prefill.
 */
export async function scoreIds(
  engine: Pick<Engine, 'prefill' | 'step'>,
  ids: readonly number[],
  { signal, onProgress, positions = Infinity }: ScoreOptions = {},
): Promise<TokenScore[] | null> {
  const scores: TokenScore[] = [];
  const total = ids.length - 1;
  if (total <= 0) return scores;
  if (!(positions >= 2)) throw new Error(`A model that holds ${positions} positions cannot score a text.`);
  const keep = Math.max(1, Math.floor(positions / 2));
  let logits = await engine.prefill([ids[0]!]);
  let held = 1;
  for (let i = 1; i <= total; i++) {
    if (signal?.aborted) return null;
    scores.push(scoreToken(logits, ids[i]!));
    onProgress?.(i, total);
    if (i === total) break;
    if (held < positions) {
      logits = await engine.step(ids[i]!);
      held++;
    } else {
      const context = [ids[0]!, ...ids.slice(i + 1 - keep, i + 1)];
      logits = await engine.prefill(context);
      held = context.length;
    }
  }
  return signal?.aborted ? null : scores;
}

/**
 * Runs one scoring at a time and only the newest: starting a run aborts the
 * one before, and waits for it to stop (it stops after its engine call in
 * flight) before touching the engine, so two runs never share an engine's
 * cache. A superseded run resolves to null.
 */
export function createLatestScorer() {
  let current: { controller: AbortController; done: Promise<unknown> } | null = null;
  return {
    run(
      engine: Pick<Engine, 'prefill' | 'step'>,
      ids: readonly number[],
      onProgress?: ScoreOptions['onProgress'],
      positions?: number,
    ): Promise<TokenScore[] | null> {
      const previous = current;
      previous?.controller.abort();
      const controller = new AbortController();
      const run = (async () => {
        await previous?.done;
        if (controller.signal.aborted) return null;
        return scoreIds(engine, ids, { signal: controller.signal, onProgress, positions });
      })();
      current = { controller, done: run.catch(() => null) };
      return run;
    },
    /** Stops the run in flight, if any (a new text, a new engine, the panel leaving the page). */
    cancel() {
      current?.controller.abort();
    },
  };
}
