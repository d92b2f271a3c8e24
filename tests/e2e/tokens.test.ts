/**
 * The Tokens chapter's panel in real Chromium, against the built site: the
 * seed prompt's tokens and ids, typing, whitespace, the text in the address,
 * byte fallback, linked chips and rows, text never rendered as HTML, notes
 * on special and odd characters, very long texts, accessibility, and the
 * tokenizer loaded only when the panel is in view, with a retry after a
 * failed download.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { E2E_DIST_PATH, recordRequests, UNTIL, useSite, type PageOptions } from './suite';

const SEED_PROMPT = 'Can you write an email explaining what an LLM is?';
const SEED_IDS = [1, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804];
const TITLE = 'Tokenizer';
const site = useSite();

/** Waits for the panel, then for the tokenizer it loads (the status line says so). */
async function tokenizerReady(page: Page) {
  await site.panel(page, TITLE);
  await page.getByText(/Tokenizer ready/).waitFor();
}

/** Opens the Tokens chapter, scrolls to the panel and waits until the tokenizer is ready. */
async function openPanel(options: PageOptions = {}): Promise<Page> {
  const { page } = await site.open('chapters/tokens/', options);
  await tokenizerReady(page);
  return page;
}

const table = (page: Page) => page.getByRole('table', { name: 'Tokens and their ids' });
const column = (page: Page, index: number) =>
  table(page).locator(`tbody tr td:nth-child(${index})`).allTextContents();
const counts = (page: Page) => page.locator('.token-counts');
/** The marks over the text: each stretch's shown characters and its kind. */
const overlay = (page: Page) =>
  page
    .locator('.token-overlay__token')
    .evaluateAll((marks) => marks.map((mark) => [mark.textContent, mark.getAttribute('data-kind')]));

async function expectCounts(page: Page, text: RegExp | string) {
  await expect.poll(() => counts(page).textContent(), UNTIL).toMatch(text);
}

