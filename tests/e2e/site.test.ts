/**
 * The site shell in real Chromium, against the built site in `dist/`: the
 * home page, the chapter layout, the theme, code colours, narrow screens,
 * and axe-core on every built page in both themes.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { checkA11y, formatViolations, projectRoot, type TestPage } from './harness';
import { builtPages as listPages, UNTIL, useSite, type PageOptions } from './suite';

const site = useSite();

/** Chapter slugs in reading order, from the file names (`NN-slug.mdx`; the build checks NN = order). */
const chapterSlugs = readdirSync(path.join(projectRoot, 'content/chapters'))
  .filter((name) => name.endsWith('.mdx'))
  .sort()
  .map((name) => name.replace(/^\d+-/, '').replace(/\.mdx$/, ''));
const builtPages = listPages();

/** A page at `address`, once the network has gone quiet (these pages have no panel to wait for). */
async function open(address: string, options: PageOptions = {}): Promise<TestPage> {
  const testPage = await site.blank(options);
  await testPage.page.goto(site.server.url + address, { waitUntil: 'networkidle' });
  return testPage;
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Whether any part of the element is inside the viewport. */
const isInViewport = (locator: Locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth;
  });

test('the build has a home page, a 404 page and one page per chapter', () => {
  expect(builtPages).toEqual(
    expect.arrayContaining(['', '404.html', ...chapterSlugs.map((slug) => `chapters/${slug}/`)]),
  );
});

describe('home page', () => {
  test('says what the site is, then lists every chapter in order with its summary and needs', async () => {
    const home = await open('');
    const { page } = home;
    expect(await page.locator('main p').first().textContent()).toContain('runs in your browser');

    const cards = page.locator('.chapter-cards > li');
    expect(await cards.count()).toBe(chapterSlugs.length);
    for (const [index, slug] of chapterSlugs.entries()) {
      const card = cards.nth(index);
      const link = card.getByRole('link');
      expect(await link.getAttribute('href')).toBe(`/chapters/${slug}/`);
      const summary = (await card.locator('.chapter-card__summary').textContent())?.trim() ?? '';
      expect(summary.length).toBeGreaterThan(0);
      expect(await card.locator('.needs').textContent()).toMatch(
        /^(Runs in your browser on the CPU|Needs WebGPU|Nothing to run)/,
      );

      // The card shows the same title and summary as the chapter page itself.
      const chapter = await open(`chapters/${slug}/`);
      const cardTitle = ((await link.textContent()) ?? '').replace(/^\s*\d+\.\s*/, '').trim();
      expect(await chapter.page.locator('h1').textContent()).toBe(cardTitle);
      expect(await chapter.page.locator('.chapter__summary').textContent()).toBe(summary);
      await chapter.close(); // its problems stay on record for the check at the end
    }
    site.expectHealthy();
  });
});

test('an unknown address gets the 404 page, with a way home', async () => {
  const { page } = await site.blank();
  const response = await page.goto(`${site.server.url}no-such-page/`);
  expect(response?.status()).toBe(404);
  expect(await page.locator('h1').textContent()).toBe('Page not found');
  expect(await page.getByRole('link', { name: 'Go to the list of chapters' }).getAttribute('href')).toBe('/');
  // The 404 on purpose, and the browser's line about it; nothing else.
  await site.clearExpected({
    failedRequests: [/\/no-such-page\/: HTTP 404$/],
    consoleErrors: [/\/no-such-page\/: Failed to load resource: .*status of 404/],
  });
  site.expectHealthy();
});

describe('chapter page', () => {
  test.each(chapterSlugs)('%s: chapter list, table of contents and previous/next links', async (slug) => {
    const chapter = await open(`chapters/${slug}/`, { viewport: { width: 1440, height: 900 } });
    const { page } = chapter;
    const index = chapterSlugs.indexOf(slug);

    const sidebar = page.locator('.chapter-sidebar__open nav[aria-label="Chapters"]');
    expect(await sidebar.isVisible()).toBe(true);
    expect(await sidebar.getByRole('link').count()).toBe(chapterSlugs.length);
    const current = sidebar.locator('[aria-current="page"]');
    expect(await current.count()).toBe(1);
    expect(await current.getAttribute('href')).toBe(`/chapters/${slug}/`);

    // Every "On this page" link, wide or folded, points at an element that exists.
    const targets = await page
      .locator('nav.toc a')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).hash.slice(1)));
    const headingIds = await page.locator('.prose :is(h2, h3)[id]').evaluateAll((hs) => hs.map((h) => h.id));
    expect(new Set(targets)).toEqual(new Set(headingIds));
    for (const id of targets) expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
    if (headingIds.length > 0)
      expect(await page.locator('.chapter__toc-aside nav.toc').isVisible()).toBe(true);

    const prev = page.locator('a[rel="prev"]');
    const next = page.locator('a[rel="next"]');
    expect(await prev.count()).toBe(index > 0 ? 1 : 0);
    expect(await next.count()).toBe(index < chapterSlugs.length - 1 ? 1 : 0);
    if (index > 0) expect(await prev.getAttribute('href')).toBe(`/chapters/${chapterSlugs[index - 1]}/`);
    if (index < chapterSlugs.length - 1)
      expect(await next.getAttribute('href')).toBe(`/chapters/${chapterSlugs[index + 1]}/`);
    site.expectHealthy();
  });

  test('a TOC link scrolls its heading into view', async () => {
    const chapter = await open(`chapters/${chapterSlugs[0]}/`, { viewport: { width: 1440, height: 600 } });
    const { page } = chapter;
    const links = page.locator('.chapter__toc-aside nav.toc a');
    expect(await links.count()).toBeGreaterThan(0);
    const last = links.last();
    const id = ((await last.getAttribute('href')) ?? '').slice(1);
    await last.click();
    await expect.poll(() => page.url(), UNTIL).toMatch(new RegExp(`#${id}$`));
    await expect.poll(() => isInViewport(page.locator(`[id="${id}"]`)), UNTIL).toBe(true);
    site.expectHealthy();
  });
});

