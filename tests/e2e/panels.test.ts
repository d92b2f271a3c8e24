/**
 * The panel catalogue in real Chromium: every panel in components/ is there
 * with its props and chapters, read from the source, and its example is the
 * real panel, live once it scrolls into view.
 */
import { describe, expect, it } from 'vitest';
import { UNTIL, useSite } from './suite';

const site = useSite();

/**
 * The panel files in components/, written out by hand: a panel added or
 * lost must change this list, so the catalogue cannot drift from what ships
 * unnoticed (reading the folder here would repeat the page's own rule).
 */
const PANELS = [
  'ChatTemplatePanel',
  'ConfigExplorer',
  'DigitsPanel',
  'LayerWalkthrough',
  'LoopPanel',
  'MemoryPanel',
  'MistralParameters',
  'ModelLoaderPanel',
  'ModuleTable',
  'ModuleTree',
  'NetworkPanel',
  'OneTokenPanel',
  'SearchPanel',
  'SurprisalPanel',
  'TokenizerPanel',
  'TrainingPanel',
  'WillItRunPanel',
];

describe('the panel catalogue', () => {
  it('lists every panel in components/ with its props, its chapters and a live example', async () => {
    const { page } = await site.open('chapters/tokens/');
    await site.clientNavigate(page, () =>
      page.getByRole('link', { name: 'Panels, for contributors' }).click(),
    );
    expect(page.url()).toMatch(/\/panels\/$/);

    expect(await page.locator('.panel-catalogue__entry h2').allTextContents()).toEqual(PANELS);

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
    const example = await site.panel(page, 'Tokenizer');
    expect(await tokenizer.getByRole('region', { name: 'Tokenizer', exact: true }).count()).toBe(1);
    await expect.poll(() => example.locator('.token-counts').textContent(), UNTIL).toMatch(/13 tokens/);
    site.expectHealthy();
  });
});
