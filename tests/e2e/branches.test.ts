/**
 * The loop's branches in real Chromium on the pocket model: forcing keeps
 * the first reply as a branch, re-opening it brings it back and stepping
 * goes on from it; beam search adds its replies with their log-probabilities;
 * a bad beam width gets a message and keeps what was typed; no accessibility
 * violations with branches on screen, in both themes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { UNTIL, useSite, SLOW_TEST_MS } from './suite';

const TITLE = 'The loop';
const site = useSite();

async function openChapter(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const { page } = await site.open('chapters/the-loop/', { colorScheme, reducedMotion: 'reduce' });
  await site.panel(page, TITLE);
  return page;
}

const panel = (page: Page) => page.getByRole('region', { name: TITLE, exact: true });
const button = (page: Page, name: string) => panel(page).getByRole('button', { name, exact: true });
const field = (page: Page, name: string) => panel(page).getByRole('textbox', { name, exact: true });
const chipIds = (page: Page) =>
  panel(page)
    .locator('.reply-token')
    .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset['index'] + ':' + b.textContent));
/** Each branch as its name, whether it is current, and its score line. */
const branches = (page: Page) =>
  panel(page)
    .locator('.branch')
    .evaluateAll((items) =>
      items.map((item) => ({
        name: item.querySelector('.branch__name')!.textContent,
        current: item.getAttribute('aria-current') === 'true',
        score: item.querySelector('.branch__score')!.textContent,
      })),
    );

async function step(page: Page, count: number) {
  const before = (await chipIds(page)).length;
  for (let i = 0; i < count; i++) {
    await expect.poll(() => button(page, 'Step').isEnabled(), UNTIL).toBe(true);
    await button(page, 'Step').click();
    await expect.poll(async () => (await chipIds(page)).length, UNTIL).toBe(before + i + 1);
  }
}

const SCORE = /^\d+ tokens?, log-probability −\d+\.\d\d \(mean −\d+\.\d\d per token\)\.$/;

describe('branches in the loop', () => {
  it('keeps the first reply when a token is forced, re-opens it, and a beam search adds its replies', async () => {
    const page = await openChapter();
    await field(page, 'Max new tokens').fill('8');
    await step(page, 3);
    const first = await chipIds(page);
    await panel(page).locator('.reply-token').nth(1).click();
    await panel(page).locator('.candidate-table__force').first().click();
    await expect.poll(async () => (await chipIds(page)).length, UNTIL).toBe(2);

    // Two branches: the first reply, and the forced one nested under it (they share the first token).
    await expect.poll(async () => (await branches(page)).length, UNTIL).toBe(2);
    const two = await branches(page);
    expect(two.map(({ name, current }) => ({ name, current }))).toEqual([
      { name: 'Branch 1', current: false },
      { name: 'Branch 2', current: true },
    ]);
    for (const { score } of two) expect(score).toMatch(SCORE);
    expect(await panel(page).locator('.branch .branch .branch__shared').textContent()).toBe(
      '… 1 shared token, then ',
    );
    expect(await panel(page).locator('.branch[aria-current="true"] .branch__now').textContent()).toBe(
      'the reply now',
    );

    // Re-open the first reply: its tokens come back as they were, and Step goes on from its end.
    await button(page, 'Open Branch 1').click();
    await expect.poll(() => chipIds(page), UNTIL).toEqual(first);
    expect((await branches(page)).map((branch) => branch.current)).toEqual([true, false]);
    await step(page, 1);
    expect((await chipIds(page)).slice(0, 3)).toEqual(first);
    // The engine had read the forced reply, so this step read the prompt and the three tokens again.
    expect(await panel(page).locator('.loop-speed').textContent()).toMatch(/Last prefill: 23 tokens/);

    // The table twin of a branch's shading: one row per token, each with its probability.
    await panel(page).locator('.branch').first().locator(':scope > .branch__table summary').click();
    const rows = panel(page).locator('.branch').first().locator(':scope > .branch__table tbody tr');
    await expect.poll(() => rows.count(), UNTIL).toBe(4);
    expect(await rows.first().locator('td').nth(1).textContent()).toMatch(/^[\d.]+%$/);

    // Beam search of width 2 from the prompt: two more branches, labelled, each with its log-probability.
    await field(page, 'Beam width').fill('2');
    await button(page, 'Beam search').click();
    await expect
      .poll(() => panel(page).locator('.search-note').textContent(), UNTIL)
      .toMatch(/^Beam search \(width 2\) called the model \d+ times and added 2 branches, best first\.$/);
    const all = await branches(page);
    const beams = all.filter((branch) => / beam \d of 2$/.test(branch.name ?? ''));
    expect(beams.map((branch) => branch.name!.replace(/^Branch \d+, /, '')).sort()).toEqual([
      'beam 1 of 2',
      'beam 2 of 2',
    ]);
    for (const { score } of beams) expect(score).toMatch(SCORE);
    const logProb = (score: string | null) =>
      Number(/log-probability (−[\d.]+)/.exec(score!)![1]!.replace('−', '-'));
    const [best, second] = ['beam 1 of 2', 'beam 2 of 2'].map((label) =>
      logProb(beams.find((branch) => branch.name!.endsWith(label))!.score),
    );
    expect(best!).toBeGreaterThanOrEqual(second!);
    // The reply on screen is still the re-opened one.
    expect((await chipIds(page)).slice(0, 3)).toEqual(first);
    site.expectHealthy();
  });

  it('gives a message for a beam width outside 2 to 4 and keeps what was typed', async () => {
    const page = await openChapter();
    await field(page, 'Beam width').fill('5');
    await expect
      .poll(() => panel(page).locator('.search-controls .text-field__error').textContent(), UNTIL)
      .toBe(
        'Beam width 5 is out of range: use a whole number from 2 to 4 (each beam costs one model call per token; width 1 is greedy search).',
      );
    expect(await field(page, 'Beam width').inputValue()).toBe('5');
    expect(await button(page, 'Beam search').isDisabled()).toBe(true);
    await field(page, 'Beam width').fill('2.5');
    await expect
      .poll(() => panel(page).locator('.search-controls .text-field__error').textContent(), UNTIL)
      .toBe('The beam width must be a whole number of beams; 2.5 is not.');
    site.expectHealthy();
  });

  it('keeps a beam width typed before the panel’s code arrived, and answers it', async () => {
    const { page, context } = await site.blank();
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    await context.route('**/_astro/*.js', async (route) => {
      await arrived;
      await route.continue();
    });
    await page.goto(`${site.server.url}chapters/the-loop/`, { waitUntil: 'commit' });
    await page.locator('#loop-beam-width').fill('7');
    arrive();
    await site.panel(page, TITLE);
    await expect
      .poll(() => page.locator('#loop-beam-width-error').textContent(), UNTIL)
      .toMatch(/^Beam width 7 is out of range/);
    expect(await page.locator('#loop-beam-width').inputValue()).toBe('7');
    site.expectHealthy();
  });

  it(
    'has no accessibility violations with branches on screen, in both themes, and fits 360 px without sideways scroll',
    async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await openChapter(colorScheme);
        await field(page, 'Max new tokens').fill('6');
        await button(page, 'Greedy search').click();
        await expect
          .poll(() => panel(page).locator('.search-note').textContent(), UNTIL)
          .toMatch(/^Greedy search called the model \d+ times and added 1 branch, best first\.$/);
        await step(page, 2);
        const violations = await checkA11y(page);
        expect(violations, formatViolations(violations)).toEqual([]);
        await page.setViewportSize({ width: 360, height: 800 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      }
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );
});