describe('narrow screens (360 px)', () => {
  test.each(builtPages)('/%s scrolls only vertically', async (address) => {
    const narrow = await open(address, { viewport: { width: 360, height: 740 } });
    const { page } = narrow;
    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
    expect(widths.document).toBeLessThanOrEqual(widths.viewport);
    site.expectHealthy();
  });

  test('the header keeps the site name, Search and the theme button on one line each', async () => {
    const { page } = await open(`chapters/${chapterSlugs[0]}/`, { viewport: { width: 360, height: 740 } });
    await page.getByRole('button', { name: 'Dark theme' }).waitFor();
    const lines = await page.evaluate(() =>
      ['.site-name', '.site-search', '.theme-toggle span'].map((selector) => {
        const element = document.querySelector(selector)!;
        // One line: the box is less than two line-heights tall.
        return element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight);
      }),
    );
    for (const ratio of lines) expect(ratio).toBeLessThan(1.5);
    site.expectHealthy();
  });

  test('the chapter list and the table of contents fold into <details>', async () => {
    const { page } = await open(`chapters/${chapterSlugs[0]}/`, { viewport: { width: 360, height: 740 } });
    expect(await page.locator('.chapter-sidebar__open').isVisible()).toBe(false);
    const folded = page.locator('details.chapter-sidebar__folded');
    expect(await folded.isVisible()).toBe(true);
    expect(await folded.getByRole('link').first().isVisible()).toBe(false);
    await folded.locator('summary').click();
    await expect.poll(() => folded.locator('[aria-current="page"]').isVisible(), UNTIL).toBe(true);
    expect(await page.locator('.chapter__toc-aside').isVisible()).toBe(false);
    site.expectHealthy();
  });
});

