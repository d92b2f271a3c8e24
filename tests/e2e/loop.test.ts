/**
 * The loop chapter in real Chromium without WebGPU, against the built site:
 * steps on the glass box in a worker, play and the limit on new tokens,
 * forcing a candidate, rewinding to an earlier step, stop, bad settings, and
 * accessibility with a reply on screen.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations, NO_PROBLEMS, problemsOf } from './harness';
import { useSite } from './suite';

const UNTIL = { timeout: 30_000 };
const TITLE = 'The loop';
const site = useSite();

async function openChapter(
  colorScheme: 'light' | 'dark' = 'light',
  reducedMotion: 'reduce' | 'no-preference' = 'no-preference',
): Promise<Page> {
  const current = await site.open('chapters/the-loop/', { colorScheme, reducedMotion });
  await panel(current.page).scrollIntoViewIfNeeded();
  // The island hydrates when visible; typing before that would be replaced by the server's values.
  await current.page.locator('astro-island[component-url*="LoopPanel"]:not([ssr])').waitFor(UNTIL);
  return current.page;
}

const panel = (page: Page) => page.getByRole('region', { name: TITLE, exact: true });
const status = (page: Page) => panel(page).getByRole('status').first();
const button = (page: Page, name: string) => panel(page).getByRole('button', { name, exact: true });
const field = (page: Page, name: string) => panel(page).getByRole('textbox', { name, exact: true });
/** The reply's tokens as [piece, probability-or-forced] pairs. */
const chips = (page: Page) =>
  panel(page)
    .locator('.reply-token')
    .evaluateAll((buttons) =>
      buttons.map((b) => [
        b.querySelector('.reply-token__piece')!.textContent,
        b.querySelector('.reply-token__p')!.textContent,
      ]),
    );

/**
 * Presses Step `count` times, each once the previous step has landed. The chip count and the button's state
 * are read in one go in the page: read apart, a step could land between the two reads and be pressed twice.
 */
async function step(page: Page, count: number) {
  const before = (await chips(page)).length;
  for (let i = 0; i < count; i++) {
    await expect
      .poll(async () => {
        const clicked = await panel(page).evaluate((region, expected) => {
          const stepButton = [...region.querySelectorAll('button')].find(
            (b) => b.textContent?.trim() === 'Step',
          );
          if (
            region.querySelectorAll('.reply-token').length !== expected ||
            !stepButton ||
            stepButton.disabled
          )
            return false;
          stepButton.click();
          return true;
        }, before + i);
        if (!clicked) await page.waitForTimeout(50);
        return (await chips(page)).length;
      }, UNTIL)
      .toBe(before + i + 1);
  }
}

const expectNoProblems = () => expect(problemsOf(site.current)).toEqual(NO_PROBLEMS);

