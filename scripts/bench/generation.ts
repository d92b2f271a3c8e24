/**
 * The loop chapter in Debian's Chromium, as a reader runs it: the seed
 * question at temperature 0, Play until the reply ends (the pocket model
 * chooses `</s>`, or the limit of 200 new tokens), on the pocket model in
 * its worker, then on the same model before training. The figures are the
 * panel's own (time to first token, prefill, the compute speed, which
 * includes the worker round trip; what its last Play delivered on the wall
 * clock, and the part of it spent on the page between model calls), beside
 * the bench's own wall clock for the same Play, taken inside the page.
 */
import type { Browser, Page } from 'playwright-core';
import type { Row } from './tokenizer';

const CHAPTER = 'chapters/the-loop/?temperature=0';
const LIMIT = 200;

const panel = (page: Page) => page.getByRole('region', { name: 'The loop', exact: true });

/**
 * Clicks Play and times it inside the page, until the reply's ending
 * appears: a MutationObserver sees it at once, where a test tool's polling
 * would itself take the main thread the loop shares.
 */
const PLAY_IN_PAGE = `new Promise((resolve) => {
  const panel = document.querySelector('[data-bench="loop"]');
  const play = [...panel.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Play');
  const started = performance.now();
  const ended = () => /the reply is complete|Stopped after/.test(panel.querySelector('[role="status"]')?.textContent ?? '');
  const observer = new MutationObserver(() => {
    if (!ended()) return;
    observer.disconnect();
    resolve(performance.now() - started);
  });
  observer.observe(panel, { childList: true, subtree: true, characterData: true });
  play.click();
})`;

async function playOnce(page: Page): Promise<Row> {
  await panel(page).evaluate((element) => element.setAttribute('data-bench', 'loop'));
  const wallMs = (await page.evaluate(PLAY_IN_PAGE)) as number;
  const timings = (await panel(page).locator('.loop-speed').textContent()) ?? '';
  const number = (pattern: RegExp) => timings.match(pattern)?.[1] ?? '';
  const tokens = await panel(page).locator('.reply-tokens li').count();
  const text = ((await panel(page).locator('.reply__text').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return {
    'time to first token ms': number(/Time to first token([\d.,]+) ms/),
    'prefill (20 tokens) ms': number(/Last prefill: 20 tokens read in ([\d.,]+) ms/),
    'compute tokens/s (shown)': number(/Compute([\d.,]+) tokens\/s/),
    'Play tokens/s (shown, wall clock)': number(/You saw([\d.,]+) tokens\/s/),
    'Play ms on the page between model calls': number(/([\d.,]+) ms on the page between model calls/),
    'Play tokens/s (bench wall clock)': (tokens / (wallMs / 1000)).toFixed(0),
    tokens,
    ending: ((await panel(page).getByRole('status').first().textContent()) ?? '').trim(),
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
      { engine: 'pocket, first Play (its wall clock includes opening the model)', ...cold },
      { engine: 'pocket, again (prompt prefilled again)', ...warm },
      { engine: 'before training', ...untrained },
    ];
  } finally {
    await page.close();
  }
}
