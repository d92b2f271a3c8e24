import type uPlot from 'uplot';

/**
 * What every chart of the site shares: uPlot loaded on the first chart (its
 * 50 kB of code never comes with a page), and the theme's colours resolved
 * for a canvas, which cannot read CSS custom properties.
 */
type UPlotClass = typeof uPlot;
let uPlotModule: Promise<UPlotClass> | null = null;
export const loadUPlot = () => (uPlotModule ??= import('uplot').then((module) => module.default));

/** Resolves a CSS colour (custom properties, light-dark()) to what a canvas can use. */
export function cssColor(host: HTMLElement, value: string): string {
  const probe = document.createElement('span');
  probe.style.color = value;
  host.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

/** The axis style of every chart: the text colour, hairline grid and ticks in the border colour. */
export function axisStyle(host: HTMLElement): uPlot.Axis {
  const text = cssColor(host, 'var(--color-text)');
  const grid = cssColor(host, 'var(--color-border)');
  return { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
}

/**
 * Draws a chart into `element` once uPlot has loaded, and keeps it as wide
 * as its box. `build` gives the options (all but the size, which is set
 * here) and the data; `onFail` is called if uPlot does not load. Returns the
 * effect's cleanup, which also stops a chart still loading.
 */
export function mountChart(
  element: HTMLElement,
  size: { minWidth: number; height: number },
  build: () => { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData },
  onFail: () => void,
): () => void {
  let plot: uPlot | null = null;
  let cancelled = false;
  const { minWidth, height } = size;
  const width = () => Math.max(minWidth, element.clientWidth);
  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => plot?.setSize({ width: width(), height }));
  loadUPlot()
    .then((UPlot) => {
      if (cancelled) return;
      const { options, data } = build();
      plot = new UPlot({ ...options, width: width(), height }, data, element);
      observer?.observe(element);
    })
    .catch(onFail);
  return () => {
    cancelled = true;
    observer?.disconnect();
    plot?.destroy();
  };
}
