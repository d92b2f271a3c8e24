/**
 * Search in real Chromium against the built site: Pagefind's index of the
 * chapters, loaded only on the search page, results as links with the
 * matching words marked, the query in the address, and bad input handled.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { recordRequests, UNTIL, useSite } from './suite';

const TITLE = 'Search the chapters';
const site = useSite();

/** Opens the search page and waits until its panel is live: typing before that is not seen. */
async function openSearch(query = ''): Promise<Page> {
  const { page } = await site.open(`search/${query}`);
  await site.panel(page, TITLE);
  return page;
}

const panel = (page: Page) => page.getByRole('region', { name: TITLE, exact: true });
const status = (page: Page) => panel(page).getByRole('status').textContent();
const box = (page: Page) => page.getByRole('searchbox', { name: 'Words to find' });
const hits = (page: Page) => panel(page).getByRole('list', { name: 'Pages that match' }).getByRole('link');

describe('search', () => {
  it('finds the chapter that explains a term, marks the words, and keeps the query in the address', async () => {
    const page = await openSearch();
    await expect.poll(() => status(page), UNTIL).toBe('Type a word or two to search every chapter.');
    await box(page).fill('byte fallback');
    await expect.poll(() => status(page), UNTIL).toMatch(/^\d+ pages? match(es)? “byte fallback”/);
    expect(await hits(page).first().textContent()).toBe('Tokens');
    expect(await hits(page).first().getAttribute('href')).toBe('/chapters/tokens/');
    expect(await panel(page).locator('.search__excerpt mark').first().textContent()).toMatch(
      /byte|fallback/i,
    );
    expect(new URL(page.url()).searchParams.get('q')).toBe('byte fallback');

    // The address brings the search back, and the hit leads to the chapter.
    await page.reload();
    await site.panel(page, TITLE);
    // The island reads the address in an effect just after it hydrates.
    await expect.poll(() => box(page).inputValue(), UNTIL).toBe('byte fallback');
    await expect.poll(() => hits(page).count(), UNTIL).toBeGreaterThan(0);
    await hits(page).first().click();
    await page.waitForURL(/\/chapters\/tokens\/$/);
    site.expectHealthy();
  });

  it('does not index the live panels: their labels find nothing', async () => {
    const page = await openSearch();
    // Exact phrases (in quotes) that appear only inside panels, never in the prose: the network
    // panel's "Runs in your browser" line and the search panel's own label.
    for (const word of ['"layer shapes"', '"words to find"']) {
      await box(page).fill(word);
      await expect
        .poll(() => status(page), UNTIL)
        .toBe(`No chapter mentions “${word}”. Try another word, or fewer words.`);
    }
    // A word of the prose is found, so the index is there.
    await box(page).fill('parameters');
    await expect.poll(() => hits(page).allTextContents(), UNTIL).toContain('Parameters');
    site.expectHealthy();
  });

  it('says when nothing matches, and treats markup, emoji and control characters as text', async () => {
    const page = await openSearch();
    await box(page).fill('<img src=x onerror="window.__pwned=1">');
    await expect
      .poll(() => status(page), UNTIL)
      .toMatch(/^No chapter mentions “<img src=x onerror="window.__pwned=1">”|match/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await panel(page).locator('img').count()).toBe(0);

    // Pagefind also counts an indexed word that begins the query ("q" for "qqq…", as in "q, k and v"),
    // so the word for "nothing found" must not start with any word of the chapters.
    await box(page).fill('fjordhopper');
    await expect
      .poll(() => status(page), UNTIL)
      .toBe('No chapter mentions “fjordhopper”. Try another word, or fewer words.');
    expect(await hits(page).count()).toBe(0);

    // An emoji is a word like any other: the Tokens chapter spells one out.
    await box(page).fill('🦩');
    await expect.poll(() => hits(page).allTextContents(), UNTIL).toContain('Tokens');

    await box(page).fill('x'.repeat(500));
    await expect
      .poll(() => status(page), UNTIL)
      .toBe('That is 500 characters; a search takes at most 200. Try a few words from it.');
    expect((await box(page).inputValue()).length).toBe(500);
    site.expectHealthy();
  });

  it('explains a missing index and finds again on Try again', async () => {
    const current = await site.blank();
    let fail = true;
    await current.context.route('**/pagefind/pagefind.js*', (route) =>
      fail ? route.fulfill({ status: 404, body: 'missing' }) : route.continue(),
    );
    const page = current.page;
    await page.goto(`${site.server.url}search/?q=softmax`);
    await expect
      .poll(() => panel(page).getByRole('alert').textContent(), UNTIL)
      .toMatch(/Search is not available/);
    expect(await box(page).inputValue()).toBe('softmax');
    await site.clearExpected({
      failedRequests: [/\/pagefind\/pagefind\.js: HTTP 404$/],
      consoleErrors: [/status of 404 .*\/pagefind\/pagefind\.js\)$/],
    });
    fail = false;
    await panel(page).getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => hits(page).count(), UNTIL).toBeGreaterThan(0);
    site.expectHealthy();
  });

  it('loads the index only on the search page, and passes axe with results shown', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const current = await site.blank();
    const requests = recordRequests(current);
    await current.page.goto(`${site.server.url}chapters/tokens/`);
    await current.page.waitForLoadState('networkidle');
    expect(requests.filter((url) => url.includes('/pagefind/'))).toEqual([]);
    await site.clientNavigate(current.page, () => current.page.getByRole('link', { name: 'Search' }).click());
    expect(current.page.url()).toMatch(/\/search\/$/);
    await site.panel(current.page, TITLE);
    await box(current.page).fill('temperature');
    await expect.poll(() => hits(current.page).count(), UNTIL).toBeGreaterThan(0);
    expect(requests.some((url) => url.includes('/pagefind/'))).toBe(true);
    expect(formatViolations(await checkA11y(current.page))).toBe('');
    site.expectHealthy();
  });
});
