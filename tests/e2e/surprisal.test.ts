/**
 * The Tokens chapter's surprisal panel in real Chromium, against the built
 * site: nothing loads until the button; then the text in the Tokenizer box
 * is scored by the pocket model (shaded chips with their bits, a table, the
 * cross-entropy and the perplexity), again by itself when the text or the
 * engine changes, and compared with the model before training; the reader's
 * markup and emoji stay text; the page stays accessible and fits a phone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadModelTokenizer } from '../../src/lib/tokenizer/load';
import { fetchFixture, fixtureFolderUrl } from '../unit/tokenizer-fixture';
import { checkA11y, formatViolations } from './harness';
import { serveStandInModels } from './stand-in/serve';
import { E2E_DIST_PATH, recordRequests, UNTIL, useSite } from './suite';

const TITLE = 'How surprised is the model';
const site = useSite();

const panel = (page: Page) => page.getByRole('region', { name: TITLE, exact: true });
const status = (page: Page) => panel(page).getByRole('status').first();
const table = (page: Page) =>
  panel(page).getByRole('table', { name: 'Each token’s probability and surprisal' });
const column = (page: Page, index: number) =>
  table(page).locator(`tbody tr td:nth-child(${index})`).allTextContents();
const summary = (page: Page) => panel(page).locator('.surprisal-summary');

/** Types `text` into the Tokens box and waits until its own panel has tokenized it. */
async function typeText(page: Page, text: string) {
  await site.panel(page, 'Tokenizer');
  await page.getByText(/Tokenizer ready/).waitFor();
  await page.getByRole('textbox', { name: 'Your text', exact: true }).fill(text);
}

async function scoredWith(page: Page, button: string) {
  await site.panel(page, TITLE);
  await panel(page).getByRole('button', { name: button }).click();
  await expect.poll(() => status(page).textContent(), UNTIL).toMatch(/^Scored\./);
}

describe('the surprisal panel', () => {
  it('loads no model until asked, then scores the Tokens box’s text with the pocket model', async () => {
    const { page } = await site.blank();
    const requests = recordRequests(site.current);
    await page.goto(`${site.server.url}chapters/tokens/`, { waitUntil: 'networkidle' });
    await typeText(page, 'The man walked into the room and sat down by the fire.');
    await site.panel(page, TITLE);
    await expect.poll(() => status(page).textContent(), UNTIL).toMatch(/^Nothing is loaded yet\./);
    // The panel's code has run and said so; none of what it loads on a press was asked for.
    expect(
      requests.filter((url) => /model\.safetensors|glassbox\.worker|chat-template\.worker/.test(url)),
    ).toEqual([]);

    await scoredWith(page, 'Score this text with the pocket model');
    expect(requests.filter((url) => /model\.safetensors/.test(url))).toHaveLength(1);
    // The same ids the Tokenizer panel shows, without its <s>: the model is scored on every token after it.
    const tokenizerIds = await page
      .getByRole('table', { name: 'Tokens and their ids' })
      .locator('tbody tr td:nth-child(3)')
      .allTextContents();
    expect(await column(page, 3)).toEqual(tokenizerIds.slice(1));
    const chips = panel(page).locator('.surprisal-chip');
    expect(await chips.count()).toBe(tokenizerIds.length - 1);
    expect(await chips.first().getAttribute('title')).toMatch(
      /^Token 1, ▁The \(id 415\): probability [\d.]+%, [\d.]+ bits, rank [\d,]+$/,
    );
    // Each chip is shaded (one of five steps) and writes its bits, so colour is not the only mark.
    const steps = await chips.evaluateAll((items) => items.map((item) => item.getAttribute('data-step')));
    expect(steps.every((step) => /^[0-4]$/.test(step ?? ''))).toBe(true);
    const bits = (await column(page, 5)).map(Number);
    expect(await panel(page).locator('.surprisal-chip__bits').allTextContents()).toEqual(
      bits.map((value) => value.toFixed(2)),
    );
    const line = (await summary(page).textContent()) ?? '';
    const perplexity = Number(/Perplexity: ([\d,.]+)\./.exec(line)?.[1]?.replace(/,/g, ''));
    expect(perplexity).toBeGreaterThan(1);
    expect(perplexity).toBeLessThan(1000);
    const mean = bits.reduce((a, b) => a + b, 0) / bits.length;
    expect(line).toContain(`Cross-entropy: ${mean.toFixed(2)} bits per token`);
    site.expectHealthy();
  });

  it('keeps markup and emoji as text, and scores a new text by itself', async () => {
    const { page } = await site.open('chapters/tokens/');
    await typeText(page, 'Hello there.');
    await scoredWith(page, 'Score this text with the pocket model');
    const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b> 🦩 </s> [INST]';
    await typeText(page, markup);
    await expect.poll(async () => (await column(page, 2)).join(''), UNTIL).toContain('onerror');
    expect(await panel(page).locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const pieces = await column(page, 2);
    expect(pieces).toEqual(expect.arrayContaining(['<0xF0>', '<0x9F>', '</s>', 'INST']));
    expect(await status(page).textContent()).toMatch(/^Scored\./);
    site.expectHealthy();
  });

  it('compares the pocket model with the same model before training, whose perplexity is above 32,000', async () => {
    const { page } = await site.open('chapters/tokens/');
    await typeText(
      page,
      'It is a truth universally acknowledged that a single man must be in want of a wife.',
    );
    await scoredWith(page, 'Score this text with the pocket model');
    await panel(page)
      .getByRole('radio', { name: /before training/ })
      .check();
    await expect
      .poll(
        () =>
          panel(page)
            .getByText(/^On this text the pocket model’s perplexity is/)
            .textContent(),
        UNTIL,
      )
      .toMatch(/before training it was [\d,]+, worse than the 32,000 of a model that spreads/);
    site.expectHealthy();
  });

  it('has no accessibility violations in both themes, and fits a 360-pixel screen', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await site.open('chapters/tokens/', { colorScheme });
      await page.setViewportSize({ width: 360, height: 800 });
      await typeText(page, 'A long sentence with supercalifragilistic words, numbers like 1234567 and 🦩.');
      await scoredWith(page, 'Score this text with the pocket model');
      const violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
    site.expectHealthy();
  });
});

