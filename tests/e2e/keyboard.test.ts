/**
 * Keyboard use of every built page: with every panel hydrated, Tab walks
 * through all controls, and each one shows where the focus is (an outline
 * or a ring on it or on the card it sits in). A control that takes focus
 * invisibly leaves a keyboard user lost; this catches one on any page.
 */
import { describe, expect, it } from 'vitest';
import { builtPages, useSite } from './suite';

/** More Tab presses than any page has controls; the walk stops when focus comes back to a control it saw. */
const MAX_TABS = 200;

const site = useSite();

describe('keyboard', () => {
  it.each(builtPages())('/%s: Tab reaches every control, and each shows its focus', async (address) => {
    const { page } = await site.open(address);
    // Every panel brought to life first, so its controls are all there and stay put while Tab walks.
    // (The other islands, the module tree and tables and the training curve, render their controls on
    // the server and add none in the page.)
    await site.everyPanel(page);

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
    site.expectHealthy();
  });
});
