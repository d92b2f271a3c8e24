/**
 * The loop as a timeline: each step a bar along an axis of the model's own
 * time (engine and sampler, laid end to end; the page's time between steps
 * is left out, so the bars touch), its height the probability its token
 * had. A step whose scores came from a prefill reads the prompt (and any
 * kept reply) first, so its bar is wide: that is the time to first token.
 */
import type { LogitsSource, StepRecord } from './state';

export interface TimelineBar {
  index: number;
  source: LogitsSource;
  /** Where the bar starts and how long it is, in ms of model time. */
  startMs: number;
  ms: number;
  /** Tokens the engine read for this step: the prompt and the kept reply for a prefill, 1 for a decode, 0 when reused. */
  read: number;
  /** The appended token's probability (0 to 1); null when unknown. */
  probability: number | null;
  forced: boolean;
  /** Whether this token ended the reply (a stop id or the limit). */
  last: boolean;
}

export interface Timeline {
  bars: TimelineBar[];
  totalMs: number;
  /** Round times for the axis, in ms, from 0 up to at most `totalMs`. */
  ticks: number[];
}

/** A step's model time: the engine's call and the sampler's pick. */
export const stepMs = (step: StepRecord) => step.engineMs + step.samplingMs;

/** About `count` round ticks (1, 2 or 5 times a power of ten) from 0 to `total`. */
export function niceTicks(total: number, count = 5): number[] {
  if (!(total > 0)) return [0];
  const raw = total / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

export function timelineOf(steps: readonly StepRecord[], promptLength: number, ended: boolean): Timeline {
  let at = 0;
  const bars = steps.map((step, i) => {
    const ms = stepMs(step);
    const read = step.source === 'prefill' ? promptLength + step.index : step.source === 'decode' ? 1 : 0;
    const bar: TimelineBar = {
      index: step.index,
      source: step.source,
      startMs: at,
      ms,
      read,
      probability: step.probability,
      forced: step.forced,
      last: ended && i === steps.length - 1,
    };
    at += ms;
    return bar;
  });
  return { bars, totalMs: at, ticks: niceTicks(at) };
}

/**
 * Pixels per ms for `bars`: the median step gets `stepPx`, so a long reply
 * stays readable (and scrolls in its box) and a prefill shows as many steps
 * wide as it took; shrunk if the whole would pass `maxPx`, grown if it
 * would not fill `minPx`.
 */
export function pixelsPerMs(
  timeline: Timeline,
  { stepPx = 8, minPx = 280, maxPx = 6000 }: { stepPx?: number; minPx?: number; maxPx?: number } = {},
): number {
  const { bars, totalMs } = timeline;
  if (!(totalMs > 0)) return 1;
  const sorted = bars.map((bar) => bar.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  let scale = median > 0 ? stepPx / median : minPx / totalMs;
  scale = Math.min(scale, maxPx / totalMs);
  return Math.max(scale, minPx / totalMs);
}

/** An axis tick: round milliseconds, no decimals the tick does not have ("0 ms", "2,000 ms", "0.5 ms"). */
export const formatTick = (ms: number) => `${Number(ms.toPrecision(3)).toLocaleString('en')} ms`;
