/**
 * Keyboard use of every built page: with every panel hydrated, Tab walks
 * through all controls, and each one shows where the focus is (an outline
 * or a ring on it or on the card it sits in). A control that takes focus
 * invisibly leaves a keyboard user lost; this catches one on any page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  listBuiltPages,
  newPage,
  NO_PROBLEMS,
  problemsOf,
  startServer,
  type StaticServer,
} from './harness';

const DIST = process.env['E2E_DIST'] ?? 'dist';
/** More Tab presses than any page has controls; the walk stops when focus comes back to a control it saw. */
const MAX_TABS = 200;

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(DIST);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('keyboard', () => {
  it.each(listBuiltPages(DIST))(
    '/%s: Tab reaches every control, and each shows its focus',
    async (address) => {
      const testPage = await newPage(browser, { origin: server.origin });
      const { page } = testPage;
      await page.goto(server.url + address);
      // Scroll each island into view and wait there until it has hydrated (Astro drops `ssr`), so its
      // controls exist: scrolling past all of them at once can outrun `client:visible`'s observer.
      for (const island of await page.locator('astro-island').all()) {
        await island.scrollIntoViewIfNeeded();
        await expect.poll(() => island.getAttribute('ssr'), { timeout: 20_000 }).toBeNull();
      }
      await page.evaluate(() => window.scrollTo(0, 0));

      const seen: string[] = [];
      const invisible: string[] = [];
      for (let i = 0; i < MAX_TABS; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return null;
          const shows = (node: Element | null) => {
            if (!node) return false;
            const style = getComputedStyle(node);
            return (
              (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
              style.boxShadow !== 'none'
            );
          };
          const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} “${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}”`;
          // A link inside a card may show its focus on the card (`.card:has(a:focus-visible)`).
          return {
            name,
            visible:
              shows(element) ||
              shows(element.parentElement) ||
              shows(element.parentElement?.parentElement ?? null),
          };
        });
        if (!focused) continue;
        if (seen.includes(focused.name)) break;
        seen.push(focused.name);
        if (!focused.visible) invisible.push(focused.name);
      }
      expect(seen[0]).toMatch(/^a “Skip to content”/);
      expect(seen.length).toBeGreaterThan(3);
      expect(invisible).toEqual([]);
      expect(problemsOf(testPage)).toEqual(NO_PROBLEMS);
      await testPage.close();
    },
  );
});
