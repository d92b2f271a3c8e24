/**
 * The numbers and sentences the surprisal panel shows, in one place and
 * unit-tested, so the panel only places them.
 */
import { formatCount } from '../core/format';
import { formatProbability } from '../generation/describe';
import type { ScoringPlan, SurprisalSummary, TokenScore } from './surprisal';

/** Bits with two decimals (`2.00`, `0.42`), `∞` for a token the model ruled out. */
export function formatBits(bits: number): string {
  return bits === Infinity ? '∞' : bits.toFixed(2);
}

/** A perplexity as the summary prints it: two decimals below 10, one below 100, whole numbers above. */
export function formatPerplexity(perplexity: number): string {
  if (perplexity === Infinity) return '∞';
  if (perplexity < 10) return perplexity.toFixed(2);
  if (perplexity < 100) return perplexity.toFixed(1);
  return formatCount(Math.round(perplexity));
}

/**
 * The colour step of a token, 0 (expected) to 4 (very surprising), by its
 * probability: at least 1/2, 1/10, 1/100, 1/1,000, and below. Each step is
 * also written in the legend, so the colour is never the only mark.
 */
export const SURPRISAL_STEPS = [
  { atLeast: 0.5, label: '50% or more' },
  { atLeast: 0.1, label: '10% to 50%' },
  { atLeast: 0.01, label: '1% to 10%' },
  { atLeast: 0.001, label: '0.1% to 1%' },
  { atLeast: 0, label: 'under 0.1%' },
] as const;

export function surprisalStep(probability: number): number {
  const step = SURPRISAL_STEPS.findIndex(({ atLeast }) => probability >= atLeast);
  return step === -1 || probability === 0 ? SURPRISAL_STEPS.length - 1 : step;
}

/** One token's numbers in words: the chip's tooltip and its accessible name. */
export function describeScore(score: TokenScore, position: number, piece: string): string {
  return `Token ${position + 1}, ${piece} (id ${score.id}): probability ${formatProbability(score.probability)}, ${formatBits(score.bits)} bits, rank ${formatCount(score.rank)}`;
}

/** The summary line: tokens, total bits, cross-entropy in bits and nats per token, perplexity. */
export function summaryLine(summary: SurprisalSummary): string {
  if (summary.tokens === 0) return 'Nothing to score: the text has no tokens after the start marker.';
  const { bitsPerToken, natsPerToken, perplexity, totalBits } = summary;
  return `${formatCount(summary.tokens, 'token')}, ${formatBits(totalBits)} bits in all. Cross-entropy: ${formatBits(bitsPerToken)} bits per token (${formatBits(natsPerToken)} nats). Perplexity: ${formatPerplexity(perplexity)}.`;
}

/** What was scored, how, and what was left out, when the text was longer than one run scores or the model holds. */
export function scopeNote(plan: ScoringPlan, engineLabel: string): string | null {
  const notes: string[] = [];
  if (plan.slides)
    notes.push(
      `${engineLabel} holds ${formatCount(plan.window, 'position')} at once, fewer than your text has, so the scoring slides: whenever the model is full it starts again from the start token and the last ${formatCount(Math.floor(plan.window / 2), 'token')}, so every token is scored with at least that much of what came before it.`,
    );
  if (plan.leftOut > 0)
    notes.push(
      `Only the first ${formatCount(plan.limit, 'token')} were scored, so that a run ends in seconds; the other ${formatCount(plan.leftOut, 'token')} of your text ${plan.leftOut === 1 ? 'was' : 'were'} left out of every number here.`,
    );
  return notes.length > 0 ? notes.join(' ') : null;
}

/**
 * The pocket model against the same model before training, on the same
 * text, once both have scored it; otherwise what to expect from the other.
 * Random weights do worse than even guessing (a perplexity of the
 * vocabulary's size): their scores are spread widely, so each token is
 * picked out confidently and at random, and the right one is mostly among
 * the losers.
 */
export function comparisonLine(
  trained: SurprisalSummary | null,
  untrained: SurprisalSummary | null,
  vocabSize: number,
): string {
  const size = formatCount(vocabSize);
  if (trained && untrained && trained.tokens > 0 && untrained.tokens > 0) {
    const times = untrained.perplexity / trained.perplexity;
    const factor = Number.isFinite(times) ? ` about ${formatCount(Math.round(times))} times` : '';
    const side =
      untrained.perplexity > vocabSize
        ? `worse than the ${size} of a model that spreads its probability evenly over all ${size} tokens`
        : `close to the ${size} of a model that spreads its probability evenly`;
    return `On this text the pocket model’s perplexity is ${formatPerplexity(trained.perplexity)}; before training it was ${formatPerplexity(untrained.perplexity)}, ${side}. Training made the text${factor} less surprising.`;
  }
  return `A model that spreads its probability evenly over all ${size} tokens has a perplexity of exactly ${size}. Score the same text with the pocket model and with the model before training to compare them.`;
}

/** The status line while a run goes on, and after it. */
export function scoringStatus(done: number, total: number): string {
  return `Scoring: ${formatCount(done)} of ${formatCount(total, 'token')}…`;
}
