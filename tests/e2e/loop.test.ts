/**
 * The loop chapter in real Chromium without WebGPU, against the built site:
 * the pocket model in its worker writes an email to the seed question and
 * ends it with </s> by itself; steps, play and the limit on new tokens,
 * forcing a candidate, rewinding to an earlier step, stop, bad settings, and
 * accessibility with a reply on screen.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { SLOW, SLOW_TEST_MS, UNTIL, useSite } from './suite';

const TITLE = 'The loop';
const site = useSite();

async function openChapter(
  colorScheme: 'light' | 'dark' = 'light',
  reducedMotion: 'reduce' | 'no-preference' = 'no-preference',
  address = 'chapters/the-loop/',
): Promise<Page> {
  const { page } = await site.open(address, { colorScheme, reducedMotion });
  await site.panel(page, TITLE);
  return page;
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

/** Presses Step `count` times, each once the previous step has landed and the button is enabled again. */
async function step(page: Page, count: number) {
  const before = (await chips(page)).length;
  for (let i = 0; i < count; i++) {
    await expect.poll(() => button(page, 'Step').isEnabled(), UNTIL).toBe(true);
    await button(page, 'Step').click();
    await expect.poll(async () => (await chips(page)).length, UNTIL).toBe(before + i + 1);
  }
}