describe('the loop on the glass box', () => {
  it('steps: each token is appended with its probability, the text streams, timings appear', async () => {
    const page = await openChapter();
    expect(await panel(page).locator('.engine-badge').textContent()).toContain(
      'watch the mechanics, not the words',
    );
    await step(page, 3);
    const reply = await chips(page);
    expect(reply).toHaveLength(3);
    for (const [, probability] of reply) expect(probability).toMatch(/^[\d.]+%$/);
    expect(await status(page).textContent()).toMatch(/^Step 3: picked “.+” \(id \d+\), probability [\d.]+%/);
    expect(await panel(page).locator('.reply__text').textContent()).not.toBe('(nothing yet)');
    const timings = await panel(page).locator('.timings').textContent();
    expect(timings).toMatch(/Time to first token: [\d.]+ ms\./);
    expect(timings).toMatch(/Last prefill: 20 tokens read in [\d.]+ ms\./);
    expect(timings).toMatch(/Decoding: 2 tokens in [\d.]+ ms, [\d,]+ tokens per second\./);
    // The newest step's candidates are shown, the pick among them.
    // The newest step's ten best candidates, and the pick (added at the end when it ranks lower).
    const rows = panel(page).locator('.candidate-table tbody tr');
    expect([10, 11]).toContain(await rows.count());
    expect(await panel(page).locator('.candidate-table tr[data-picked]').count()).toBe(1);
    expectNoProblems();
  });

  it('forces a candidate instead of the pick, and goes on from it', async () => {
    const page = await openChapter();
    await step(page, 3);
    const before = await chips(page);
    // Choose step 2, then use its second-best candidate that was not the pick.
    await panel(page).locator('.reply-token').nth(1).click();
    const force = panel(page).locator('.candidate-table__force').first();
    const forcedPiece = await force.evaluate((element) => element.firstChild!.textContent!);
    await force.click();
    await expect.poll(() => chips(page)).toEqual([before[0], [forcedPiece, 'forced']]);
    expect(await status(page).textContent()).toMatch(/^Step 2: you forced “/);
    expect(await panel(page).locator('.reply-token').nth(1).getAttribute('data-forced')).toBe('true');
    await step(page, 1);
    expect((await chips(page)).slice(0, 2)).toEqual([before[0], [forcedPiece, 'forced']]);
    // The engine had read the old step 2, so the next step prefilled the prompt, step 1 and the forced token.
    expect(await panel(page).locator('.timings').textContent()).toMatch(/Last prefill: 22 tokens/);
    expectNoProblems();
  });

  it('rewinds to an earlier step and, with the same settings, the same tokens come back', async () => {
    const page = await openChapter();
    await step(page, 5);
    const before = await chips(page);
    await panel(page).locator('.reply-token').nth(2).click();
    await button(page, 'Go back to before step 3').click();
    await expect.poll(() => chips(page)).toEqual(before.slice(0, 2));
    await step(page, 3);
    expect(await chips(page)).toEqual(before);
    // Keyboard: the reply is one tab stop; arrow keys move between steps.
    await panel(page).locator('.reply-token[tabindex="0"]').focus();
    await page.keyboard.press('Home');
    await expect
      .poll(() => panel(page).locator('.reply-token').first().getAttribute('aria-pressed'))
      .toBe('true');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('reply-token'))).toBe(true);
    expectNoProblems();
  });

  it('plays until the limit on new tokens and says why it stopped; stop ends a reply early', async () => {
    const page = await openChapter();
    await field(page, 'Max new tokens').fill('4');
    await expect
      .poll(async () => {
        if ((await chips(page)).length === 0 && (await button(page, 'Play').isEnabled()))
          await button(page, 'Play').click();
        return status(page).textContent();
      }, UNTIL)
      .toBe(
        'Stopped after 4 tokens, the limit on new tokens: the model had not picked </s>, so the reply may be unfinished. Raise the limit to let it go on.',
      );
    expect(await chips(page)).toHaveLength(4);
    expect(await button(page, 'Step').isDisabled()).toBe(true);
    await field(page, 'Max new tokens').fill('6');
    await expect.poll(() => button(page, 'Step').isEnabled()).toBe(true);
    await step(page, 1);
    await button(page, 'Stop').click();
    await expect
      .poll(() => status(page).textContent())
      .toBe('You stopped the reply after 5 tokens. Go back to any step to go on from there.');
    await button(page, 'Start over').click();
    await expect.poll(() => chips(page)).toEqual([]);
    expectNoProblems();
  });

  it('gives messages for bad settings and keeps what was typed', async () => {
    const page = await openChapter();
    await field(page, 'Top-k').fill('2.5');
    await field(page, 'Max new tokens').fill('5000');
    await expect
      .poll(() => panel(page).locator('.settings__error').allTextContents(), UNTIL)
      .toEqual([
        'Top-k must be a whole number of tokens; 2.5 is not.',
        'The limit on new tokens must be a whole number from 1 to 4,096 (the context window); 5000 is not.',
      ]);
    expect(await field(page, 'Top-k').inputValue()).toBe('2.5');
    expect(await button(page, 'Step').isDisabled()).toBe(true);
    expect(await button(page, 'Play').isDisabled()).toBe(true);
    expectNoProblems();
  });

  it('keeps the settings typed in One token when the reader moves on; leaving in mid-play leaves no error', async () => {
    const { page } = await site.open('chapters/one-token/');
    const oneToken = page.getByRole('region', { name: 'One token', exact: true });
    await oneToken.scrollIntoViewIfNeeded();
    await page.locator('astro-island[component-url*="OneTokenPanel"]:not([ssr])').waitFor(UNTIL);
    await oneToken.getByRole('textbox', { name: 'Temperature', exact: true }).fill('0.5');
    // The client router swaps the page in place: the settings' store (and any loaded model) carry over.
    await page
      .locator('.prev-next')
      .getByRole('link', { name: /The loop/ })
      .click();
    await page.waitForURL(/\/chapters\/the-loop\/$/);
    await panel(page).scrollIntoViewIfNeeded();
    await page.locator('astro-island[component-url*="LoopPanel"]:not([ssr])').waitFor(UNTIL);
    // The server rendered the default; the typed value follows once the island has mounted.
    await expect.poll(() => field(page, 'Temperature').inputValue(), UNTIL).toBe('0.5');
    await step(page, 1);
    await button(page, 'Play').click();
    await page
      .locator('.prev-next')
      .getByRole('link', { name: /Parameters/ })
      .click();
    await page.waitForURL(/\/chapters\/parameters\/$/);
    await page.waitForTimeout(500);
    expectNoProblems();
  });

  it('has no accessibility violations with a reply and its candidates on screen, in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // Reduced motion: the newest chip appears without its fade, so axe sees the colours it settles on.
      const page = await openChapter(colorScheme, 'reduce');
      await step(page, 3);
      await panel(page).locator('.reply-token').nth(1).click();
      await panel(page).locator('.candidate-table__force').first().click();
      await expect.poll(async () => (await chips(page)).at(-1)?.[1]).toBe('forced');
      const violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      expectNoProblems();
    }
  });
});
