/**
 * A training panel's last few runs, kept so their loss curves can be drawn
 * over each other: train at learning rate 0.01, then at 0.1, and both lines
 * stay on the chart, each named by the settings that tell it apart.
 *
 * Each run keeps one line style for as long as it is shown (chosen from its
 * number, not its age), so a line does not change its looks when a newer run
 * arrives. The styles differ in dash pattern as well as in colour.
 */
import { formatValue } from '../core/format';
import { formatLoss, type EpochReport } from './epochs';
import type { SettingsField, TrainingSettings } from './settings';

export interface PastRun {
  /** 1 for the panel's first run, counting up. */
  id: number;
  settings: TrainingSettings;
  epochs: readonly EpochReport[];
  /** Stopped (by the reader or by an error) before its last epoch. */
  stopped: boolean;
}

export interface RunHistory {
  /** Oldest first; at most `RUNS_KEPT`. */
  runs: readonly PastRun[];
  /** The id the next run will get. */
  nextId: number;
}

export const EMPTY_HISTORY: RunHistory = { runs: [], nextId: 1 };

/** The latest run and the three before it: enough to compare a few learning rates, few enough to tell apart. */
export const RUNS_KEPT = 4;

/** A run's line: a colour (a theme variable) and a dash pattern (canvas and SVG `stroke-dasharray` units). */
export interface RunStyle {
  color: string;
  dash: readonly number[];
  /** The dash in words, for the legend's text twin. */
  name: string;
}

export const RUN_STYLES: readonly RunStyle[] = [
  { color: 'var(--color-accent)', dash: [], name: 'solid' },
  { color: 'var(--color-webgpu)', dash: [8, 4], name: 'dashed' },
  { color: 'var(--color-cpu)', dash: [2, 3], name: 'dotted' },
  { color: 'var(--color-error)', dash: [12, 4, 2, 4], name: 'dash-dot' },
];

export const styleOf = (id: number): RunStyle => RUN_STYLES[(id - 1) % RUN_STYLES.length]!;

/** Adds a finished (or stopped) run; a run with no finished epoch draws nothing and is not kept. */
export function recordRun(
  kept: RunHistory,
  settings: TrainingSettings,
  epochs: readonly EpochReport[],
  stopped: boolean,
): RunHistory {
  if (epochs.length === 0) return kept;
  const run: PastRun = { id: kept.nextId, settings, epochs, stopped };
  return { runs: [...kept.runs, run].slice(-RUNS_KEPT), nextId: kept.nextId + 1 };
}

/** Forgets every run but the latest. */
export function clearEarlier(kept: RunHistory): RunHistory {
  return { ...kept, runs: kept.runs.slice(-1) };
}

/**
 * The runs to draw: the kept ones, and the run in progress (with the id it
 * will keep) when there is one, at most `RUNS_KEPT` in all, oldest first.
 */
export function chartRuns(kept: RunHistory, live: Pick<PastRun, 'settings' | 'epochs'> | null): PastRun[] {
  if (!live) return [...kept.runs];
  const running: PastRun = { id: kept.nextId, ...live, stopped: false };
  return [...kept.runs.slice(-(RUNS_KEPT - 1)), running];
}

const LABEL_ORDER: readonly SettingsField[] = ['learningRate', 'batchSize', 'hiddenSize', 'epochs'];

const SHORT: Record<SettingsField, (value: number) => string> = {
  learningRate: (v) => `lr ${formatValue(v)}`,
  batchSize: (v) => `batch ${formatValue(v)}`,
  hiddenSize: (v) => `hidden ${formatValue(v)}`,
  epochs: (v) => `${formatValue(v)} epochs`,
};

/**
 * Names for runs drawn together: the settings in which they differ ("lr
 * 0.01" and "lr 0.1"), the learning rate alone when none differs, and the
 * run's number as well when two would otherwise read the same.
 */
