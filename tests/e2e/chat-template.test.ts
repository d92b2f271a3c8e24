/**
 * The Chat template chapter's panel in real Chromium, against the built
 * site: the seed conversation's ids with the template's marked, edits,
 * the template's own complaints, the conversation in the address and across
 * chapters, damaged links, typed markers, very long turns, the keyboard,
 * accessibility, a phone screen, and the template loaded only when the panel
 * is in view, with a retry after a failed download.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { recordRequests, UNTIL, useSite, type PageOptions } from './suite';

const TITLE = 'Chat template';
const site = useSite();

const SEED_PROMPT = 'Can you write an email explaining what an LLM is?';
const SEED_IDS = [
  1, 733, 16289, 28793, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804, 733, 28748,
  16289, 28793,
];
const SEED_TEMPLATE_IDS = [1, 733, 16289, 28793, 733, 28748, 16289, 28793];
const THREE_TURNS = [
  'Hello, how are you?',
  "I'm doing great. How can I help you today?",
  "I'd like to show off how chat templating works!",
];
const THREE_TURN_IDS = [
  1, 733, 16289, 28793, 22557, 28725, 910, 460, 368, 28804, 733, 28748, 16289, 28793, 28737, 28742, 28719,
  2548, 1598, 28723, 1602, 541, 315, 1316, 368, 3154, 28804, 2, 28705, 733, 16289, 28793, 315, 28742, 28715,
  737, 298, 1347, 805, 910, 10706, 5752, 1077, 3791, 28808, 733, 28748, 16289, 28793,
];

const chapterUrl = (query = '') => `${site.server.url}chapters/chat-template/${query}`;

/** Waits for the panel, then for the template it loads (the status line says so). */
async function templateReady(page: Page) {
  await site.panel(page, TITLE);
  await page.getByText(/Template ready/).waitFor();
}

/** Opens the chapter (optionally with a query), scrolls to the panel and waits until the template is ready. */
async function openPanel(options: PageOptions & { query?: string } = {}) {
  const { query = '', ...pageOptions } = options;
  const { page } = await site.open(`chapters/chat-template/${query}`, pageOptions);
  await templateReady(page);
  return page;
}

const text = (page: Page, turn: number) =>
  page.getByRole('textbox', { name: new RegExp(`^Text of turn ${turn} `) });
const role = (page: Page, turn: number) => page.getByRole('combobox', { name: `Role of turn ${turn}` });
const texts = (page: Page) =>
  page
    .getByRole('textbox', { name: /^Text of turn/ })
    .evaluateAll((boxes) => boxes.map((box) => (box as HTMLTextAreaElement).value));
const idChips = (page: Page) => page.getByRole('list', { name: 'Templated ids' }).getByRole('listitem');
/** The ids as the page lists them, `[1, 733, ...]`, or null while none are shown. */
function pageIds(page: Page): Promise<number[] | null> {
  // One read in the page: the list can appear or vanish between two separate locator calls.
  return page.evaluate(
    () => JSON.parse(document.querySelector('.chat-ids')?.textContent ?? 'null') as number[] | null,
  );
}
const templateIds = (page: Page) =>
  page
    .locator('.id-chip[data-origin="template"]')
    .evaluateAll((chips) => chips.map((chip) => Number(chip.getAttribute('data-id'))));
const turnNotes = (page: Page, turn: number) =>
  page
    .getByRole('listitem')
    .filter({ has: page.getByRole('group', { name: `Turn ${turn}` }) })
    .locator('.chat-turn__notes');

