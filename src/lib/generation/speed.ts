/**
 * Two speeds, and why they differ. The model's speed ("compute") adds up
 * only the time of each decode step inside the engine and the sampler: it
 * says how fast the model itself goes. What the reader sees on the wall
 * clock while Play runs is slower: the run's first token waits for a
 * prefill (the whole prompt read at once), and between two model calls the
 * page draws the reply, gives the browser a turn, and keeps its records.
 * A short reply is mostly prefill, so the two can be far apart.
 */
import { formatCount, formatMilliseconds } from '../core/format';
import type { GenerationTimings, PlayRun } from './state';

export interface Rate {
  tokens: number;
  ms: number;
  /** Tokens per second. */
  perSecond: number;
}

/** `tokens` in `ms` as a rate; null when either is zero (no rate to give). */
export function rateOf(tokens: number, ms: number): Rate | null {
  return tokens > 0 && ms > 0 ? { tokens, ms, perSecond: (1000 * tokens) / ms } : null;
}

/** Where a run of Play spent its wall-clock time; the parts add up to `run.ms`. */
export interface PlayBreakdown {
  /** Reading the prompt before the first token (or again after going back). */
  prefillMs: number;
  /** The other model calls and the sampler's picks. */
  decodeMs: number;
  /** Everything else: drawing the page, the turn between steps, each step's bookkeeping. */
  pageMs: number;
}

export function breakdownOf(run: PlayRun): PlayBreakdown {
  return {
    prefillMs: run.prefillMs,
    decodeMs: run.computeMs - run.prefillMs,
    pageMs: Math.max(0, run.ms - run.computeMs),
  };
}

export interface SpeedReport {
  /** Decode steps since the last prefill: tokens per second inside the model. */
  compute: Rate | null;
  /** The run of Play in progress or the last one: tokens per second on the wall clock. */
  seen: Rate | null;
  /** From the first step's start to the first token of the reply. */
  firstTokenMs: number | null;
  /** Where the run's time went, when there was a run. */
  breakdown: PlayBreakdown | null;
  running: boolean;
}

export function speedReport(timings: GenerationTimings): SpeedReport {
  const run = timings.played;
  return {
    compute: rateOf(timings.decode.tokens, timings.decode.ms),
    seen: run ? rateOf(run.tokens, run.ms) : null,
    firstTokenMs: timings.firstTokenMs,
    breakdown: run ? breakdownOf(run) : null,
    running: run?.running ?? false,
  };
}

const perSecond = (rate: Rate) => {
  const value = rate.perSecond;
  return value >= 10 ? Math.round(value).toLocaleString('en') : value.toFixed(1);
};

/** One labelled line per figure the panel shows, in reading order; empty before the first token. */
export function describeSpeed(report: SpeedReport): { label: string; value: string; note: string }[] {
  const lines: { label: string; value: string; note: string }[] = [];
  if (report.compute)
    lines.push({
      label: 'Compute',
      value: `${perSecond(report.compute)} tokens/s`,
      note: `time inside the model: ${formatCount(report.compute.tokens, 'decode step')} took ${formatMilliseconds(report.compute.ms)} in the engine and the sampler`,
    });
  if (report.seen)
    lines.push({
      label: report.running ? 'You see' : 'You saw',
      value: `${perSecond(report.seen)} tokens/s`,
      note: `wall clock from pressing Play to its newest token: ${formatCount(report.seen.tokens, 'token')} in ${formatMilliseconds(report.seen.ms)}, drawing the page and the pause between steps included`,
    });
  if (report.firstTokenMs !== null)
    lines.push({
      label: 'Time to first token',
      value: formatMilliseconds(report.firstTokenMs),
      note: 'reading the whole prompt (the prefill) and picking the first token',
    });
  return lines;
}

/** Why the two speeds differ, in one sentence from the run's own times; null before a run. */
export function explainGap(report: SpeedReport): string | null {
  if (!report.breakdown || !report.seen) return null;
  const { prefillMs, decodeMs, pageMs } = report.breakdown;
  const parts = [
    prefillMs > 0
      ? `${formatMilliseconds(prefillMs)} reading the prompt before the first token (prefill)`
      : null,
    `${formatMilliseconds(decodeMs)} for the decode steps and the sampler’s picks`,
    `${formatMilliseconds(pageMs)} on the page between model calls (drawing the reply, the pause between steps)`,
  ].filter((part) => part !== null);
  return `Why they differ: of Play’s ${formatMilliseconds(report.seen.ms)}, ${parts.join(', ')}.`;
}
