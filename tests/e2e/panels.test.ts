/**
 * The panel catalogue in real Chromium: every panel in components/ is there
 * with its props and chapters, read from the source, and its example is the
 * real panel, live once it scrolls into view.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_PROBLEMS, problemsOf, projectRoot } from './harness';
import { useSite } from './suite';

const UNTIL = { timeout: 20_000 };
const site = useSite();

describe('the panel catalogue', () => {
  it('lists every panel in components/ with its props, its chapters and a live example', async () => {
    const current = await site.open('chapters/tokens/');
    const { page } = current;
    await page.getByRole('link', { name: 'Panels, for contributors' }).click();
    await page.waitForURL(/\/panels\/$/);

    const panels = readdirSync(path.join(projectRoot, 'components'))
      .filter((file) => file.endsWith('.tsx'))
      .map((file) => file.replace(/\.tsx$/, ''))
      .sort();
    expect(await page.locator('.panel-catalogue__entry h2').allTextContents()).toEqual(panels);

    const tokenizer = page.locator('.panel-catalogue__entry', { has: page.locator('h2#TokenizerPanel') });
    expect(
      await tokenizer
        .getByRole('table', { name: 'Props of TokenizerPanel' })
        .locator('tbody tr')
        .textContent(),
    ).toBe(
      "initialText?stringSEED_PROMPTText the box starts with; the seed's prompt unless a chapter asks otherwise.",
    );
    expect(await tokenizer.getByRole('link', { name: 'Tokens' }).getAttribute('href')).toBe(
      '/chapters/tokens/',
    );

    // The example is the real panel: scrolled into view, it loads the tokenizer and shows the seed's tokens.
    const box = tokenizer.getByLabel('Your text');
    await box.scrollIntoViewIfNeeded();
    await expect.poll(() => tokenizer.locator('.token-counts').textContent(), UNTIL).toMatch(/13 tokens/);

    expect(problemsOf(current)).toEqual(NO_PROBLEMS);
  });
});
