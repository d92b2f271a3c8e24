import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  checkA11y,
  formatViolations,
  launchBrowser,
  newPage,
  startServer,
  type StaticServer,
  type TestPage,
} from './harness';

const SEED_PROMPT = 'Can you write an email explaining what an LLM is?';
const SEED_IDS = [1, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804];

let server: StaticServer;
let browser: Browser;
let current: TestPage;

beforeAll(async () => {
  server = await startServer('dist');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  await current?.close();
});

/** Opens the Tokens chapter, scrolls to the panel and waits until the tokenizer is ready. */
async function openPanel(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  current = await newPage(browser, { origin: server.origin, ...options });
  const { page } = current;
  await page.goto(`${server.url}chapters/tokens/`);
  await page.getByLabel('Your text').scrollIntoViewIfNeeded();
  await page.getByText(/Tokenizer ready/).waitFor();
  return page;
}

const table = (page: Page) => page.getByRole('table', { name: 'Tokens and their ids' });
const column = (page: Page, index: number) =>
  table(page).locator(`tbody tr td:nth-child(${index})`).allTextContents();
const counts = (page: Page) => page.locator('.token-counts');

async function expectCounts(page: Page, text: RegExp | string) {
  await expect.poll(() => counts(page).textContent()).toMatch(text);
}

function expectHealthy() {
  expect(current.problems.pageErrors).toEqual([]);
  expect(current.problems.consoleErrors).toEqual([]);
  expect(current.problems.failedRequests).toEqual([]);
  expect(current.problems.otherHostRequests).toEqual([]);
}

