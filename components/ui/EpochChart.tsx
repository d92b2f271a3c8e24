import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
// uPlot's own 1.7 kB stylesheet comes with the panel; its 50 kB of code loads with the first chart.
import 'uplot/dist/uPlot.min.css';
import { axisStyle, cssColor, mountChart } from './uplot';
import { RunKey } from './MlpRunKey';
import { chartSummary, type EpochReport } from '../../src/lib/mlp/epochs';
import {
  formatTick,
  overlayData,
  overlaySummary,
  logAxisTicks,
  wantsLogScale,
  type RunStyle,
} from '../../src/lib/mlp/run-history';

/** One line on the chart: a run's loss per epoch. */
export interface ChartRun {
  id: number;
  /** What the legend calls it ("lr 0.01"). */
  label: string;
  epochs: readonly EpochReport[];
  style: RunStyle;
}

interface Props {
  /** Oldest first; the last is the latest run. */
  runs: readonly ChartRun[];
  /** Epochs the latest run will take: the x axis spans them from the start, so the curve grows into place. */
  totalEpochs: number;
  /** Draw the latest run's held-out accuracy on a second axis (digits runs). */
  withAccuracy?: boolean;
}

const ACCURACY_STYLE: RunStyle = { color: 'var(--color-webgpu)', dash: [6, 4], name: 'dashed' };
const HEIGHT = 220;

function chartOptions(element: HTMLElement, runs: readonly ChartRun[], withAccuracy: boolean, xMax: number) {
  const axis = axisStyle(element);
  const log = wantsLogScale(runs);
  const series: uPlot.Series[] = [
    {},
    ...runs.map((run) => ({
      label: run.label,
      scale: 'loss',
      stroke: cssColor(element, run.style.color),
      width: 2,
      dash: [...run.style.dash],
      points: { show: true, size: 6 },
    })),
  ];
  const axes: uPlot.Axis[] = [
    { ...axis, label: 'epoch', incrs: [1, 2, 5, 10, 20] },
    {
      ...axis,
      scale: 'loss',
      label: log ? 'loss (log scale)' : 'loss',
      size: 56,
      // uPlot passes null for a tick it leaves unlabelled (between a log axis's powers of ten).
      values: (_plot, splits) => splits.map((split) => (split == null ? '' : formatTick(split))),
      ...(log ? { filter: (_plot: uPlot, splits: number[]) => logAxisTicks(splits) } : {}),
    },
  ];
  const scales: uPlot.Scales = {
    x: { time: false, auto: false, range: [1, xMax] },
    // Logarithmic when the lines span a wide range; base 10, so its ticks read 0.01, 0.1, 1, 10.
    loss: log ? { distr: 3, log: 10 } : { auto: true },
  };
  if (withAccuracy) {
    series.push({
      label: 'held-out accuracy %',
      scale: '%',
      stroke: cssColor(element, ACCURACY_STYLE.color),
      width: 2,
      dash: [...ACCURACY_STYLE.dash],
      points: { show: true, size: 6 },
    });
    axes.push({ ...axis, scale: '%', side: 1, label: 'held-out accuracy %', grid: { show: false } });
    scales['%'] = { auto: false, range: [0, 100] };
  }
  return { series, axes, scales, legend: { show: false }, cursor: { show: false } };
}

/**
 * Loss per epoch, drawn by uPlot: the latest run and the few before it, one
 * line each, told apart by dash pattern as well as colour (the legend below
 * draws each line's pattern). The canvas is an image to assistive
 * technology, labelled with a summary; the tables beside it hold every number.
 */
export function EpochChart({ runs, totalEpochs, withAccuracy = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const latest = runs.at(-1);
  const points = runs.reduce((sum, run) => sum + run.epochs.length, 0);
  // Redrawn when a point or a run arrives; not on the progress updates that re-render the panel in between.
  const signature = `${runs.map((run) => `${run.id}:${run.label}:${run.epochs.length}`).join('|')} ${totalEpochs} ${withAccuracy}`;
  const current = useRef({ runs, totalEpochs, withAccuracy });
  current.current = { runs, totalEpochs, withAccuracy };

  useEffect(() => {
    const element = host.current;
    if (!element || points === 0) return;
    return mountChart(
      element,
      { minWidth: 240, height: HEIGHT },
      () => {
        const now = current.current;
        const [xs, ...losses] = overlayData(now.runs);
        const data: (number | null)[][] = [xs, ...losses];
        if (now.withAccuracy) {
          const byEpoch = new Map(now.runs.at(-1)?.epochs.map((e) => [e.epoch, e.accuracy]));
          data.push(
            xs.map((x) => {
              const accuracy = byEpoch.get(x);
              return accuracy === undefined ? null : accuracy * 100;
            }),
          );
        }
        const xMax = Math.max(2, now.totalEpochs, xs.length);
        const options = chartOptions(element, now.runs, now.withAccuracy, xMax);
        return { options, data: data as uPlot.AlignedData };
      },
      () => setFailed(true),
    );
  }, [signature, points]);

  if (failed) return <p class="chart-note">The chart could not load; the table below has every number.</p>;
  const single = runs.length <= 1;
  const label =
    points === 0
      ? 'The chart fills in as epochs finish.'
      : single && latest
        ? chartSummary(latest.epochs, withAccuracy)
        : overlaySummary(runs);
  return (
    <figure class="epoch-figure">
      <div class="epoch-chart" ref={host} role="img" aria-label={label} data-points={points} />
      {points > 0 && (!single || withAccuracy) && (
        <figcaption class="epoch-legend">
          {runs.map((run) => (
            <RunKey key={run.id} style={run.style}>
              {run.label}
              {!single && run === latest ? ' (latest)' : ''}
            </RunKey>
          ))}
          {withAccuracy && <RunKey style={ACCURACY_STYLE}>held-out accuracy</RunKey>}
        </figcaption>
      )}
    </figure>
  );
}
