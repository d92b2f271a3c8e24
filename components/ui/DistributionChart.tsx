import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './sampling-lab.css';
import { ScrollRegion } from './ScrollRegion';
import { axisStyle, cssColor, mountChart } from './uplot';
import type { SamplingStep } from '../../src/lib/sampling/pipeline';
import { rankDistribution, rankRows, thinDistribution } from '../../src/lib/sampling/distribution';
import { formatProbability } from '../../src/lib/generation/describe';
import { superscript } from '../../src/lib/core/format';

interface Props {
  step: SamplingStep;
  /** The picked token's rank by score (0 = best), marked on the chart. */
  pickedRank: number;
}

const HEIGHT = 240;
const n = (value: number) => value.toLocaleString('en');
/** Log-scale ticks as powers of ten (10⁻⁶) on y, and 1, 10, 100, 1k, 10k on x. */
const powerOfTen = (value: number) => `10${superscript(Math.round(Math.log10(value)))}`;
const rankTick = (value: number) => (value >= 1000 ? `${n(value / 1000)}k` : n(value));
/** Ticks and grid lines at whole powers of ten only: the in-between lines of a log scale crowd a small chart. */
const decades = (_: uPlot, _axis: number, min: number, max: number) => {
  const ticks: number[] = [];
  for (let power = Math.ceil(Math.log10(min)); power <= Math.floor(Math.log10(max)); power++)
    ticks.push(10 ** power);
  return ticks;
};
/** uPlot hands a tick it will not label as null. */
const label = (format: (value: number) => string) => (_: uPlot, ticks: (number | null)[]) =>
  ticks.map((tick) => (tick === null ? '' : format(tick)));

/**
 * Redraws when the colour theme changes: a canvas cannot follow CSS custom
 * properties, so the colours are resolved again (the toggle sets
 * `data-theme` on `<html>`; without a choice the system setting applies).
 */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((value) => value + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const system = matchMedia('(prefers-color-scheme: dark)');
    system.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      system.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

/**
 * The whole distribution of one step: every token's probability against its
 * rank, both on log scales (rank 1 to the vocabulary's size; 10⁻¹ down to
 * the tail's tiniest shares), drawn from about a thousand well-chosen ranks
 * (src/lib/sampling/distribution.ts). The survivors are drawn thick and
 * shaded, the picked token is a ringed dot, and the table below has the
 * numbers at ranks 1, 2, 5, 10, …
 */
export function DistributionChart({ step, pickedRank }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const theme = useThemeVersion();
  const ranked = useMemo(() => rankDistribution(step.probabilities, step.removed), [step]);
  const rows = useMemo(() => rankRows(ranked), [ranked]);
  const points = useMemo(() => thinDistribution(ranked, { include: [pickedRank + 1] }), [ranked, pickedRank]);
  const size = step.probabilities.length;
  const keptCount = step.keptCount;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    return mountChart(
      element,
      { minWidth: 200, height: HEIGHT },
      () => {
        const axis = axisStyle(element);
        const accent = cssColor(element, 'var(--color-accent)');
        const picked = points.ranks.map((rank, i) => (rank === pickedRank + 1 ? points.all[i]! : null));
        return {
          options: {
            series: [
              {},
              { label: 'every token', stroke: cssColor(element, 'var(--color-muted)'), width: 1.5 },
              {
                label: 'survived every stage',
                stroke: accent,
                fill: cssColor(element, 'var(--color-accent-soft)'),
                width: 4,
                // A handful of survivors (a sure model, a tight filter) would be a line too short to see: dots too.
                points: { show: keptCount <= 60, size: 7, fill: accent },
              },
              {
                label: 'picked',
                stroke: cssColor(element, 'var(--color-text)'),
                width: 2,
                paths: () => null,
                points: { show: true, size: 11, fill: cssColor(element, 'var(--color-bg)') },
              },
            ],
            axes: [
              {
                ...axis,
                label: 'rank (1 = most likely)',
                values: label(rankTick),
                splits: decades,
                space: 44,
              },
              {
                ...axis,
                label: 'probability',
                values: label(powerOfTen),
                splits: decades,
                space: 24,
                size: 56,
              },
            ],
            scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
            // The legend is ours, below; the table twin has the values a cursor would show.
            legend: { show: false },
            cursor: { show: false },
          },
          data: [points.ranks, points.all, points.survivors, picked],
        };
      },
      () => setFailed(true),
    );
  }, [points, pickedRank, keptCount, theme]);

  const summary = step.greedy
    ? `Probability against rank for all ${n(size)} tokens: temperature 0 is greedy, so the top token has 100% and every other token 0, which a log scale cannot draw. The table below has the numbers.`
    : `Probability against rank for all ${n(size)} tokens, on logarithmic scales, from ${formatProbability(rows[0]!.probability)} at rank 1 to ${formatProbability(rows.at(-1)!.probability)} at rank ${n(size)}. The ${n(step.keptCount)} tokens that survived every stage are drawn thick and shaded; the picked token, rank ${n(pickedRank + 1)}, is ringed. The table below has the numbers.`;
  const caption = `The distribution at ranks 1, 2, 5, 10, … of ${n(size)}`;
  return (
    <figure class="distribution-chart">
      {failed ? (
        <p class="chart-note">The chart could not load; the table below has the numbers.</p>
      ) : (
        <div class="distribution-chart__plot" ref={host} role="img" aria-label={summary} />
      )}
      <figcaption class="sampling-lab__legend">
        <span class="sampling-lab__key sampling-lab__key--all">every token</span>
        <span class="sampling-lab__key sampling-lab__key--kept">survived every stage</span>
        <span class="sampling-lab__key sampling-lab__key--picked">picked</span>
      </figcaption>
      <ScrollRegion label={caption}>
        <table class="sampling-lab__table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col" class="numeric">
                Rank
              </th>
              <th scope="col" class="numeric">
                Probability
              </th>
              <th scope="col" class="numeric">
                Mass so far
              </th>
              <th scope="col">Survived</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.rank}>
                <th scope="row" class="numeric">
                  {n(row.rank)}
                </th>
                <td class="numeric">{formatProbability(row.probability)}</td>
                <td class="numeric">{formatProbability(row.cumulative)}</td>
                <td>{row.kept ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </figure>
  );
}
