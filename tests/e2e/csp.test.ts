/**
 * The content security policy in real Chromium: every built page carries it,
 * runs all its own scripts under it without a single violation, and a script
 * that was not built into the site (an injected inline one, or one from
 * another host) does not run. The panel tests run their workers, WebAssembly
 * and downloads under the same policy and fail on any console error, which
 * is where Chromium reports a violation.
 */
import { describe, expect, it } from 'vitest';
import { builtPages, UNTIL, useSite } from './suite';

const site = useSite();

/** Opens a page with every `securitypolicyviolation` recorded from the first script on. */
async function open(address: string) {
  const current = await site.blank();
  await current.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective}: ${event.blockedURI || 'inline'}`),
    );
  });
  await current.page.goto(site.server.url + address);
  await current.page.waitForLoadState('networkidle');
  return current.page;
}

const violations = () =>
  site.current.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

describe('content security policy', () => {
  it.each(builtPages())('/%s runs under the policy with no violation', async (address) => {
    const page = await open(address);
    const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    // The inline theme script ran (it sets the theme button up) and the client router works.
    await page.getByRole('button', { name: /theme/i }).first().click();
    expect(await violations()).toEqual([]);
    site.expectHealthy();
  });

  it('blocks a script the site did not build: injected inline code and code from another host', async () => {
    const page = await open('chapters/tokens/');
    const ran = await page.evaluate(async () => {
      const flags = window as unknown as { __injected?: boolean };
      // An allowed inline script would run as it is inserted, so the flag is settled once append returns.
      const inline = document.createElement('script');
      inline.textContent = 'window.__injected = true;';
      document.head.append(inline);
      // A script from another host ends in `error` whether the policy refuses it or the request fails.
      const foreign = document.createElement('script');
      foreign.src = 'https://example.com/evil.js';
      const settled = new Promise((resolve) => foreign.addEventListener('error', resolve, { once: true }));
      document.head.append(foreign);
      await settled;
      return flags.__injected === true;
    });
    expect(ran).toBe(false);
    await expect
      .poll(violations, UNTIL)
      .toEqual(['script-src-elem: inline', 'script-src-elem: https://example.com/evil.js']);
    // The policy refused both before any request left: Chromium logs each refusal, and nothing else.
    await site.clearExpected({
      consoleErrors: [
        /inline script .*Content Security Policy/,
        /'https:\/\/example\.com\/evil\.js' .*Content Security Policy/,
      ],
    });
    site.expectHealthy();
  });
});
