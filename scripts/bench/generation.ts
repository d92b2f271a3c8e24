/**
 * The loop chapter in Debian's Chromium, as a reader runs it: Play until the
 * limit on new tokens, on the glass box in its worker. The figures are the
 * panel's own (time to first token, prefill, decode speed), which include the
 * worker round trip and the page's rendering, unlike the Node bench of the
 * glass box alone; the pause between played steps is not counted.
 */
import type { Browser, Page } from 'playwright-core';
import type { Row } from './tokenizer';

const CHAPTER = 'chapters/the-loop/';
const TOKENS = 64;

const panel = (page: Page) => page.getByRole('region', { name: 'The loop', exact: true });

async function playOnce(page: Page): Promise<Row> {
  const started = Date.now();
  await panel(page).getByRole('button', { name: 'Play', exact: true }).click();
  await panel(page)
    .getByRole('status')
    .first()
    .filter({ hasText: `Stopped after ${TOKENS} tokens` })
    .waitFor({ timeout: 120_000 });
  const wallMs = Date.now() - started;
  const timings = (await panel(page).locator('.timings').textContent()) ?? '';
  const number = (pattern: RegExp) => timings.match(pattern)?.[1] ?? '';
  return {
    'time to first token ms': number(/Time to first token: ([\d.,]+) ms/),
    'prefill (20 tokens) ms': number(/Last prefill: 20 tokens read in ([\d.,]+) ms/),
    'decode tokens/s': number(/, ([\d,]+) tokens per second/),
    'wall s (with the 120 ms pause between steps)': (wallMs / 1000).toFixed(1),
  };
}

export async function benchLoop(browser: Browser, url: string): Promise<Row[]> {
  const page = await browser.newPage();
  try {
    await page.goto(url + CHAPTER);
    await panel(page).scrollIntoViewIfNeeded();
    await page.locator('astro-island[component-url*="LoopPanel"]:not([ssr])').waitFor({ timeout: 60_000 });
    await panel(page).getByRole('textbox', { name: 'Max new tokens', exact: true }).fill(String(TOKENS));
    const cold = await playOnce(page);
    await panel(page).getByRole('button', { name: 'Start over', exact: true }).click();
    const warm = await playOnce(page);
    return [
      { run: `first Play (the worker's start is not in these timings), ${TOKENS} tokens`, ...cold },
      { run: `warm (same worker, prompt prefilled again), ${TOKENS} tokens`, ...warm },
    ];
  } finally {
    await page.close();
  }
}
