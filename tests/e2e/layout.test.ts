/**
 * Layout at the widths readers use (a phone, a tablet, a laptop, a desktop
 * monitor), on every built page once its panels have come to life: no page
 * scrolls sideways, and no table squeezes a column to a letter or two per
 * line. Then what the wide and narrow layouts promise: panels wider than the
 * text on a wide screen without touching the chapter list or "On this page",
 * and the per-module table stacked into cards on a phone, still a table for
 * screen readers.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { builtPages, SLOW_TEST_MS, useSite } from './suite';

const site = useSite();
const pages = builtPages();

/** 360: small phones; 768: tablets; 1280: laptops; 1920: desktop monitors. */
const WIDTHS = [360, 768, 1280, 1920] as const;
/** The narrowest a table cell may be, in its own font's ems: about three characters. */
const MIN_CELL_EMS = 2.5;

/**
 * The page's layout problems as readable lines (none: an empty list). In the
 * page: the elements that stick out past the right edge (only the outermost
 * of each chain, and none inside a box that scrolls or clips them), and the
 * visible table cells narrower than MIN_CELL_EMS. A cell whose text is at most
 * two characters cannot wrap into a letter per line, so it may be narrow; a
 * cell that is meant to be tiny (a colour swatch with text for screen readers)
 * says so with `data-narrow-ok`.
 */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((minEms) => {
    const name = (element: Element) => {
      const classes = [...element.classList].slice(0, 2).map((c) => `.${c}`);
      return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes.join('')}`;
    };
    const where = (element: Element) => {
      const chain: string[] = [];
      for (let e: Element | null = element; e && e !== document.body && chain.length < 4; e = e.parentElement)
        chain.unshift(name(e));
      // Where a reader would find it: the table's caption, else the panel's title.
      const titleId = element.closest('section.panel')?.getAttribute('aria-labelledby');
      const label =
        element.closest('table')?.caption?.textContent ??
        (titleId ? document.getElementById(titleId)?.textContent : undefined);
      return `${chain.join(' > ')}${label ? ` (in "${label.trim().slice(0, 50)}")` : ''}`;
    };
    const problems: string[] = [];
    const edge = document.documentElement.clientWidth;
    const scrollWidth = document.scrollingElement!.scrollWidth;
    if (scrollWidth > edge) {
      problems.push(`the page is ${scrollWidth}px wide in a ${edge}px window`);
      const clipsSideways = (element: Element) => getComputedStyle(element).overflowX !== 'visible';
      const sticksOut = (element: Element) =>
        element.getClientRects().length > 0 && element.getBoundingClientRect().right > edge + 0.5;
      for (const element of document.body.querySelectorAll('*')) {
        if (!sticksOut(element)) continue;
        const parent = element.parentElement;
        // Report where the overflow starts: not a child of something that already sticks out or clips it.
        if (parent && parent !== document.body && (sticksOut(parent) || clipsSideways(parent))) continue;
        let clipped = false;
        for (let e = parent; e && e !== document.body; e = e.parentElement)
          if (clipsSideways(e)) clipped = true;
        if (!clipped)
          problems.push(`  ${where(element)} reaches ${Math.round(element.getBoundingClientRect().right)}px`);
      }
    }
    for (const cell of document.querySelectorAll<HTMLElement>('table :is(th, td)')) {
      const text = cell.textContent?.trim() ?? '';
      if (text.length <= 2 || cell.closest('[data-narrow-ok]')) continue;
      if (!cell.checkVisibility({ visibilityProperty: true })) continue;
      // Visually hidden parts (a stacked table's header row) are for screen readers, not for the eye.
      const hidden = (e: Element) => getComputedStyle(e).clipPath !== 'none';
      let forEyes = true;
      for (let e: Element | null = cell; e && e.tagName !== 'TABLE'; e = e.parentElement)
        if (hidden(e)) forEyes = false;
      if (!forEyes) continue;
      const width = cell.getBoundingClientRect().width;
      const least = minEms * parseFloat(getComputedStyle(cell).fontSize);
      if (width < least)
        problems.push(
          `  cell ${where(cell)} is ${Math.round(width)}px wide (< ${Math.round(least)}px): "${text.slice(0, 24)}"`,
        );
    }
    return problems;
  }, MIN_CELL_EMS);
}

describe.each(WIDTHS)('at %i px', (width) => {
  test(
    'no page scrolls sideways and no table cell is narrower than about three characters',
    async () => {
      // One page per width, reused for every address: a fresh context per page would double the run time.
      const { page } = await site.blank({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
      const problems: string[] = [];
      for (const address of pages) {
        await page.goto(site.server.url + address);
        await site.everyPanel(page);
        const found = await layoutProblems(page);
        if (found.length > 0) problems.push(`/${address} at ${width}px:`, ...found.slice(0, 12));
      }
      expect(problems.join('\n')).toBe('');
      site.expectHealthy();
    },
    // Some 13 pages, each waiting for its panels: about 20 s on an idle machine, minutes on a busy one.
    SLOW_TEST_MS,
  );
});

/** A box's left and right edges, in px from the window's left. */
const edges = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { left: box.left, right: box.right, width: box.width };
    });

describe('wide screens', () => {
  for (const width of [1280, 1920]) {
    test(`at ${width} px a panel is wider than the text, centred on it, clear of the chapter list and "On this page"`, async () => {
      const { page } = await site.open('chapters/loading-the-model/', {
        viewport: { width, height: 900 },
        reducedMotion: 'reduce',
      });
      await site.panel(page, 'Memory predictor');
      const text = await edges(page, '.prose > p');
      const panel = await edges(page, 'section.panel');
      const nav = await edges(page, '.chapter-sidebar');
      // The text keeps its measure (70ch: about 750 px in this font), the panel takes more room beside it.
      expect(text.width).toBeLessThanOrEqual(760);
      expect(panel.width).toBeGreaterThan(text.width + 150);
      expect(Math.abs(panel.left + panel.right - (text.left + text.right))).toBeLessThan(2);
      expect(panel.left).toBeGreaterThanOrEqual(nav.right + 16);
      const aside = page.locator('.chapter__toc-aside');
      if (await aside.isVisible())
        expect(panel.right).toBeLessThanOrEqual((await edges(page, '.chapter__toc-aside')).left - 16);
      else expect(panel.right).toBeLessThanOrEqual(width - 16);
      // The comparison the panel exists for shows every column, WebLLM's own figure included, without scrolling.
      const builds = page.getByRole('region', { name: /Each WebLLM build/ });
      expect(await builds.evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
      site.expectHealthy();
    });
  }

  test('at 1920 px the panels grow to 75rem (1,200 px) and no further', async () => {
    const { page } = await site.open('chapters/inside-mistral/', { viewport: { width: 1920, height: 900 } });
    await site.panel(page, 'Mistral-7B’s config');
    expect((await edges(page, 'section.panel')).width).toBe(1200);
    site.expectHealthy();
  });
});

describe('phones', () => {
  test('at 390 px the per-module table stacks each module into a short card that is still a table row', async () => {
    const { page } = await site.open('chapters/inside-mistral/', { viewport: { width: 390, height: 844 } });
    const table = page.getByRole('table', { name: /Mistral-7B-Instruct-v0.1: parameters per module/ });
    // 12 modules (embedding, 9 per layer, the final norm, lm_head) and the total: a card of a few lines
    // each, where the table as columns was 8,480 px tall.
    const height = await table.evaluate((element) => element.getBoundingClientRect().height);
    expect(height).toBeLessThan(2_500);
    expect(await table.getByRole('row').count()).toBe(1 + 12 + 1);
    const qProj = table.getByRole('row', { name: /self_attn\.q_proj/ });
    expect(await qProj.getByRole('cell').allTextContents()).toEqual([
      '[4,096, 4,096]',
      '×32',
      '536,870,912',
      '7.41%',
    ]);
    // Each value carries its column's name on screen (not read twice: the label is CSS with empty alt text).
    const labels = await qProj
      .getByRole('cell')
      .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content));
    expect(labels).toEqual(['"Shape"', '"Copies"', '"Parameters"', '"Share"'].map((l) => `${l} / ""`));
    site.expectHealthy();
  });
});
