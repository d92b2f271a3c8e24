/**
 * What a reader types before a panel's code arrives is kept and used. The
 * panels' scripts are held back (as on a slow connection) while the test
 * types into every text field of the server-rendered page; then the scripts
 * arrive, the panels wake, and each field must still hold what was typed
 * and the panel must compute from it (a bad number gets its message, a
 * text is tokenized, a query is searched), as for any other edit.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { UNTIL, useSite } from './suite';

const site = useSite();

/** Opens `address` with every script under `_astro/` held back until the returned function is called. */
async function openWithLateScripts(address: string): Promise<{ page: Page; arrive: () => Promise<void> }> {
  const { page, context } = await site.blank({ viewport: { width: 1280, height: 900 } });
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  await context.route('**/_astro/*.js', async (route) => {
    await arrived;
    await route.continue();
  });
  // Module scripts hold DOMContentLoaded back, so the page is used as soon as its HTML is parsed.
  await page.goto(`${site.server.url}${address}`, { waitUntil: 'commit' });
  await page.locator('footer').waitFor({ state: 'attached' });
  return {
    page,
    arrive: async () => {
      arrive();
      await site.everyPanel(page);
    },
  };
}

/** Every number box (the TextField part) on the page, by id. */
const numberBoxes = (page: Page) =>
  page.locator('.text-field input').evaluateAll((inputs) => inputs.map((input) => input.id));

describe('typing before the panels wake', () => {
  it('keeps and uses every number box of every chapter that has them', async () => {
    const counts: Record<string, number> = {};
    for (const address of [
      'chapters/one-token/',
      'chapters/the-loop/',
      'chapters/parameters/',
      'chapters/inside-mistral/',
    ]) {
      const { page, arrive } = await openWithLateScripts(address);
      // The extra sampling stages sit folded under "More stages": a reader opens them to type there.
      await page
        .locator('details')
        .evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
      const ids = await numberBoxes(page);
      counts[address] = ids.length;
      // Not a number: whatever box it is, the panel must answer with that box's message.
      for (const id of ids) await page.locator(`#${id}`).fill('x1');
      await arrive();
      for (const id of ids) {
        const box = page.locator(`#${id}`);
        await expect.poll(() => box.inputValue(), UNTIL).toBe('x1');
        await expect.poll(() => box.getAttribute('aria-invalid'), { ...UNTIL, message: id }).toBe('true');
        expect(await page.locator(`#${id}-error`).textContent()).toMatch(/“x1” is not a (whole )?number/);
      }
    }
    // The sampling boxes (4 and 5 more stages on one token; the same 9, the limit and the beam width on the
    // loop), the network's hidden size and the four settings each of the seed's training and of the digits,
    // Mistral's seven config fields: 36 boxes.
    expect(counts).toEqual({
      'chapters/one-token/': 9,
      'chapters/the-loop/': 11,
      'chapters/parameters/': 9,
      'chapters/inside-mistral/': 7,
    });
    site.expectHealthy();
  });

  it('tokenizes the text typed into the Tokens box, and puts it in the address', async () => {
    const { page, arrive } = await openWithLateScripts('chapters/tokens/');
    await page.getByLabel('Your text', { exact: true }).fill('typed early');
    await arrive();
    await page.getByText(/Tokenizer ready/).waitFor();
    expect(await page.getByLabel('Your text', { exact: true }).inputValue()).toBe('typed early');
    await expect.poll(() => page.locator('.token-chips').textContent(), UNTIL).toMatch(/early/);
    await expect.poll(() => new URL(page.url()).searchParams.get('text'), UNTIL).toBe('typed early');
    site.expectHealthy();
  });

  it('renders the chat turn typed into, and searches the query typed, before the code came', async () => {
    const chat = await openWithLateScripts('chapters/chat-template/');
    await chat.page.getByLabel('Text of turn 1 (user)').fill('typed early');
    await chat.arrive();
    await chat.page.getByText(/Template ready/).waitFor();
    await expect
      .poll(() => chat.page.locator('.templated-string__text').textContent(), UNTIL)
      .toContain('typed early');
    expect(await chat.page.getByLabel('Text of turn 1 (user)').inputValue()).toBe('typed early');

    const search = await openWithLateScripts('search/');
    await search.page.getByRole('searchbox', { name: 'Words to find' }).fill('softmax');
    await search.arrive();
    const hits = search.page.getByRole('list', { name: 'Pages that match' }).getByRole('link');
    await expect.poll(() => hits.count(), UNTIL).toBeGreaterThan(0);
    expect(new URL(search.page.url()).searchParams.get('q')).toBe('softmax');
    site.expectHealthy();
  });

  it('traces the token ids typed into chapter 7’s ids box', async () => {
    const { page, arrive } = await openWithLateScripts('chapters/inside-mistral/');
    await page.getByLabel('Token ids').fill('1, 22557');
    await arrive();
    await expect.poll(() => page.getByLabel('Token ids').inputValue(), UNTIL).toBe('1, 22557');
    // The position picker offers exactly the two typed tokens.
    await expect
      .poll(
        () =>
          page
            .getByLabel(/Token position|Position/)
            .locator('option')
            .count(),
        UNTIL,
      )
      .toBe(2);
    site.expectHealthy();
  });
});
