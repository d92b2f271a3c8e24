import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './training-curve.css';
import { axisStyle, cssColor, mountChart } from './uplot';

interface Point {
  /** Tokens read so far, in millions. */
  tokens: number;
  /** Nats per token. */
  loss: number;
}

interface Props {
  /** Training loss along the run (each point the loss of one batch). */
  training: readonly Point[];
  /** Held-out loss, measured every few hundred steps over every held-out token. */
  heldout: readonly Point[];
  /** One sentence for screen readers; the table beside the chart has every number. */
  summary: string;
}

/**
 * The pocket model's training curve: the loss (nats per token, what the
 * trainer lowers) against the tokens read, training batches and held-out
 * text on one axis, so the gap between them is overfitting made visible.
 */
export default function TrainingCurve({ training, heldout, summary }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    return mountChart(
      element,
      { minWidth: 240, height: 260 },
      () => {
        // One x axis for both series: held-out points sit at their own token counts, the rest are gaps.
        const xs = [...new Set([...training.map((p) => p.tokens), ...heldout.map((p) => p.tokens)])].sort(
          (a, b) => a - b,
        );
        const at = (points: readonly Point[]) => {
          const byX = new Map(points.map((p) => [p.tokens, p.loss]));
          return xs.map((x) => byX.get(x) ?? null);
        };
        const axis = axisStyle(element);
        const series: uPlot.Series[] = [
          {},
          {
            label: 'training loss',
            stroke: cssColor(element, 'var(--color-accent)'),
            width: 1.5,
            spanGaps: true,
          },
          {
            label: 'held-out loss',
            stroke: cssColor(element, 'var(--color-webgpu)'),
            width: 2,
            dash: [6, 4],
            spanGaps: true,
            points: { show: true, size: 6 },
          },
        ];
        return {
          options: {
            series,
            axes: [
              { ...axis, label: 'tokens read (millions)' },
              { ...axis, label: 'nats per token' },
            ],
            scales: { x: { time: false } },
            // The legend is ours, below: uPlot's is a table with an empty header cell.
            legend: { show: false },
            cursor: { show: false },
          },
          data: [xs, at(training), at(heldout)],
        };
      },
      () => setFailed(true),
    );
  }, [training, heldout]);

  if (failed) return <p class="chart-note">The chart could not load; the table below has every number.</p>;
  return (
    <figure class="training-curve">
      <div class="training-curve__plot" ref={host} role="img" aria-label={summary} />
      <figcaption class="training-curve__legend">
        <span class="training-curve__key training-curve__key--training">training loss</span>
        <span class="training-curve__key training-curve__key--heldout">held-out loss</span>
      </figcaption>
    </figure>
  );
}