describe('the Tokens chapter panel', () => {
  it('starts with the seed prompt and shows its 13 tokens, <s> first', async () => {
    const page = await openPanel();
    expect(await page.getByLabel('Your text').inputValue()).toBe(SEED_PROMPT);
    await expectCounts(page, /49 characters · 49 UTF-8 bytes · 13 tokens/);
    expect((await column(page, 3)).map(Number)).toEqual(SEED_IDS);
    expect(await column(page, 2)).toEqual([
      '<s>',
      'Can',
      'you',
      'write',
      'an',
      'email',
      'explaining',
      'what',
      'an',
      'LL',
      'M',
      'is',
      '?',
    ]);
    expect(await page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem').count()).toBe(13);
    expectHealthy();
  });

  it('reads back the seed ids after typing the prompt key by key', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text');
    await box.fill('');
    await expectCounts(page, /0 characters .* 1 token ·/);
    await box.pressSequentially(SEED_PROMPT, { delay: 5 });
    await expectCounts(page, /49 characters .* 13 tokens/);
    expect((await column(page, 3)).map(Number)).toEqual(SEED_IDS);
    expectHealthy();
  });

  it('tokenizes exactly what was typed, spaces and newlines included', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text');
    await box.fill('  a\nb ');
    await expectCounts(page, /6 characters/);
    expect(await box.inputValue()).toBe('  a\nb ');
    // The tokenizer's own leading ▁ plus two spaces: ▁▁ + ▁a; then the newline byte, b, and the trailing space.
    expect(await column(page, 4)).toEqual(['<s>', '▁▁', '▁a', '<0x0A>', 'b', '▁']);
    expect(await column(page, 2)).toContain('↵');
  });

  it('keeps the text in the address: a reload or a shared link brings it back, as text', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text');
    const text = ' <b>Dear</b> 🦩\n[INST]';
    await box.fill(text);
    await expect.poll(() => new URL(page.url()).searchParams.get('text'), { timeout: 10_000 }).toBe(text);
    const ids = await column(page, 3);

    await page.reload();
    await page.getByLabel('Your text').scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByLabel('Your text').inputValue(), { timeout: 10_000 }).toBe(text);
    await expect.poll(() => column(page, 3), { timeout: 10_000 }).toEqual(ids);
    expect(await page.locator('.panel b').count()).toBe(0);

    // Back to the seed prompt: the address drops the parameter.
    await page.getByLabel('Your text').fill(SEED_PROMPT);
    await expect.poll(() => new URL(page.url()).search, { timeout: 10_000 }).toBe('');
    expectHealthy();
  });

  it('spells an emoji the vocabulary lacks as four byte chips that name it', async () => {
    const page = await openPanel();
    await page.getByLabel('Your text').fill('🦩');
    await expectCounts(page, /1 character · 4 UTF-8 bytes/);
    const chips = page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem');
    await expect.poll(() => chips.count()).toBe(6);
    expect(await chips.nth(2).getAttribute('aria-label')).toBe(
      'Token 3 of 6: byte <0xF0>, 1 of 4 of “🦩”, id 243',
    );
    expect(await chips.nth(5).getAttribute('aria-label')).toBe(
      'Token 6 of 6: byte <0xA9>, 4 of 4 of “🦩”, id 172',
    );
  });

  it('links chips and rows: hover or focus one, the other is highlighted', async () => {
    const page = await openPanel();
    const chips = page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem');
    const rows = table(page).locator('tbody tr');
    await chips.nth(4).hover();
    await expect.poll(() => rows.nth(4).getAttribute('data-active')).toBe('true');
    await rows.nth(9).hover();
    await expect.poll(() => chips.nth(9).getAttribute('data-active')).toBe('true');

    // Keyboard: the chips are one tab stop; arrows move within them and move the row highlight along.
    // Park the mouse first, so that focus scrolling never slides another row under it.
    await page.mouse.move(0, 0);
    await chips.nth(9).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index')))
      .toBe('10');
    await expect.poll(() => rows.nth(10).getAttribute('data-active')).toBe('true');
    await page.keyboard.press('Home');
    await expect.poll(() => rows.nth(0).getAttribute('data-active')).toBe('true');
    expect(await chips.evaluateAll((items) => items.filter((item) => item.tabIndex === 0).length)).toBe(1);
  });

  it('never renders the text as HTML', async () => {
    const page = await openPanel();
    const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await page.getByLabel('Your text').fill(markup);
    await expectCounts(page, new RegExp(`${markup.length} characters`));
    expect(await page.locator('.panel img, .panel b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect((await column(page, 4)).join('')).toContain('onerror');
    expectHealthy();
  });

  it('explains literal special tokens, control characters and unpaired surrogates', async () => {
    const page = await openPanel();
    // Typing or pasting cannot produce an unpaired surrogate (the browser replaces it), but a script can.
    await page.getByLabel('Your text').evaluate((box: HTMLTextAreaElement) => {
      box.value = '<s>[INST] hi </s>\u0007 \uD83D';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expectCounts(page, /tokens/);
    const notes = page.locator('.input-notes');
    await expect.poll(() => notes.textContent()).toContain('Your text contains <s>, </s>.');
    expect(await notes.textContent()).toContain('1 control character');
    expect(await notes.textContent()).toContain('1 unpaired surrogate');
    expect((await column(page, 3)).filter((id) => id === '1')).toHaveLength(2);
    expectHealthy();
  });

  it('says what an empty box means', async () => {
    const page = await openPanel();
    await page.getByLabel('Your text').fill('');
    await expect.poll(() => page.locator('.input-notes').textContent()).toContain('The box is empty');
    expect(await column(page, 2)).toEqual(['<s>']);
  });

  it('takes 100,000 characters, keeps accepting keys, and says what it leaves out', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text');
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(2223).slice(0, 100_000);
    await box.fill(long);
    await box.press('End');
    await box.pressSequentially('xyz');
    await expectCounts(page, /100,003 characters/);
    expect(await box.inputValue()).toBe(long + 'xyz');
    await expect
      .poll(() => page.locator('.limit-note').allTextContents())
      .toEqual([
        expect.stringMatching(
          /Showing the first 2,000 of [\d,]+ tokens as chips and the first 500 in the table/,
        ),
        // Too long for a link: the text stays in the box, and the panel says the address will not carry it.
        expect.stringMatching(
          /^The page address keeps texts of up to 2,000 characters; this one has 100,003/,
        ),
      ]);
    expect(await table(page).locator('tbody tr').count()).toBe(500);
    expectHealthy();
  });

  it('has no accessibility violations with tokens shown, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openPanel({ colorScheme });
      await page.getByLabel('Your text').fill('Tab\there, 🦩 and <s>.');
      await expectCounts(page, /tokens/);
      await page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem').nth(2).hover();
      const violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      await current.close();
    }
  });
});

describe('loading the tokenizer', () => {
  it('fetches nothing of the tokenizer until the panel comes into view', async () => {
    current = await newPage(browser, { origin: server.origin, viewport: { width: 1280, height: 700 } });
    const { page } = current;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    current.context.on('request', (request) => requested.push(request.url()));
    await page.goto(`${server.url}chapters/tokens/`, { waitUntil: 'networkidle' });
    expect(requested.filter((url) => /tokenizer|transformers|TokenizerPanel/.test(url))).toEqual([]);
    await page.getByLabel('Your text').scrollIntoViewIfNeeded();
    await page.getByText(/Tokenizer ready/).waitFor();
    expect(requested.some((url) => url.endsWith('/tokenizer.json'))).toBe(true);
    expectHealthy();
  });

  it('explains a failed download, keeps the text, and recovers with Try again', async () => {
    current = await newPage(browser, { origin: server.origin });
    const { page, context } = current;
    await context.route('**/tokenizer.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${server.url}chapters/tokens/`);
    const box = page.getByLabel('Your text');
    await box.scrollIntoViewIfNeeded();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('The tokenizer did not load');
    await box.fill('still here');
    await context.unroute('**/tokenizer.json');
    current.clearProblems();
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText(/Tokenizer ready/).waitFor();
    await expectCounts(page, /10 characters/);
    expect(await box.inputValue()).toBe('still here');
    expect(await alert.count()).toBe(0);
    expectHealthy();
  });
});
