/**
 * The journey figure in real Chromium: on the home page and at the top of
 * every chapter, each step a link to its chapter, the chapter's own steps
 * lit; whole without JavaScript (the seed, in the built HTML); the reader's
 * own conversation, from a link, from the tab after a chapter change, and
 * live while it is edited; no sideways scrolling on a phone; axe clean.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { E2E_DIST_PATH, UNTIL, useSite } from './suite';

const site = useSite();

const SEED_PROMPT = 'Can you write an email explaining what an LLM is?';
const figure = (page: Page) => page.getByRole('figure', { name: /How a prompt becomes an answer/ });
const step = (page: Page, name: string) =>
  figure(page).getByRole('link', { name: new RegExp(`^Step \\d: ${name}`) });
/** Waits until the island has read the page's conversation (the server's HTML never has `data-ready`). */
const hydrated = (page: Page) => page.locator('figure.journey[data-ready]').waitFor(UNTIL);

/** Which steps each chapter explains, written out by hand from the chapters' contents. */
const LIT: Record<string, string[]> = {
  tokens: ['text', 'tokens'],
  'chat-template': ['template'],
  'loading-the-model': [],
  'one-token': ['scores', 'pick'],
  'the-loop': ['appended'],
  parameters: [],
  'inside-mistral': ['embeddings', 'layers'],
};