describe('the Tokens chapter panel', () => {
  it('starts with the seed prompt and shows its 13 tokens, <s> first', async () => {
    const page = await openPanel();
    expect(await page.getByLabel('Your text', { exact: true }).inputValue()).toBe(SEED_PROMPT);
    await expectCounts(page, /49 characters · 49 UTF-8 bytes · 13 tokens/);
    expect((await column(page, 3)).map(Number)).toEqual(SEED_IDS);
    // Token Text is each token's own text, its space drawn ▁ (the notebook's decode([id]) printed "Can", "you", ...).
    expect(await column(page, 2)).toEqual([
      '<s>',
      '▁Can',
      '▁you',
      '▁write',
      '▁an',
      '▁email',
      '▁explaining',
      '▁what',
      '▁an',
      '▁LL',
      'M',
      '▁is',
      '?',
    ]);
    // The text itself, token by token: the added <s>, then each token's characters (a space drawn ▁).
    expect(await overlay(page)).toEqual([
      ['<s>', 'added'],
      ['Can', 'text'],
      ['▁you', 'text'],
      ['▁write', 'text'],
      ['▁an', 'text'],
      ['▁email', 'text'],
      ['▁explaining', 'text'],
      ['▁what', 'text'],
      ['▁an', 'text'],
      ['▁LL', 'text'],
      ['M', 'text'],
      ['▁is', 'text'],
      ['?', 'text'],
    ]);
    expect(await page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem').count()).toBe(13);
    site.expectHealthy();
  });

  it('reads back the seed ids after typing the prompt key by key', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text', { exact: true });
    await box.fill('');
    await expectCounts(page, /0 characters .* 1 token ·/);
    await box.pressSequentially(SEED_PROMPT, { delay: 5 });
    await expectCounts(page, /49 characters .* 13 tokens/);
    expect((await column(page, 3)).map(Number)).toEqual(SEED_IDS);
    site.expectHealthy();
  });

  it('tokenizes exactly what was typed, spaces and newlines included', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text', { exact: true });
    await box.fill('  a\nb ');
    await expectCounts(page, /6 characters/);
    expect(await box.inputValue()).toBe('  a\nb ');
    // The tokenizer's own leading ▁ plus two spaces: ▁▁ + ▁a; then the newline byte, b, and the trailing space.
    expect(await column(page, 4)).toEqual(['<s>', '▁▁', '▁a', '<0x0A>', 'b', '▁']);
    expect(await column(page, 2)).toContain('↵');
    site.expectHealthy();
  });

  it('shows the space tokens as spaces, not as “(empty)”, and lays the tokens over the text', async () => {
    const page = await openPanel();
    await page.getByLabel('Your text', { exact: true }).fill('Can   你 🦩 <s>!');
    await expectCounts(page, /14 characters/);
    // 2418 ▁Can, 2287 ▁▁▁ and 28705 ▁ (the three ids); 🦩 is the bytes F0 9F A6 A9, ids 243 162 169 172.
    const ids = (await column(page, 3)).map(Number);
    expect(ids.slice(0, 3)).toEqual([1, 2418, 2287]);
    expect(ids.slice(4, 11)).toEqual([28705, 243, 162, 169, 172, 28705, 1]);
    expect(await column(page, 2)).toEqual([
      '<s>',
      '▁Can',
      '▁▁▁',
      '你',
      '▁',
      '🦩 byte 1 of 4',
      '🦩 byte 2 of 4',
      '🦩 byte 3 of 4',
      '🦩 byte 4 of 4',
      '▁',
      '<s>',
      '▁!',
    ]);
    expect(await page.locator('.token-table__note').textContent()).toContain('showed Can for ▁Can');
    // Over the text: the four bytes of 🦩 are one stretch, the <s> typed is a marker with its three characters.
    expect(await overlay(page)).toEqual([
      ['<s>', 'added'],
      ['Can', 'text'],
      ['▁▁▁', 'text'],
      ['你', 'text'],
      ['▁', 'text'],
      ['🦩', 'byte'],
      ['▁', 'text'],
      ['<s>', 'special'],
      ['!', 'text'],
    ]);
    site.expectHealthy();
  });

  it('links the text, the chips and the rows; the keyboard stays in the chips', async () => {
    const page = await openPanel();
    await page.getByLabel('Your text', { exact: true }).fill('Can   你 🦩 <s>!');
    await expectCounts(page, /14 characters/);
    const chips = page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem');
    const rows = table(page).locator('tbody tr');
    const marks = page.locator('.token-overlay__token');
    // The third byte of 🦩 (token 7) lights the emoji's one stretch (mark 5) over the text.
    await chips.nth(7).hover();
    await expect.poll(() => marks.nth(5).getAttribute('data-active'), UNTIL).toBe('true');
    expect(await page.locator('.token-overlay__token[data-active]').count()).toBe(1);
    // Hovering 你 over the text lights its chip and its row.
    await marks.nth(3).hover();
    await expect.poll(() => chips.nth(3).getAttribute('data-active'), UNTIL).toBe('true');
    expect(await rows.nth(3).getAttribute('data-active')).toBe('true');
    // The figure is for the eyes (chips and table say the same to a screen reader) and takes no focus.
    const figure = page.locator('.token-overlay-figure');
    expect(await figure.getAttribute('aria-hidden')).toBe('true');
    expect(await figure.locator('[tabindex], a, button, input').count()).toBe(0);
    await page.mouse.move(0, 0);
    await chips.nth(3).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => marks.nth(4).getAttribute('data-active'), UNTIL).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Token 5 of 12: ▁, id 28705',
    );
    site.expectHealthy();
  });

  it('keeps the text in the address: a reload or a shared link brings it back, as text', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text', { exact: true });
    const text = ' <b>Dear</b> 🦩\n[INST]';
    await box.fill(text);
    await expect.poll(() => new URL(page.url()).searchParams.get('text'), UNTIL).toBe(text);
    const ids = await column(page, 3);

    await page.reload();
    await site.panel(page, TITLE);
    await expect.poll(() => page.getByLabel('Your text', { exact: true }).inputValue(), UNTIL).toBe(text);
    await expect.poll(() => column(page, 3), UNTIL).toEqual(ids);
    expect(await page.locator('.panel b').count()).toBe(0);

    // Back to the seed prompt: the address drops the parameter.
    await page.getByLabel('Your text', { exact: true }).fill(SEED_PROMPT);
    await expect.poll(() => new URL(page.url()).search, UNTIL).toBe('');
    site.expectHealthy();
  });

  it('spells an emoji the vocabulary lacks as four byte chips that name it', async () => {
    const page = await openPanel();
    await page.getByLabel('Your text', { exact: true }).fill('🦩');
    await expectCounts(page, /1 character · 4 UTF-8 bytes/);
    const chips = page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem');
    await expect.poll(() => chips.count(), UNTIL).toBe(6);
    expect(await chips.nth(2).getAttribute('aria-label')).toBe(
      'Token 3 of 6: byte <0xF0>, 1 of 4 of “🦩”, id 243',
    );
    expect(await chips.nth(5).getAttribute('aria-label')).toBe(
      'Token 6 of 6: byte <0xA9>, 4 of 4 of “🦩”, id 172',
    );
    site.expectHealthy();
  });

  it('links chips and rows: hover or focus one, the other is highlighted', async () => {
    const page = await openPanel();
    const chips = page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem');
    const rows = table(page).locator('tbody tr');
    await chips.nth(4).hover();
    await expect.poll(() => rows.nth(4).getAttribute('data-active'), UNTIL).toBe('true');
    await rows.nth(9).hover();
    await expect.poll(() => chips.nth(9).getAttribute('data-active'), UNTIL).toBe('true');

    // Keyboard: the chips are one tab stop; arrows move within them and move the row highlight along.
    // Park the mouse first, so that focus scrolling never slides another row under it.
    await page.mouse.move(0, 0);
    await chips.nth(9).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index')), UNTIL)
      .toBe('10');
    await expect.poll(() => rows.nth(10).getAttribute('data-active'), UNTIL).toBe('true');
    await page.keyboard.press('Home');
    await expect.poll(() => rows.nth(0).getAttribute('data-active'), UNTIL).toBe('true');
    expect(await chips.evaluateAll((items) => items.filter((item) => item.tabIndex === 0).length)).toBe(1);
    site.expectHealthy();
  });

  it('never renders the text as HTML', async () => {
    const page = await openPanel();
    const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await page.getByLabel('Your text', { exact: true }).fill(markup);
    await expectCounts(page, new RegExp(`${markup.length} characters`));
    expect(await page.locator('.panel img, .panel b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect((await column(page, 4)).join('')).toContain('onerror');
    site.expectHealthy();
  });

  it('explains literal special tokens, control characters and unpaired surrogates', async () => {
    const page = await openPanel();
    // Typing or pasting cannot produce an unpaired surrogate (the browser replaces it), but a script can.
    await page.getByLabel('Your text', { exact: true }).evaluate((box: HTMLTextAreaElement) => {
      box.value = '<s>[INST] hi </s>\u0007 \uD83D';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expectCounts(page, /tokens/);
    const notes = page.locator('.input-notes');
    await expect.poll(() => notes.textContent(), UNTIL).toContain('Your text contains <s>, </s>.');
    expect(await notes.textContent()).toContain('1 control character');
    expect(await notes.textContent()).toContain('1 unpaired surrogate');
    expect((await column(page, 3)).filter((id) => id === '1')).toHaveLength(2);
    site.expectHealthy();
  });

  it('says what an empty box means', async () => {
    const page = await openPanel();
    await page.getByLabel('Your text', { exact: true }).fill('');
    await expect.poll(() => page.locator('.input-notes').textContent(), UNTIL).toContain('The box is empty');
    expect(await column(page, 2)).toEqual(['<s>']);
    site.expectHealthy();
  });

  it('takes 100,000 characters, keeps accepting keys, and says what it leaves out', async () => {
    const page = await openPanel();
    const box = page.getByLabel('Your text', { exact: true });
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(2223).slice(0, 100_000);
    await box.fill(long);
    await box.press('End');
    await box.pressSequentially('xyz');
    await expectCounts(page, /100,003 characters/);
    expect(await box.inputValue()).toBe(long + 'xyz');
    await expect
      .poll(() => page.locator('.limit-note').allTextContents(), UNTIL)
      .toEqual([
        expect.stringMatching(
          /Showing the first 2,000 of [\d,]+ tokens as chips and the first 500 in the table/,
        ),
        // Too long for a link: the text stays in the box, and the panel says the address will not carry it.
        // "text=" and 100,003 characters, each space written "+": 100,008 bytes, over the 6,000 a part may take.
        expect.stringMatching(/^This text is too long for the page’s address: it would take 100,008 bytes/),
      ]);
    expect(await table(page).locator('tbody tr').count()).toBe(500);
    // The other way to keep it: the text, saved as a file, exactly as typed.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save the text as a file' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('llm-explainer-text.txt');
    const saved = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of saved) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(long + 'xyz');
    site.expectHealthy();
  });

  it('has no accessibility violations with tokens shown, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openPanel({ colorScheme });
      await page.getByLabel('Your text', { exact: true }).fill('Tab\there, 🦩 and <s>.');
      await expectCounts(page, /tokens/);
      await page.getByRole('list', { name: 'Tokens as chips' }).getByRole('listitem').nth(2).hover();
      const violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
    }
    site.expectHealthy();
  });
});

