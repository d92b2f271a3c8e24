/**
 * The loop chapter in Debian's Chromium, as a reader runs it: the seed
 * question at temperature 0, Play until the reply ends (the pocket model
 * chooses `</s>`, or the limit of 200 new tokens), on the pocket model in
 * its worker, then on the same model before training. The figures are the
 * panel's own (time to first token, prefill, decode speed), which include
 * the worker round trip, beside what Play delivered on the wall clock.
 */
import type { Browser, Page } from 'playwright-core';
import type { Row } from './tokenizer';

const CHAPTER = 'chapters/the-loop/?temperature=0';
const LIMIT = 200;

const panel = (page: Page) => page.getByRole('region', { name: 'The loop', exact: true });

async function playOnce(page: Page): Promise<Row> {
  const started = Date.now();
  await panel(page).getByRole('button', { name: 'Play', exact: true }).click();
  await panel(page).locator('.loop-ending').waitFor({ timeout: 120_000 });
  const wallMs = Date.now() - started;
  const timings = (await panel(page).locator('.timings').textContent()) ?? '';
  const number = (pattern: RegExp) => timings.match(pattern)?.[1] ?? '';
  const tokens = await panel(page).locator('.reply-tokens li').count();
  const text = ((await panel(page).locator('.reply__text').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return {
    'time to first token ms': number(/Time to first token: ([\d.,]+) ms/),
    'prefill (20 tokens) ms': number(/Last prefill: 20 tokens read in ([\d.,]+) ms/),
    'decode tokens/s (shown)': number(/, ([\d,]+) tokens per second/),
    'tokens/s Play delivered (wall)': (tokens / (wallMs / 1000)).toFixed(0),
    tokens,
    ending: ((await panel(page).locator('.loop-ending').textContent()) ?? '').trim(),
    reply: text.length > 160 ? `${text.slice(0, 157)}…` : text,
  };
}

export async function benchLoop(browser: Browser, url: string): Promise<Row[]> {
  const page = await browser.newPage();
  try {
    await page.goto(url + CHAPTER);
    await panel(page).scrollIntoViewIfNeeded();
    await panel(page).and(page.locator('[data-ready]')).waitFor({ timeout: 60_000 });
    await panel(page).getByRole('textbox', { name: 'Max new tokens', exact: true }).fill(String(LIMIT));
    const cold = await playOnce(page);
    await panel(page).getByRole('button', { name: 'Start over', exact: true }).click();
    const warm = await playOnce(page);
    await panel(page)
      .getByRole('radio', { name: /before training/ })
      .check();
    const untrained = await playOnce(page);
    return [
      { engine: 'pocket, first Play (weights download not timed)', ...cold },
      { engine: 'pocket, again (prompt prefilled again)', ...warm },
      { engine: 'before training', ...untrained },
    ];
  } finally {
    await page.close();
  }
}
