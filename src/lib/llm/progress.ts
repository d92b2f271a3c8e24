/**
 * WebLLM reports loading progress as a fraction plus an English sentence
 * ("Fetching param cache[12/108]: 1234MB fetched. 11% completed, 40 secs
 * elapsed. ..."). These pure functions turn that into a phase, numbers and
 * the line the panel shows, with an estimate of the time left.
 */
import { formatCount } from '../core/format';
import type { InitProgressReport } from './protocol';

export type LoadPhase = 'starting' | 'download' | 'gpu-upload' | 'shaders' | 'done' | 'other';

export interface LoadProgress {
  phase: LoadPhase;
  /** 0..1 within the phase. */
  fraction: number;
  /** MiB fetched or copied so far in this phase, when WebLLM says. */
  mib: number | null;
  /** Files (weight shards, shader modules) done and in all, when WebLLM says. */
  done: number | null;
  total: number | null;
  /** WebLLM's own sentence, kept for the technical details. */
  text: string;
}

/** What each phase is, in the panel's words. */
export const PHASE_LABELS: Record<LoadPhase, string> = {
  starting: 'Fetching the model’s settings, compiled GPU code and tokenizer',
  download: 'Downloading the weights',
  'gpu-upload': 'Copying the weights into GPU memory',
  shaders: 'Preparing the GPU programs',
  done: 'Loaded',
  other: 'Loading',
};

const COUNTER = /\[(\d+)\/(\d+)\]/;
const MIB_DONE = /(\d+)\s*MB (?:fetched|loaded)/;

const clamp01 = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** Reads one WebLLM progress report. */
export function parseProgress(report: InitProgressReport): LoadProgress {
  const { text } = report;
  const phase: LoadPhase =
    text.startsWith('Fetching param cache') || text.startsWith('Start to fetch params')
      ? 'download'
      : text.startsWith('Loading model from cache')
        ? 'gpu-upload'
        : text.startsWith('Loading GPU shader modules')
          ? 'shaders'
          : text.startsWith('Finish loading')
            ? 'done'
            : 'other';
  const counter = COUNTER.exec(text);
  const mib = MIB_DONE.exec(text);
  return {
    phase,
    fraction: phase === 'done' ? 1 : clamp01(report.progress),
    mib: mib ? Number(mib[1]) : null,
    done: counter ? Number(counter[1]) : null,
    total: counter ? Number(counter[2]) : null,
    text,
  };
}

/** The phase's whole size in MiB, from what is done so far; null until a few percent are done. */
export function totalMiB(progress: LoadProgress): number | null {
  if (progress.mib === null || progress.fraction < 0.01) return null;
  return progress.mib / progress.fraction;
}

export interface ProgressSample {
  /** Milliseconds on any steady clock. */
  atMs: number;
  fraction: number;
}

/**
 * Seconds left in the phase at the recent rate: the fraction gained over the
 * last `windowMs`, extrapolated. A windowed rate, not the average since the
 * start, because a resumed download races through the shards it already has
 * and would otherwise promise far too little time. Null until there are two
 * samples at least two seconds apart that show progress.
 */
export function estimateSecondsLeft(samples: readonly ProgressSample[], windowMs = 30_000): number | null {
  const last = samples.at(-1);
  if (!last) return null;
  const recent = samples.filter((sample) => sample.atMs >= last.atMs - windowMs);
  const first = recent[0]!;
  const spanMs = last.atMs - first.atMs;
  const gained = last.fraction - first.fraction;
  if (spanMs < 2000 || gained <= 0) return null;
  return ((1 - last.fraction) / gained) * (spanMs / 1000);
}

/** "8 s", "1 min 12 s", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${total % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The line under the progress bar, e.g. "Downloading the weights: 42% ·
 * 1,712 of 4,070 MiB · 1 min 12 s elapsed · about 2 min 3 s left".
 */
export function describeProgress(
  progress: LoadProgress | null,
  elapsedSeconds: number,
  secondsLeft: number | null,
): string {
  if (!progress) return `${PHASE_LABELS.starting}… · ${formatDuration(elapsedSeconds)} elapsed`;
  const parts = [`${PHASE_LABELS[progress.phase]}: ${Math.floor(progress.fraction * 100)}%`];
  const total = totalMiB(progress);
  if (progress.mib !== null) {
    parts.push(
      total === null
        ? `${formatCount(progress.mib)} MiB`
        : `${formatCount(progress.mib)} of ${formatCount(Math.round(total))} MiB`,
    );
  } else if (progress.done !== null && progress.total !== null) {
    parts.push(`${progress.done} of ${progress.total}`);
  }
  parts.push(`${formatDuration(elapsedSeconds)} elapsed`);
  if (secondsLeft !== null && progress.phase !== 'done')
    parts.push(`about ${formatDuration(secondsLeft)} left`);
  return parts.join(' · ');
}