export function runLabels(runs: readonly Pick<PastRun, 'id' | 'settings'>[]): string[] {
  const differing = LABEL_ORDER.filter((field) => new Set(runs.map((run) => run.settings[field])).size > 1);
  const fields = differing.length > 0 ? differing : (['learningRate'] as const);
  const labels = runs.map((run) => fields.map((field) => SHORT[field](run.settings[field])).join(', '));
  return labels.map((label, i) =>
    labels.indexOf(label) === labels.lastIndexOf(label) ? label : `${label} (run ${runs[i]!.id})`,
  );
}

/**
 * The runs' losses on one x axis (epochs 1 to the longest run's last), as
 * uPlot and the comparison table want them: one array of x, then one of y
 * per run, null where a run has no such epoch or its loss is not a number.
 */
export function overlayData(
  runs: readonly { epochs: readonly EpochReport[] }[],
): [number[], ...(number | null)[][]] {
  const longest = Math.max(0, ...runs.flatMap((run) => run.epochs.map((report) => report.epoch)));
  const last = Math.max(1, longest);
  const xs = Array.from({ length: last }, (_, i) => i + 1);
  const ys = runs.map((run) => {
    const byEpoch = new Map(run.epochs.map((report) => [report.epoch, report.loss]));
    return xs.map((x) => {
      const loss = byEpoch.get(x);
      return loss !== undefined && Number.isFinite(loss) ? loss : null;
    });
  });
  return [xs, ...ys];
}

/** The overlay chart's text alternative: each run's name and where its loss went. */
export function overlaySummary(runs: readonly { label: string; epochs: readonly EpochReport[] }[]): string {
  const parts = runs
    .filter((run) => run.epochs.length > 0)
    .map((run) => {
      const first = run.epochs[0]!;
      const last = run.epochs.at(-1)!;
      return run.epochs.length === 1
        ? `${run.label}: ${formatLoss(first.loss)} after epoch 1`
        : `${run.label}: from ${formatLoss(first.loss)} to ${formatLoss(last.loss)} at epoch ${last.epoch}`;
    });
  if (parts.length === 0) return 'The chart fills in as epochs finish.';
  return `Loss per epoch, ${parts.length} runs. ${parts.join('; ')}.`;
}

/**
 * Whether the loss axis should be logarithmic: when the drawn losses span
 * more than a factor of 50 (a run that diverged next to one that learned,
 * or a loss that fell from 2.3 to 0.02), a linear axis flattens all but the
 * largest into the floor. Only finite, positive losses count.
 */
export function wantsLogScale(runs: readonly { epochs: readonly EpochReport[] }[]): boolean {
  const losses = runs.flatMap((run) => run.epochs.map((report) => report.loss));
  const drawn = losses.filter((loss) => Number.isFinite(loss) && loss > 0);
  if (drawn.length < 2) return false;
  return Math.max(...drawn) / Math.min(...drawn) > 50;
}

/** Most gridlines a log loss axis draws: a run that diverged can span fourteen powers of ten. */
export const MAX_LOG_TICKS = 6;

/**
 * The ticks a logarithmic loss axis keeps, from the ones uPlot offers (every
 * multiple of each power of ten, which paints a grey band of gridlines): the
 * powers of ten only, and of those every second, third… so that at most
 * `MAX_LOG_TICKS` remain. A dropped tick becomes null, as uPlot expects.
 */
export function logAxisTicks(splits: readonly (number | null)[]): (number | null)[] {
  const exponent = (value: number | null) => {
    if (value === null || !(value > 0)) return null;
    const power = Math.round(Math.log10(value));
    return Math.abs(value / 10 ** power - 1) < 1e-9 ? power : null;
  };
  const powers = splits.map(exponent).filter((power): power is number => power !== null);
  const every = Math.max(1, Math.ceil(powers.length / MAX_LOG_TICKS));
  return splits.map((value) => {
    const power = exponent(value);
    return power !== null && power % every === 0 ? value : null;
  });
}

/** A tick on the loss axis, short enough for a phone: 0.01, 2.5, 100, 1e+6. */
export function formatTick(value: number): string {
  if (value !== 0 && (Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3)) return value.toExponential(0);
  return String(Number(value.toPrecision(3)));
}