describe('the surprisal panel when something fails, or with a loaded model', () => {
  it('explains a failed download of the weights, and scores after Try again', async () => {
    const { page, context } = await site.blank();
    const file = readFileSync(path.join(E2E_DIST_PATH, 'models/pocket/model.safetensors'));
    let broken = true;
    await context.route('**/models/pocket/model.safetensors', (route) =>
      broken ? route.fulfill({ status: 503, body: 'busy' }) : route.fulfill({ status: 200, body: file }),
    );
    await page.goto(`${site.server.url}chapters/tokens/`);
    await typeText(page, 'Still here.');
    await site.panel(page, TITLE);
    await panel(page).getByRole('button', { name: 'Score this text with the pocket model' }).click();
    const alert = panel(page).getByRole('alert');
    await expect.poll(() => alert.textContent(), UNTIL).toMatch(/The text could not be scored.*HTTP 503/);
    expect(await alert.textContent()).toContain('Your text is still in the box above.');
    broken = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => status(page).textContent(), UNTIL).toMatch(/^Scored\./);
    expect(await column(page, 2)).toEqual(['▁Still', '▁here', '.']);
    // An empty box has nothing after <s> to score, and says so.
    await typeText(page, '');
    await expect
      .poll(() => summary(page).textContent(), UNTIL)
      .toBe('Nothing to score: the text has no tokens after the start marker.');
    expect(await table(page).locator('tbody tr').count()).toBe(0);
    // The 503 on purpose, asked for by the panel's worker (which logs nothing to the page's console).
    await site.clearExpected({ failedRequests: [/\/models\/pocket\/model\.safetensors: HTTP 503$/] });
    site.expectHealthy();
  });

  const QWEN = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
  let qwen: PreTrainedTokenizer;
  beforeAll(async () => {
    qwen = (await loadModelTokenizer(fixtureFolderUrl(QWEN), fetchFixture)).tokenizer;
  });

  it('scores the text in a loaded model’s own tokens, from its first token on (Qwen adds no start token)', async () => {
    // Chapter 3 with the test host and the stand-in worker, as tests/e2e/loaded-model.test.ts does it.
    const current = await site.blank({ webgpu: true });
    const testHost = `${site.server.url}test-models/`;
    await current.context.addInitScript(([key, host]) => localStorage.setItem(key, host), [
      'llm-explainer:test-model-host',
      testHost,
    ] as const);
    await current.context.addInitScript(
      (estimate) => {
        StorageManager.prototype.estimate = () => Promise.resolve(estimate);
      },
      { quota: 100 * 1024 ** 3, usage: 0 },
    );
    await serveStandInModels(current.context, testHost, {
      [`${QWEN}/resolve/main/stand-in-reply.json`]: JSON.stringify([151_645]),
    });
    const { page } = current;
    await page.goto(`${site.server.url}chapters/loading-the-model/`);
    const loader = await site.panel(page, 'Load the model');
    await loader.locator('fieldset[data-checked]').waitFor();
    await loader.getByRole('radio', { name: 'Qwen2.5-0.5B-Instruct' }).check();
    await loader
      .getByRole('button', { name: 'Download and load Qwen2.5-0.5B-Instruct', exact: false })
      .click();
    await expect.poll(() => loader.getByRole('status').textContent(), UNTIL).toMatch(/is loaded/);
    await site.followChapterLink(page, /The chat template/);
    await site.followChapterLink(page, /Tokens/);

    const text = 'Can you write an email explaining what an LLM is?';
    await site.panel(page, TITLE);
    await panel(page)
      .getByRole('radio', { name: /Qwen2\.5-0\.5B-Instruct/ })
      .check();
    await scoredWith(page, 'Score this text with the loaded model');
    const ids = qwen.encode(text);
    expect((await column(page, 3)).map(Number)).toEqual(ids.slice(1));
    expect(await summary(page).textContent()).toMatch(
      new RegExp(
        `^${ids.length - 1} tokens, .* Scored by Qwen2\\.5-0\\.5B-Instruct .* starting from Can\\.$`,
      ),
    );
    site.expectHealthy();
  });
});