describe('loading the tokenizer', () => {
  it('fetches nothing of the tokenizer until the panel comes into view', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const { page } = await site.blank({ viewport: { width: 1280, height: 700 } });
    const requested = recordRequests(site.current);
    await page.goto(`${site.server.url}chapters/tokens/`, { waitUntil: 'networkidle' });
    expect(requested.filter((url) => /tokenizer|transformers|TokenizerPanel/.test(url))).toEqual([]);
    await tokenizerReady(page);
    expect(requested.some((url) => url.endsWith('/tokenizer.json'))).toBe(true);
    site.expectHealthy();
  });

  it('explains a failed download, keeps the text, and recovers with Try again', async () => {
    const { page, context } = await site.blank();
    await context.route('**/tokenizer.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${site.server.url}chapters/tokens/`);
    const panel = await site.panel(page, TITLE);
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.textContent(), UNTIL).toContain('The tokenizer did not load');
    const box = page.getByLabel('Your text', { exact: true });
    await box.fill('still here');
    await context.unroute('**/tokenizer.json');
    // The 404 on purpose; the worker that fetched it logs nothing to the page's console.
    await site.clearExpected({ failedRequests: [/\/tokenizer\.json: HTTP 404$/] });
    await panel.getByRole('button', { name: 'Try again' }).click();
    await page.getByText(/Tokenizer ready/).waitFor();
    await expectCounts(page, /10 characters/);
    expect(await box.inputValue()).toBe('still here');
    // The emptied alert is hidden, so it leaves the accessibility tree.
    expect(await alert.count()).toBe(0);
    site.expectHealthy();
  });

  it('recovers from a damaged tokenizer.json (a 200 with half the file) once the server is fixed: by Try again, and by a reload', async () => {
    const whole = readFileSync(
      path.join(E2E_DIST_PATH, 'models/mistralai/Mistral-7B-Instruct-v0.1/tokenizer.json'),
      'utf8',
    );
    for (const recover of ['Try again', 'reload'] as const) {
      const { page, context } = await site.blank();
      await context.route('**/tokenizer.json', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: whole.slice(0, whole.length / 2),
        }),
      );
      await page.goto(`${site.server.url}chapters/tokens/`);
      const panel = await site.panel(page, TITLE);
      await expect
        .poll(() => panel.getByRole('alert').textContent(), UNTIL)
        .toContain('The tokenizer did not load');
      // The server is fixed; what the browser kept of the damaged file must not be used again.
      await context.unroute('**/tokenizer.json');
      if (recover === 'Try again') await panel.getByRole('button', { name: 'Try again' }).click();
      else {
        await page.reload();
        await site.panel(page, TITLE);
      }
      await page.getByText(/Tokenizer ready/).waitFor();
      await expectCounts(page, /13 tokens/);
      // The files are kept under a name versioned by their SHA-256, and no other copy is left behind.
      await expect
        .poll(() => page.evaluate('caches.keys()'), UNTIL)
        .toEqual([expect.stringMatching(/^transformers-cache-[0-9a-f]{12}-[0-9a-f]{12}$/)]);
    }
    site.expectHealthy();
  });
});