describe('the journey figure', () => {
  it('is in the built HTML with the seed’s numbers, so it is whole without JavaScript', () => {
    const html = readFileSync(path.join(E2E_DIST_PATH, 'chapters/tokens/index.html'), 'utf8');
    const figureHtml = html.slice(html.indexOf('<figure class="journey"'), html.indexOf('</figure>'));
    for (const fact of [SEED_PROMPT, '13 ids', '20 ids', '4,096 numbers per token', '32 decoder layers']) {
      expect(figureHtml).toContain(fact);
    }
    expect(figureHtml).toContain('32,000 scores');
    expect(figureHtml).toContain('21 ids');
    expect(figureHtml).toContain('data-pagefind-ignore');
  });

  it.each(Object.entries(LIT))(
    'chapter %s lights its own steps, and every step links to a page that exists',
    async (slug, lit) => {
      const { page } = await site.open(`chapters/${slug}/`);
      const current = figure(page).locator('[aria-current="page"]');
      expect(await current.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(
        Array.from({ length: Math.max(lit.length, 1) }, () => `/chapters/${slug}/`),
      );
      expect(
        await figure(page)
          .locator('a.journey__stage[aria-current="page"]')
          .evaluateAll((links) => links.map((link) => (link as HTMLElement).dataset['stage'])),
      ).toEqual(lit);
      // Lit in words too, not by colour alone.
      for (const stage of lit) {
        expect(await figure(page).locator(`[data-stage="${stage}"]`).textContent()).toContain('This chapter');
      }
      const hrefs = await figure(page)
        .getByRole('link')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
      expect(hrefs).toHaveLength(10);
      for (const href of new Set(hrefs)) {
        expect(href).toMatch(/^\/chapters\/[a-z-]+\/$/);
        expect((await fetch(site.server.origin + href)).status, href).toBe(200);
      }
      site.expectHealthy();
    },
  );

  it.each([
    ['loading-the-model', /^Loading it/],
    ['parameters', /^7,241,732,096 weights/],
  ])('chapter %s lights the model’s frame and its own link, axe clean', async (slug, name) => {
    const { page } = await site.open(`chapters/${slug}/`);
    const link = figure(page).getByRole('link', { name });
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect(await link.textContent()).toContain('This chapter');
    expect(await figure(page).locator('.journey__part--model').getAttribute('data-lit')).toBe('');
    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    site.expectHealthy();
  });

  it('shows the reader’s conversation from a link, and says where its ids are counted', async () => {
    const { page } = await site.open(
      'chapters/one-token/?chat=uName+three+colours*aRed%2C+green*uAnd+three+more%3F',
    );
    await hydrated(page);
    await expect.poll(() => step(page, 'Text').textContent(), UNTIL).toContain('And three more?');
    expect(await step(page, 'Text').textContent()).toContain(
      'your prompt, 15 characters, after 2 earlier turns',
    );
    expect(await step(page, 'Tokens').textContent()).toContain('chapter 1 splits and counts them');
    expect(await step(page, 'Tokens').textContent()).not.toContain('13 ids');
    expect(await figure(page).textContent()).toContain('your own prompt');
    site.expectHealthy();
  });

  it('follows an edit in the chat template chapter live, and carries it to the next chapter', async () => {
    const { page } = await site.open('chapters/chat-template/');
    await hydrated(page);
    expect(await step(page, 'Text').textContent()).toContain(SEED_PROMPT);
    const panel = await site.panel(page, 'Chat template');
    await panel.getByRole('textbox', { name: /^Text of turn 1 / }).fill('Why is the sky blue?');
    await expect.poll(() => step(page, 'Text').textContent(), UNTIL).toContain('Why is the sky blue?');
    await site.clientNavigate(page, () => step(page, 'Embeddings').click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Inside Mistral');
    await hydrated(page);
    await expect.poll(() => step(page, 'Text').textContent(), UNTIL).toContain('Why is the sky blue?');
    site.expectHealthy();
  });

  it('falls back to the seed for a damaged link, without an error', async () => {
    const { page } = await site.open('chapters/tokens/?chat=xnot-a-turn');
    await hydrated(page);
    expect(await step(page, 'Text').textContent()).toContain(SEED_PROMPT);
    expect(await step(page, 'Tokens').textContent()).toContain('13 ids');
    site.expectHealthy();
  });

  it.each([
    ['', 'light'],
    ['', 'dark'],
    ['chapters/inside-mistral/', 'light'],
    ['chapters/inside-mistral/', 'dark'],
  ] as const)(
    '/%s: fits a 360 px phone, stacked, and passes axe in the %s theme',
    async (address, colorScheme) => {
      const { page } = await site.open(address, { viewport: { width: 360, height: 740 }, colorScheme });
      await hydrated(page);
      const widths = await page.evaluate(() => ({
        document: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
      }));
      expect(widths.document).toBe(widths.viewport);
      const box = await figure(page).boundingBox();
      expect(box!.width).toBeLessThanOrEqual(360);
      // Stacked: step 8 sits below step 1.
      const first = await step(page, 'Text').boundingBox();
      const last = await step(page, 'Appended').boundingBox();
      expect(last!.y).toBeGreaterThan(first!.y + first!.height);
      if (address === '') {
        // The home page tells the whole story: one step a line.
        expect(Math.abs(last!.x - first!.x)).toBeLessThan(2);
      } else {
        // A chapter says where the reader is: its lit steps take the whole line, the others shrink to
        // their names two to a row (about 570 px tall here, where one step a line took about 740).
        const lit = await step(page, 'Layers').boundingBox();
        expect(lit!.width).toBeGreaterThan(box!.width * 0.8);
        expect(first!.width).toBeLessThan(box!.width * 0.6);
        expect(box!.height).toBeLessThan(600);
      }
      const violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      site.expectHealthy();
    },
  );

  it('reaches every step from the keyboard, in order', async () => {
    const { page } = await site.open('');
    await step(page, 'Text').focus();
    const names: string[] = [];
    for (let i = 0; i < 10; i++) {
      names.push(
        await page.evaluate(() => (document.activeElement as HTMLElement).dataset['stage'] ?? 'model'),
      );
      await page.keyboard.press('Tab');
    }
    expect(names).toEqual([
      'text',
      'tokens',
      'template',
      'embeddings',
      'layers',
      'scores',
      'model',
      'model',
      'pick',
      'appended',
    ]);
    site.expectHealthy();
  });
});
