/**
 * The pocket model's card (/pocket-model/) in real Chromium: what it says
 * the model answers, its architecture beside Mistral-7B's, the training
 * chart (drawn only when scrolled to) with its table twin, the held-out
 * table, a phone's width, and accessibility in both themes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { recordRequests, UNTIL, useSite, type PageOptions } from './suite';

const site = useSite();
const ADDRESS = 'pocket-model/';

const cells = (page: Page, table: string, row: string) =>
  page
    .getByRole('table', { name: table })
    .getByRole('row', { name: row })
    .getByRole('cell')
    .allTextContents();
const number = (text: string) => Number(text.replace(/,/g, ''));

/** Scrolls to the training chart and waits until uPlot has drawn it. */
async function drawChart(page: Page) {
  const chart = page.getByRole('img', { name: /Training and held-out loss/ });
  await chart.scrollIntoViewIfNeeded();
  await chart.locator('canvas').waitFor(UNTIL);
  return chart;
}

async function open(options: PageOptions = {}) {
  const { page } = await site.open(ADDRESS, options);
  return page;
}

describe('the pocket model’s card', () => {
  it('quotes the seed reply, which starts as Mistral-7B’s did, and compares the two models’ shapes', async () => {
    const page = await open();
    await expect.poll(() => page.locator('blockquote').first().textContent(), UNTIL).toMatch(/^\s*Dear /);
    await expect.poll(() => page.locator('main').textContent(), UNTIL).toMatch(/ending with <\/s>/);
    const table = 'The pocket model beside Mistral-7B-Instruct-v0.1';
    // 32,000 x 128 (embedding, tied to the head) + 6 layers x 221,440 + 128 (final norm); Mistral-7B's count is the seed notebook's.
    expect(await cells(page, table, 'Parameters (as the architecture counts them)')).toEqual([
      '5,424,768',
      '7,241,732,096',
    ]);
    expect(await cells(page, table, 'Vocabulary (tokenizer)')).toEqual(['32,000', '32,000']);
    site.expectHealthy();
  });

  it('gives each source’s held-out perplexity beside the trigram’s, the ratio matching the two columns', async () => {
    const page = await open();
    const table = page.getByRole('table', { name: /Held-out perplexity by source/ });
    const header = await table.locator('thead th').allTextContents();
    const column = (name: string) => header.indexOf(name) - 1; // cells follow the row's header cell
    const rows = await table.locator('tbody tr').all();
    expect(rows.length).toBe(7);
    for (const row of rows) {
      const values = await row.getByRole('cell').allTextContents();
      const pocket = number(values[column('Pocket model')]!);
      const trigram = number(values[column('Trigram')]!);
      const ratio = number(values[column('Pocket / trigram')]!);
      expect(Math.abs(ratio - pocket / trigram)).toBeLessThan(0.02);
      // Better than the trigram on every source.
      expect(ratio).toBeLessThan(1);
    }
    site.expectHealthy();
  });

  it('loads the chart code only when the chart comes into view, then draws it', async () => {
    const { page } = await site.blank({ viewport: { width: 1280, height: 700 } });
    const requested = recordRequests(site.current);
    await page.goto(`${site.server.url}${ADDRESS}`, { waitUntil: 'networkidle' });
    expect(requested.filter((url) => /uPlot|uplot|TrainingCurve/.test(url))).toEqual([]);
    await drawChart(page);
    expect(requested.some((url) => /uPlot|uplot|TrainingCurve/.test(url))).toBe(true);
    // The table twin carries the same held-out points for readers who cannot see the chart.
    const rows = page.getByRole('table', { name: 'Held-out loss during pre-training' }).locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(3);
    site.expectHealthy();
  });

  it('fits a phone screen without sideways scrolling; wide tables scroll inside their own box', async () => {
    const page = await open({ viewport: { width: 360, height: 800 } });
    await drawChart(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const box = page.getByRole('region', { name: 'Held-out perplexity by source' });
    expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    site.expectHealthy();
  });

  it('has no accessibility violations, chart drawn, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open({ colorScheme });
      await drawChart(page);
      const violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
    }
    site.expectHealthy();
  });
});