describe('the loop on the pocket model', () => {
  it(
    'writes an email to the seed question at temperature 0, “Dear …”, and ends it with </s> by itself',
    async () => {
      const page = await openChapter('light', 'no-preference', 'chapters/the-loop/?temperature=0');
      await field(page, 'Max new tokens').fill('200');
      await button(page, 'Play').click();
      await expect
        .poll(() => status(page).textContent(), SLOW)
        .toMatch(
          /^The model picked <\/s> \(id 2\), the end-of-text token: the reply is complete after \d+ tokens\.$/,
        );
      const reply = await chips(page);
      expect(reply[0]).toEqual(['▁Dear', '100%']);
      expect(reply.at(-1)?.[0]).toBe('</s>');
      expect(reply.length).toBeLessThanOrEqual(200);
      expect(await panel(page).locator('.reply__text').textContent()).toMatch(/^Dear /);
      // The timeline: one bar per token, the first a prefill of the 20-token prompt, the last marked.
      const bars = panel(page).locator('.loop-timeline__step');
      expect(await bars.count()).toBe(reply.length);
      expect(await bars.first().getAttribute('class')).toContain('loop-timeline__step--prefill');
      expect(await panel(page).locator('.loop-timeline__label').first().textContent()).toMatch(/^prefill/);
      expect(await panel(page).locator('.loop-timeline__label').last().textContent()).toBe('stop');
      const name = await panel(page).locator('.loop-timeline__svg').getAttribute('aria-label');
      expect(name).toMatch(
        new RegExp(
          `^Timeline of the loop: ${reply.length} steps in [\\d,.]+ ms of model time: 1 prefill \\([\\d,.]+ ms, first reading 20 tokens\\), then ${reply.length - 1} decode steps`,
        ),
      );
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it('steps: each token is appended with its probability, the text streams, timings appear', async () => {
    const page = await openChapter();
    expect(await panel(page).locator('.engine-badge').textContent()).toContain('not facts');
    await step(page, 3);
    const reply = await chips(page);
    expect(reply).toHaveLength(3);
    for (const [, probability] of reply) expect(probability).toMatch(/^[\d.]+%$/);
    expect(await status(page).textContent()).toMatch(/^Step 3: picked “.+” \(id \d+\), probability [\d.]+%/);
    expect(await panel(page).locator('.reply__text').textContent()).not.toBe('(nothing yet)');
    const speed = await panel(page).locator('.loop-speed').textContent();
    expect(speed).toMatch(/Time to first token[\d,.]+ ms/);
    expect(speed).toMatch(/Last prefill: 20 tokens read in [\d,.]+ ms\./);
    expect(speed).toMatch(/Compute[\d,.]+ tokens\/s \(time inside the model: 2 decode steps took [\d,.]+ ms/);
    // Step alone is no Play: no wall-clock figure yet.
    expect(speed).not.toMatch(/You saw/);
    // The timeline's twin: one row per step, the prefill reading the prompt, then one token each.
    const twin = await panel(page)
      .locator('.loop-timeline__table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.children[3]!.textContent));
    expect(twin).toEqual(['prefill, read 20', 'decode, read 1', 'decode, read 1']);
    // The newest step's candidates are shown, the pick among them.
    // The newest step's ten best candidates, and the pick (added at the end when it ranks lower).
    const rows = panel(page).locator('.candidate-table tbody tr');
    expect([10, 11]).toContain(await rows.count());
    expect(await panel(page).locator('.candidate-table tr[data-picked]').count()).toBe(1);
    site.expectHealthy();
  });

  it('forces a candidate instead of the pick, and goes on from it', async () => {
    const page = await openChapter();
    await step(page, 3);
    const before = await chips(page);
    // Choose step 2, then use its second-best candidate that was not the pick.
    await panel(page).locator('.reply-token').nth(1).click();
    const force = panel(page).locator('.candidate-table__force').first();
    // The button's visible text: the piece (its ▁ set apart in a span), without the words for screen readers.
    const forcedPiece = await force.evaluate((element) =>
      [...element.childNodes]
        .filter((node) => !(node instanceof HTMLElement && node.classList.contains('visually-hidden')))
        .map((node) => node.textContent)
        .join(''),
    );
    await force.click();
    await expect.poll(() => chips(page), UNTIL).toEqual([before[0], [forcedPiece, 'forced']]);
    expect(await status(page).textContent()).toMatch(/^Step 2: you forced “/);
    expect(await panel(page).locator('.reply-token').nth(1).getAttribute('data-forced')).toBe('true');
    await step(page, 1);
    expect((await chips(page)).slice(0, 2)).toEqual([before[0], [forcedPiece, 'forced']]);
    // The engine had read the old step 2, so the next step prefilled the prompt, step 1 and the forced token.
    expect(await panel(page).locator('.loop-speed').textContent()).toMatch(/Last prefill: 22 tokens/);
    site.expectHealthy();
  });

  it('rewinds to an earlier step and, with the same settings, the same tokens come back', async () => {
    const page = await openChapter();
    await step(page, 5);
    const before = await chips(page);
    await panel(page).locator('.reply-token').nth(2).click();
    await button(page, 'Go back to before step 3').click();
    await expect.poll(() => chips(page), UNTIL).toEqual(before.slice(0, 2));
    await step(page, 3);
    expect(await chips(page)).toEqual(before);
    // Keyboard: the reply is one tab stop; arrow keys move between steps.
    await panel(page).locator('.reply-token[tabindex="0"]').focus();
    await page.keyboard.press('Home');
    await expect
      .poll(() => panel(page).locator('.reply-token').first().getAttribute('aria-pressed'), UNTIL)
      .toBe('true');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('reply-token'))).toBe(true);
    site.expectHealthy();
  });

  it('plays until the limit on new tokens and says why it stopped; stop ends a reply early', async () => {
    const page = await openChapter();
    await field(page, 'Max new tokens').fill('4');
    await button(page, 'Play').click();
    await expect
      .poll(() => status(page).textContent(), UNTIL)
      .toBe(
        'Stopped after 4 tokens, the limit on new tokens: the model had not picked </s>, so the reply may be unfinished. Raise the limit to let it go on.',
      );
    expect(await chips(page)).toHaveLength(4);
    expect(await button(page, 'Step').isDisabled()).toBe(true);
    await field(page, 'Max new tokens').fill('6');
    await expect.poll(() => button(page, 'Step').isEnabled(), UNTIL).toBe(true);
    await step(page, 1);
    await button(page, 'Stop').click();
    await expect
      .poll(() => status(page).textContent(), UNTIL)
      .toBe('You stopped the reply after 5 tokens. Go back to any step to go on from there.');
    await button(page, 'Start over').click();
    await expect.poll(() => chips(page), UNTIL).toEqual([]);
    site.expectHealthy();
  });

  it('gives messages for bad settings and keeps what was typed', async () => {
    const page = await openChapter();
    await field(page, 'Top-k').fill('2.5');
    await field(page, 'Max new tokens').fill('5000');
    await expect
      .poll(() => panel(page).locator('.text-field__error').allTextContents(), UNTIL)
      .toEqual([
        'Top-k must be a whole number of tokens; 2.5 is not.',
        'The limit on new tokens must be a whole number from 1 to 256 (the context window); 5000 is not.',
      ]);
    expect(await field(page, 'Top-k').inputValue()).toBe('2.5');
    expect(await button(page, 'Step').isDisabled()).toBe(true);
    expect(await button(page, 'Play').isDisabled()).toBe(true);
    site.expectHealthy();
  });

  it('keeps the settings typed in One token when the reader moves on; leaving in mid-play leaves no error', async () => {
    const { page } = await site.open('chapters/one-token/');
    const oneToken = await site.panel(page, 'One token');
    await oneToken.getByRole('textbox', { name: 'Temperature', exact: true }).fill('0.5');
    // The client router swaps the page in place: the settings' store (and any loaded model) carry over.
    await site.followChapterLink(page, /The loop/);
    expect(page.url()).toMatch(/\/chapters\/the-loop\/$/);
    await site.panel(page, TITLE);
    // The server rendered the default; the typed value follows once the island has mounted.
    await expect.poll(() => field(page, 'Temperature').inputValue(), UNTIL).toBe('0.5');
    await step(page, 1);
    await button(page, 'Play').click();
    await site.followChapterLink(page, /Parameters/);
    expect(page.url()).toMatch(/\/chapters\/parameters\/$/);
    // The next page's own panel comes up, and the loop left behind logged nothing on its way out.
    await site.panel(page, 'The network and its parameters');
    site.expectHealthy();
  });

  it(
    'has no accessibility violations with a reply, its candidates and its timeline on screen, in both themes',
    async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        // Reduced motion: the newest chip appears without its fade, so axe sees the colours it settles on.
        const page = await openChapter(colorScheme, 'reduce');
        await step(page, 3);
        await panel(page).locator('.reply-token').nth(1).click();
        await panel(page).locator('.candidate-table__force').first().click();
        await expect.poll(async () => (await chips(page)).at(-1)?.[1], UNTIL).toBe('forced');
        // The timeline's table twin open, so its cells are checked too.
        await panel(page).locator('.loop-timeline__table summary').click();
        const violations = await checkA11y(page);
        expect(violations, formatViolations(violations)).toEqual([]);
      }
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it('applies penalties from the address: each step’s table shows the scores they moved and the stages in order', async () => {
    const page = await openChapter(
      'light',
      'no-preference',
      'chapters/the-loop/?temperature=0&repetition_penalty=1.3&frequency_penalty=0.2',
    );
    // Set in the address, so the extra stages are open to show it.
    expect(await panel(page).locator('details.more-stages').getAttribute('open')).not.toBeNull();
    await step(page, 4);
    const prompt = (await panel(page).locator('.prompt-line__ids').textContent())!.split(' ').map(Number);
    const replyIds = await panel(page)
      .locator('.reply-token .visually-hidden')
      .evaluateAll((spans) => spans.map((span) => Number(/id (\d+)/.exec(span.textContent ?? '')![1])));
    // Step 4 was picked from scores that had read the prompt and the first three reply tokens.
    const reply = replyIds.slice(0, 3);
    const table = panel(page).locator('.step-detail .candidate-table');
    const heads = await table.locator('thead th').allTextContents();
    expect(heads).toContain('After penalties');
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
      );
    const cell = (row: string[], name: string) => Number(row[heads.indexOf(name)]!.replace('−', '-'));
    let moved = 0;
    for (const row of rows) {
      const id = cell(row, 'Id');
      const logit = cell(row, 'Logit');
      // Worked by hand from the definitions: Hugging Face's repetition penalty on every id of the context
      // (divide a positive logit by 1.3, multiply a negative one), then OpenAI's frequency penalty, 0.2 for
      // each time the reply holds the id.
      const seen = prompt.includes(id) || reply.includes(id);
      const count = reply.filter((other) => other === id).length;
      const expected = (seen ? (logit < 0 ? logit * 1.3 : logit / 1.3) : logit) - 0.2 * count;
      expect(cell(row, 'After penalties'), `id ${id}`).toBeCloseTo(expected, 1);
      if (seen) moved++;
    }
    // The seed question's own words are among the candidates (temperature 0: the same every run).
    expect(moved).toBeGreaterThan(0);
    // `</s>` is always offered, and the stage list starts at the whole vocabulary with the penalties on.
    expect(rows.some((row) => cell(row, 'Id') === 2)).toBe(true);
    const stages = await panel(page).locator('.step-detail .stage-summary li').allTextContents();
    expect(stages.slice(0, 2)).toEqual(['vocabulary 32,000', 'penalties 32,000']);
    site.expectHealthy();
  });

  it(
    'shows what Play delivers on the wall clock beside the model’s speed, and why the two differ',
    async () => {
      const page = await openChapter('light', 'no-preference', 'chapters/the-loop/?temperature=0');
      await field(page, 'Max new tokens').fill('60');
      // A first step opens the model, so the Play timed below holds no loading.
      await step(page, 1);
      // Timed inside the page, from the click to the ending on screen: a MutationObserver sees it at once.
      const wallMs = await panel(page).evaluate(
        (element) =>
          new Promise<number>((resolve) => {
            const play = [...element.querySelectorAll('button')].find(
              (b) => b.textContent?.trim() === 'Play',
            )!;
            const started = performance.now();
            const observer = new MutationObserver(() => {
              if (
                !/the reply is complete|Stopped after/.test(
                  element.querySelector('[role="status"]')?.textContent ?? '',
                )
              )
                return;
              observer.disconnect();
              resolve(performance.now() - started);
            });
            observer.observe(element, { childList: true, subtree: true, characterData: true });
            play.click();
          }),
      );
      const added = (await chips(page)).length - 1;
      const text = (await panel(page).locator('.loop-speed').textContent())!;
      const number = (pattern: RegExp) => Number(pattern.exec(text)![1]!.replace(/,/g, ''));
      const seen = number(/You saw([\d,.]+) tokens\/s/);
      const seenTokens = number(/its newest token: ([\d,]+) tokens? in/);
      const seenMs = number(/its newest token: [\d,]+ tokens? in ([\d,.]+) ms/);
      expect(seenTokens).toBe(added);
      // The figure is its own numbers' quotient (to the rounding shown)...
      expect(Math.abs(seen - (1000 * seenTokens) / seenMs)).toBeLessThan(0.6);
      // ...and no faster than the page's own clock allows: the observer's wall time holds Play's, plus drawing the ending.
      expect(seenMs).toBeLessThanOrEqual(wallMs + 1);
      expect(seenMs).toBeGreaterThan(wallMs * 0.5);
      // Why they differ: the parts add up to Play's wall clock (each rounded to the millisecond).
      const why =
        /Why they differ: of Play’s ([\d,.]+) ms, ([\d,.]+) ms for the decode steps and the sampler’s picks, ([\d,.]+) ms on the page/.exec(
          text,
        )!;
      const [total, model, pageMs] = why.slice(1).map((part) => Number(part.replace(/,/g, '')));
      expect(Math.abs(model! + pageMs! - total!)).toBeLessThanOrEqual(1.5);
      expect(text).toMatch(/Compute[\d,.]+ tokens\/s/);
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it(
    'the timeline: hover and arrow keys show a step, a click or Enter opens it; at 360 px only its box scrolls',
    async () => {
      const page = await openChapter();
      await page.setViewportSize({ width: 360, height: 800 });
      await step(page, 6);
      const readout = panel(page).locator('.loop-timeline__readout');
      const box = panel(page).getByRole('region', { name: /^Timeline of the steps/ });
      await box.focus();
      await page.keyboard.press('Home');
      await expect
        .poll(() => readout.textContent(), UNTIL)
        .toMatch(/^Step 1: “.+” \(id \d+\), [\d.]+%; a prefill: read 20 tokens, [\d,.]+ ms\.$/);
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(() => readout.textContent(), UNTIL)
        .toMatch(/^Step 2: .*; a decode step: read 1 token, [\d,.]+ ms\.$/);
      await page.keyboard.press('Enter');
      await expect
        .poll(() => panel(page).locator('.reply-token').nth(1).getAttribute('aria-pressed'), UNTIL)
        .toBe('true');
      expect(await panel(page).locator('.step-detail__summary').textContent()).toMatch(/^Step 2: /);
      // Focus stays in the timeline.
      expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
      // A click on a bar opens that step too.
      await panel(page).locator('.loop-timeline__step[data-index="4"] .loop-timeline__hit').click();
      await expect
        .poll(() => panel(page).locator('.step-detail__summary').textContent(), UNTIL)
        .toMatch(/^Step 5: /);
      // The table twin at 360 px: no cell squeezed to a few characters a line (it scrolls in its own box).
      await panel(page).locator('.loop-timeline__table summary').click();
      const cells = panel(page).locator('.loop-timeline__table tbody tr').first().locator('th, td');
      const heights = await cells.evaluateAll((all) =>
        all.map((cell) => cell.getBoundingClientRect().height),
      );
      const lineHeight = Math.min(...heights);
      for (const height of heights) expect(height).toBeLessThan(lineHeight * 1.5);
      // The page never scrolls sideways; the timeline's box may.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );
});