describe('the chat template panel', () => {
  it('starts from the seed and shows its 20 ids, the template’s 8 marked', async () => {
    const page = await openPanel();
    expect(await texts(page)).toEqual([SEED_PROMPT]);
    await expect.poll(() => pageIds(page), UNTIL).toEqual(SEED_IDS);
    expect(await templateIds(page)).toEqual(SEED_TEMPLATE_IDS);
    expect(await page.locator('.chat-counts').textContent()).toBe(
      '20 tokens: 12 from your text, 8 added by the template',
    );
    expect(await page.locator('.templated-string__text mark').allTextContents()).toEqual([
      'template: <s>[INST]▁',
      'template: ▁[/INST]',
    ]);
    expect(await idChips(page).first().getAttribute('aria-label')).toBe(
      'Id 1 of 20: 1, <s>, added by the template',
    );
    expect(page.url()).toBe(chapterUrl());
    site.expectHealthy();
  });

  it('follows edits: building the documented three-turn conversation by hand gives its ids', async () => {
    const page = await openPanel();
    await text(page, 1).fill(THREE_TURNS[0]!);
    await page.getByRole('button', { name: 'Add an assistant turn' }).click();
    // Focus moves to the new turn's text box, so the reader can type at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), UNTIL).toBe('chat-turn-2-text');
    await page.keyboard.type(THREE_TURNS[1]!);
    await page.getByRole('button', { name: 'Add a user turn' }).click();
    await text(page, 3).pressSequentially(THREE_TURNS[2]!);
    await expect.poll(() => pageIds(page), UNTIL).toEqual(THREE_TURN_IDS);
    expect(await page.locator('.chat-counts').textContent()).toBe(
      '49 tokens: 32 from your text, 17 added by the template',
    );
    expect(await templateIds(page)).toEqual([
      1, 733, 16289, 28793, 733, 28748, 16289, 28793, 2, 28705, 733, 16289, 28793, 733, 28748, 16289, 28793,
    ]);
    site.expectHealthy();
  });

  it('shows the template’s complaint in plain words beside the turn at fault, and keeps every word', async () => {
    const page = await openPanel();
    await page.getByRole('button', { name: 'Load the three-turn example' }).click();
    await expect.poll(() => pageIds(page), UNTIL).toEqual(THREE_TURN_IDS);
    await role(page, 2).selectOption('user');
    await expect
      .poll(() => turnNotes(page, 2).textContent(), UNTIL)
      .toContain('Turn 2 is a user turn right after another user turn.');
    expect(await turnNotes(page, 2).textContent()).toContain(
      '“Conversation roles must alternate user/assistant/user/assistant/...”',
    );
    expect(await text(page, 2).getAttribute('aria-invalid')).toBe('true');
    expect(await turnNotes(page, 1).count()).toBe(0);
    expect(await turnNotes(page, 3).count()).toBe(0);
    expect(await pageIds(page)).toBeNull();
    expect(await page.getByRole('status').first().textContent()).toContain(
      'The template refused this conversation',
    );
    expect(await texts(page)).toEqual(THREE_TURNS);
    await role(page, 2).selectOption('assistant');
    await expect.poll(() => pageIds(page), UNTIL).toEqual(THREE_TURN_IDS);
    expect(await text(page, 2).getAttribute('aria-invalid')).toBeNull();
    site.expectHealthy();
  });

  it('keeps the conversation in the address: a reload, or the link in a new browser, gives it back', async () => {
    const page = await openPanel();
    const odd = 'Reload me * with \\ odd & characters = fine? 🦩';
    await page.getByRole('button', { name: 'Load the three-turn example' }).click();
    await text(page, 3).fill(odd);
    await page.getByRole('button', { name: 'Move up turn 3' }).click();
    const expected = [THREE_TURNS[0], odd, THREE_TURNS[1]];
    // The address follows once typing settles: role letters, turns joined by *, and * and \ escaped.
    const chatParam = () => new URL(page.url()).searchParams.get('chat');
    await expect
      .poll(chatParam, UNTIL)
      .toBe(`u${THREE_TURNS[0]}*u${odd.replace(/[\\*]/g, '\\$&')}*a${THREE_TURNS[1]}`);
    const link = page.url();

    await page.reload();
    await templateReady(page);
    expect(await texts(page)).toEqual(expected);
    expect(await role(page, 2).inputValue()).toBe('user');
    await expect
      .poll(() => turnNotes(page, 2).textContent(), UNTIL)
      .toContain('Turn 2 is a user turn right after another user turn.');
    site.expectHealthy();

    const shared = await openPanel({ query: new URL(link).search });
    expect(await texts(shared)).toEqual(expected);
    await role(shared, 2).selectOption('assistant');
    await role(shared, 3).selectOption('user');
    await expect
      .poll(() => shared.locator('.templated-string__text .reader-part').allTextContents(), UNTIL)
      .toEqual(expected);
    expect(await pageIds(shared)).toEqual(expect.arrayContaining([2, 28705]));
    site.expectHealthy();
  });

  it('carries the conversation across chapter pages in the same tab, and back', async () => {
    const page = await openPanel();
    await text(page, 1).fill('Carried over');
    await expect.poll(() => new URL(page.url()).searchParams.get('chat'), UNTIL).toBe('uCarried over');
    await site.followChapterLink(page, /Tokens/);
    expect(page.url()).toMatch(/\/chapters\/tokens\/$/);
    await site.clientNavigate(page, () => page.goBack());
    await site.panel(page, TITLE);
    await expect.poll(() => texts(page), UNTIL).toEqual(['Carried over']);
    // A plain link to the chapter (no ?chat=) finds the tab's conversation and puts it back in the address.
    await page.goto(chapterUrl());
    await site.panel(page, TITLE);
    await expect.poll(() => texts(page), UNTIL).toEqual(['Carried over']);
    await expect.poll(() => new URL(page.url()).searchParams.get('chat'), UNTIL).toBe('uCarried over');
    site.expectHealthy();
  });

  it('falls back to the seed, with a note, when the link’s conversation is damaged', async () => {
    const page = await openPanel({ query: '?chat=%E0%A4%A*x\\' });
    expect(await texts(page)).toEqual([SEED_PROMPT]);
    expect(await page.locator('.limit-note').first().textContent()).toMatch(
      /^The link’s conversation could not be read \(.+\), so the panel shows the seed example instead\.$/,
    );
    await expect.poll(() => pageIds(page), UNTIL).toEqual(SEED_IDS);
    site.expectHealthy();
  });

  it('explains typed markers and empty or final assistant turns, and never renders text as HTML', async () => {
    const page = await openPanel();
    const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b> </s>[INST] obey [/INST]';
    await text(page, 1).fill(markup);
    await page.getByRole('button', { name: 'Add an assistant turn' }).click();
    await expect.poll(() => turnNotes(page, 2).textContent(), UNTIL).toContain('This turn is empty.');
    expect(await turnNotes(page, 2).textContent()).toContain('ends with the assistant’s turn');
    const notes = await turnNotes(page, 1).textContent();
    expect(notes).toContain('This turn contains </s>. The tokenizer reads each as a special token');
    expect(notes).toContain('This turn contains [INST] and [/INST].');
    await expect
      .poll(() => page.locator('.templated-string__text').textContent(), UNTIL)
      .toContain('onerror');
    expect(await page.locator('.panel img, .panel b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The reader's </s> is the real end-of-text id, and it counts as the reader's.
    expect(await page.locator('.id-chip[data-id="2"]').first().getAttribute('data-origin')).toBe('reader');
    site.expectHealthy();
  });

  it('stops at a turn over the live limit without losing a character, and renders one just under it', async () => {
    const page = await openPanel();
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(1200).slice(0, 50_001);
    await text(page, 1).fill(long);
    await expect
      .poll(() => turnNotes(page, 1).textContent(), UNTIL)
      .toContain('This turn has 50,001 characters');
    expect(await text(page, 1).getAttribute('aria-invalid')).toBe('true');
    expect(await pageIds(page)).toBeNull();
    await text(page, 1).press('End');
    await text(page, 1).press('Backspace');
    await expect
      .poll(() => page.locator('.chat-counts').textContent(), UNTIL)
      .toMatch(/^\d{1,3}(,\d{3})+ tokens: [\d,]+ from your text, 8 added by the template$/);
    expect(await text(page, 1).inputValue()).toBe(long.slice(0, 50_000));
    expect(await idChips(page).count()).toBe(2000);
    expect(await page.locator('.templated-ids .limit-note').textContent()).toMatch(
      /^The chips show the first 2,000 of [\d,]+ ids/,
    );
    expect((await pageIds(page))!.length).toBeGreaterThan(10_000);
    site.expectHealthy();
  });

  it('works from the keyboard: move, remove and undo keep focus where the reader is', async () => {
    const page = await openPanel();
    await page.getByRole('button', { name: 'Load the three-turn example' }).click();
    await page.getByRole('button', { name: 'Move down turn 1' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => texts(page), UNTIL).toEqual([THREE_TURNS[1], THREE_TURNS[0], THREE_TURNS[2]]);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent), UNTIL)
      .toBe('Move down turn 2');
    await page.keyboard.press('Enter');
    await expect.poll(() => texts(page), UNTIL).toEqual([THREE_TURNS[1], THREE_TURNS[2], THREE_TURNS[0]]);
    // At the bottom, Move down is disabled, so focus lands on Move up of the same turn.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent), UNTIL)
      .toBe('Move up turn 3');
    await page.getByRole('button', { name: 'Remove turn 1' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => texts(page), UNTIL).toEqual([THREE_TURNS[2], THREE_TURNS[0]]);
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value), UNTIL)
      .toBe(THREE_TURNS[2]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => texts(page), UNTIL).toEqual([THREE_TURNS[1], THREE_TURNS[2], THREE_TURNS[0]]);
    await page.getByRole('button', { name: 'Load the three-turn example' }).click();
    // The ids are one tab stop; arrows move along them and underline each id's characters in the string.
    await expect.poll(() => pageIds(page), UNTIL).toEqual(THREE_TURN_IDS);
    await idChips(page).first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.token-highlight').textContent(), UNTIL).toBe('[');
    site.expectHealthy();
  });

  it('has no accessibility violations, in light and dark, with ids shown and with an error', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openPanel({ colorScheme });
      await page.getByRole('button', { name: 'Load the three-turn example' }).click();
      await expect.poll(() => pageIds(page), UNTIL).toEqual(THREE_TURN_IDS);
      await idChips(page).nth(4).hover();
      let violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      await role(page, 3).selectOption('assistant');
      await text(page, 1).fill('');
      await expect.poll(() => turnNotes(page, 3).count(), UNTIL).toBe(1);
      violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
    }
    site.expectHealthy();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await openPanel({ viewport: { width: 360, height: 740 } });
    await page.getByRole('button', { name: 'Load the three-turn example' }).click();
    await expect.poll(() => pageIds(page), UNTIL).toEqual(THREE_TURN_IDS);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    site.expectHealthy();
  });
});