describe('theme', () => {
  const backgroundOf = (testPage: TestPage) =>
    testPage.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const LIGHT_BACKGROUND = 'rgb(252, 252, 253)';
  const DARK_BACKGROUND = 'rgb(17, 19, 23)';

  test('follows the system until the reader chooses, then remembers the choice', async () => {
    const home = await open('', { colorScheme: 'light' });
    const { page } = home;
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    expect(await toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
    expect(await backgroundOf(home)).toBe(LIGHT_BACKGROUND);

    await toggle.click();
    await expect.poll(() => page.locator('html').getAttribute('data-theme'), UNTIL).toBe('dark');
    await expect.poll(() => toggle.getAttribute('aria-pressed'), UNTIL).toBe('true');
    expect(await backgroundOf(home)).toBe(DARK_BACKGROUND);

    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme'), UNTIL).toBe('dark');
    await expect.poll(() => toggle.getAttribute('aria-pressed'), UNTIL).toBe('true');
    expect(await backgroundOf(home)).toBe(DARK_BACKGROUND);

    // The choice carries to other pages, and the keyboard can switch it back.
    await page.goto(`${site.server.url}about/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme'), UNTIL).toBe('dark');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('html').getAttribute('data-theme'), UNTIL).toBe('light');
    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme'), UNTIL).toBe('light');
    expect(await backgroundOf(home)).toBe(LIGHT_BACKGROUND);
    site.expectHealthy();
  });

  test('a dark system gets the dark theme, and the light choice overrides it', async () => {
    const home = await open('', { colorScheme: 'dark' });
    const toggle = home.page.getByRole('button', { name: 'Dark theme' });
    await expect.poll(() => toggle.getAttribute('aria-pressed'), UNTIL).toBe('true');
    expect(await backgroundOf(home)).toBe(DARK_BACKGROUND);
    await toggle.click();
    await expect.poll(() => home.page.locator('html').getAttribute('data-theme'), UNTIL).toBe('light');
    expect(await backgroundOf(home)).toBe(LIGHT_BACKGROUND);
    site.expectHealthy();
  });

  test('the button follows a system change while the page is open, also after client-side page changes', async () => {
    const home = await open('', { colorScheme: 'light' });
    const { page } = home;
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect.poll(() => toggle.getAttribute('aria-pressed'), UNTIL).toBe('false');
    // Two page changes by the client router, then back home: each brings a fresh button.
    await site.clientNavigate(page, () => page.getByRole('link', { name: 'About this site' }).click());
    expect(page.url()).toMatch(/\/about\/$/);
    await site.clientNavigate(page, () => page.getByRole('link', { name: 'LLM Explainer' }).first().click());
    expect(page.url()).toBe(site.server.url);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => toggle.getAttribute('aria-pressed'), UNTIL).toBe('true');
    expect(await backgroundOf(home)).toBe(DARK_BACKGROUND);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => toggle.getAttribute('aria-pressed'), UNTIL).toBe('false');
    site.expectHealthy();
  });

  test('the stored theme is set before first paint', async () => {
    const home = await open('', { colorScheme: 'light' });
    await home.page.evaluate(() => localStorage.setItem('llm-explainer-theme', 'dark'));
    // Record <html>'s theme the moment <body> exists (before any module script runs), and the body's
    // colour in the first animation frame, which comes before the first paint.
    await home.context.addInitScript(() => {
      const record = (key: string, value: unknown) => {
        const target = window as unknown as { firstPaint?: Record<string, unknown> };
        target.firstPaint = { ...target.firstPaint, [key]: value };
      };
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        observer.disconnect();
        record('theme', document.documentElement.dataset['theme'] ?? null);
      }).observe(document, { childList: true, subtree: true });
      const sampleBackground = () =>
        document.body
          ? record('background', getComputedStyle(document.body).backgroundColor)
          : requestAnimationFrame(sampleBackground);
      requestAnimationFrame(sampleBackground);
    });
    await home.page.reload({ waitUntil: 'load' });
    await expect
      .poll(() => home.page.evaluate(() => (window as unknown as { firstPaint?: unknown }).firstPaint), UNTIL)
      .toEqual({ theme: 'dark', background: DARK_BACKGROUND });
    site.expectHealthy();
  });
});

describe('code blocks', () => {
  /** For every Shiki token on the page: its computed colour, and the colour its light and dark variables name. */
  const tokenColours = (testPage: TestPage) =>
    testPage.page.evaluate(() => {
      const resolve = (value: string) => {
        const probe = document.createElement('span');
        probe.style.color = value;
        document.body.append(probe);
        const colour = getComputedStyle(probe).color;
        probe.remove();
        return colour;
      };
      const pre = document.querySelector<HTMLElement>('pre.astro-code');
      if (!pre) throw new Error('no Shiki code block on this page');
      const tokens = [...pre.querySelectorAll<HTMLElement>('span[style*="--shiki-dark"]')];
      return {
        background: getComputedStyle(pre).backgroundColor,
        lightBackground: resolve(pre.style.getPropertyValue('--shiki-light-bg')),
        darkBackground: resolve(pre.style.getPropertyValue('--shiki-dark-bg')),
        tokens: tokens.map((token) => ({
          colour: getComputedStyle(token).color,
          light: resolve(token.style.getPropertyValue('--shiki-light')),
          dark: resolve(token.style.getPropertyValue('--shiki-dark')),
        })),
      };
    });

  test('use the dark theme colours in dark mode and the light ones in light mode', async () => {
    for (const colorScheme of ['dark', 'light'] as const) {
      const about = await open('about/', { colorScheme });
      const colours = await tokenColours(about);
      expect(colours.tokens.length).toBeGreaterThan(0);
      expect(colours.lightBackground).not.toBe(colours.darkBackground);
      expect(colours.background).toBe(
        colorScheme === 'dark' ? colours.darkBackground : colours.lightBackground,
      );
      for (const token of colours.tokens) expect(token.colour).toBe(token[colorScheme]);
      await about.close(); // its problems stay on record for the check at the end
    }
    site.expectHealthy();
  });

  test('follow the theme button, not only the system', async () => {
    const about = await open('about/', { colorScheme: 'light' });
    await about.page.getByRole('button', { name: 'Dark theme' }).click();
    const colours = await tokenColours(about);
    expect(colours.background).toBe(colours.darkBackground);
    for (const token of colours.tokens) expect(token.colour).toBe(token.dark);
    site.expectHealthy();
  });
});

describe('accessibility', () => {
  test('the first Tab reaches a skip link that moves focus to the main content', async () => {
    const { page } = await open(`chapters/${chapterSlugs[0]}/`);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await isFocused(skip)).toBe(true);
    expect(await isInViewport(skip)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(page.locator('main')), UNTIL).toBe(true);
    site.expectHealthy();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test.each(builtPages)(`/%s has no axe violations in the ${colorScheme} theme`, async (address) => {
      const testPage = await open(address, { colorScheme });
      const violations = await checkA11y(testPage.page);
      expect(formatViolations(violations)).toBe('');
      site.expectHealthy();
    });
  }
});
