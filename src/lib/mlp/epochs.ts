/**
 * What a training run reports after each epoch, and how the panels write
 * those numbers. No TensorFlow.js here: the main thread imports this file.
 */
import { formatPercent } from '../core/format';

export interface EpochReport {
  /** 1 for the first epoch. */
  epoch: number;
  epochs: number;
  /** Mean cross-entropy over the epoch's examples, as the seed prints it. */
  loss: number;
  /** Held-out accuracy after the epoch (0 to 1), when the run evaluates one. */
  accuracy?: number;
  /** Seconds since the run started. */
  seconds: number;
}

/** A loss with three significant figures: 2.34, 0.330, 0.0200. */
export const formatLoss = (loss: number) => loss.toPrecision(3);

export const formatSeconds = (seconds: number) =>
  `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;

/** One sentence that says what the loss (and accuracy) chart shows, for its text alternative. */
export function chartSummary(epochs: readonly EpochReport[], withAccuracy: boolean): string {
  const first = epochs[0];
  const last = epochs.at(-1);
  if (!first || !last) return 'No epochs yet.';
  const loss =
    epochs.length === 1
      ? `Loss after epoch 1: ${formatLoss(first.loss)}.`
      : `Loss per epoch, from ${formatLoss(first.loss)} at epoch 1 to ${formatLoss(last.loss)} at epoch ${last.epoch}.`;
  if (!withAccuracy || last.accuracy === undefined) return loss;
  return `${loss} Held-out accuracy ${formatPercent(first.accuracy ?? 0, 1)} after epoch 1, ${formatPercent(last.accuracy, 1)} after epoch ${last.epoch}.`;
}

/**
 * A warning when the loss shows the steps are too big: it is no longer a
 * number (the parameters overflowed), or it ended above where it started.
 */
export function divergenceNote(epochs: readonly EpochReport[]): string | null {
  const first = epochs[0];
  const last = epochs.at(-1);
  if (!first || !last) return null;
  if (!Number.isFinite(last.loss)) {
    return 'The loss is no longer a number: each step overshot so far that the parameters overflowed. Lower the learning rate (the seed used 0.01).';
  }
  if (epochs.length > 1 && last.loss > first.loss) {
    return 'The loss went up instead of down: the steps are so big that they overshoot the valley. Lower the learning rate.';
  }
  return null;
}