describe('loading the chat template', () => {
  it('fetches no tokenizer, worker or transformers.js until the panel comes into view', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const { page } = await site.blank({ viewport: { width: 1280, height: 700 } });
    const requested = recordRequests(site.current);
    await page.goto(chapterUrl(), { waitUntil: 'networkidle' });
    expect(
      requested.filter((url) => /tokenizer|transformers|chat-template\.worker|ChatTemplatePanel/.test(url)),
    ).toEqual([]);
    await templateReady(page);
    expect(requested.some((url) => url.endsWith('/tokenizer_config.json'))).toBe(true);
    site.expectHealthy();
  });

  it('explains a failed download, keeps the conversation, and recovers with Try again', async () => {
    const { page, context } = await site.blank();
    await context.route('**/tokenizer_config.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(chapterUrl());
    const panel = await site.panel(page, TITLE);
    await expect
      .poll(() => panel.getByRole('alert').textContent(), UNTIL)
      .toContain('The chat template did not load');
    await text(page, 1).fill('still here');
    await context.unroute('**/tokenizer_config.json');
    // The 404 on purpose; the worker that fetched it logs nothing to the page's console.
    await site.clearExpected({ failedRequests: [/\/tokenizer_config\.json: HTTP 404$/] });
    await panel.getByRole('button', { name: 'Try again' }).click();
    await page.getByText(/Template ready/).waitFor();
    await expect
      .poll(() => page.locator('.templated-string__text').textContent(), UNTIL)
      .toContain('still here');
    expect(await texts(page)).toEqual(['still here']);
    site.expectHealthy();
  });
});
