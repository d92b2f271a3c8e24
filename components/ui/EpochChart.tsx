import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
// uPlot's own 1.7 kB stylesheet comes with the panel; its 50 kB of code loads with the first chart.
import 'uplot/dist/uPlot.min.css';
import { axisStyle, cssColor, loadUPlot } from './uplot';
import { chartSummary, type EpochReport } from '../../src/lib/mlp/epochs';

interface Props {
  epochs: readonly EpochReport[];
  /** Epochs the run will take: the x axis spans them from the start, so the curve grows into place. */
  totalEpochs: number;
  /** Draw held-out accuracy on a second axis (digits runs). */
  withAccuracy?: boolean;
}

function chartData(epochs: readonly EpochReport[], withAccuracy: boolean): uPlot.AlignedData {
  const x = epochs.map((e) => e.epoch);
  // uPlot wants null for a missing point; a loss that overflowed (NaN, Infinity) is one.
  const series: (number | null)[][] = [epochs.map((e) => (Number.isFinite(e.loss) ? e.loss : null))];
  if (withAccuracy) series.push(epochs.map((e) => (e.accuracy === undefined ? null : e.accuracy * 100)));
  return [x, ...series];
}

/**
 * Loss (and accuracy) per epoch, drawn by uPlot. The canvas is an image to
 * assistive technology, labelled with a one-line summary; the epoch table
 * beside it holds every number.
 */
export function EpochChart({ epochs, totalEpochs, withAccuracy = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = host.current;
    if (!element || epochs.length === 0) return;
    if (plot.current) {
      plot.current.setData(chartData(epochs, withAccuracy), false);
      plot.current.setScale('x', { min: 1, max: Math.max(2, totalEpochs) });
      return;
    }
    let cancelled = false;
    loadUPlot()
      .then((UPlot) => {
        if (cancelled || plot.current) return;
        const axis = axisStyle(element);
        const series: uPlot.Series[] = [
          {},
          {
            label: 'loss',
            stroke: cssColor(element, 'var(--color-accent)'),
            width: 2,
            points: { show: true, size: 6 },
          },
        ];
        const axes: uPlot.Axis[] = [
          { ...axis, label: 'epoch', incrs: [1, 2, 5, 10, 20] },
          { ...axis, label: 'loss' },
        ];
        const scales: uPlot.Scales = {
          x: { time: false, auto: false, range: [1, Math.max(2, totalEpochs)] },
          loss: { auto: true },
        };
        series[1]!.scale = 'loss';
        axes[1]!.scale = 'loss';
        if (withAccuracy) {
          const color = cssColor(element, 'var(--color-webgpu)');
          series.push({
            label: 'held-out accuracy %',
            scale: '%',
            stroke: color,
            width: 2,
            dash: [6, 4],
            points: { show: true, size: 6 },
          });
          axes.push({ ...axis, scale: '%', side: 1, label: 'held-out accuracy %', grid: { show: false } });
          scales['%'] = { auto: false, range: [0, 100] };
        }
        plot.current = new UPlot(
          {
            width: Math.max(240, element.clientWidth),
            height: 220,
            series,
            axes,
            scales,
            legend: { show: false },
            cursor: { show: false },
          },
          chartData(epochs, withAccuracy),
          element,
        );
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [epochs, totalEpochs, withAccuracy]);

  useEffect(() => {
    const element = host.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(240, element.clientWidth), height: 220 }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  if (failed) return <p class="chart-note">The chart could not load; the table below has every number.</p>;
  return (
    <div
      class="epoch-chart"
      ref={host}
      role="img"
      aria-label={epochs.length ? chartSummary(epochs, withAccuracy) : 'The chart fills in as epochs finish.'}
      data-points={epochs.length}
    />
  );
}
