/**
 * The words and numbers the branch list shows, in one place and unit-tested,
 * so the panel only places them. Probabilities here are the model's own
 * (softmax at temperature 1, no filter), the scale every branch is compared on.
 */
import { formatCount } from '../core/format';
import type { BranchNode, BranchToken, SequenceScore } from './branches';
import { formatProbability } from './describe';

/** A log-probability with two decimals and a real minus sign: `−12.34`. */
export function formatLogProb(value: number): string {
  return value === -Infinity ? '−∞' : value.toFixed(2).replace('-', '−');
}

/** "Branch 3" and, for a search's reply, what found it: "Branch 3, beam 1 of 2". */
export function branchName(node: BranchNode<BranchToken>): string {
  return `Branch ${node.number}${node.branch.label ? `, ${node.branch.label}` : ''}`;
}

/** The branch's sequence log-probability and its mean per token, or why it is unknown. */
export function describeScore(score: SequenceScore | null, tokens: number): string {
  if (!score)
    return tokens === 0
      ? 'No tokens yet.'
      : 'Log-probability unknown: a forced token’s score was not at hand.';
  return `${formatCount(score.tokens, 'token')}, log-probability ${formatLogProb(score.logProb)} (mean ${formatLogProb(score.meanLogProb)} per token).`;
}

/** One token's probability under the model, as the chip's title and the table show it. */
export function tokenProbability(token: BranchToken): string {
  return token.modelLogProb === null ? 'unknown' : formatProbability(Math.exp(token.modelLogProb));
}

/**
 * The shade of a token's chip, 0 (likely) to 4 (unlikely), by its model
 * probability: at least 50%, 10%, 1%, 0.1%, below. Null when unknown.
 */
export function probabilityBand(token: BranchToken): number | null {
  if (token.modelLogProb === null) return null;
  const p = Math.exp(token.modelLogProb);
  return p >= 0.5 ? 0 : p >= 0.1 ? 1 : p >= 0.01 ? 2 : p >= 0.001 ? 3 : 4;
}
