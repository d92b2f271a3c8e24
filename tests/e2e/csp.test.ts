/**
 * The content security policy in real Chromium: every built page carries it,
 * runs all its own scripts under it without a single violation, and a script
 * that was not built into the site (an injected inline one, or one from
 * another host) does not run. The panel tests run their workers, WebAssembly
 * and downloads under the same policy and fail on any console error, which
 * is where Chromium reports a violation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  listBuiltPages,
  newPage,
  startServer,
  type StaticServer,
  type TestPage,
} from './harness';

const DIST = process.env['E2E_DIST'] ?? 'dist';

let server: StaticServer;
let browser: Browser;
let current: TestPage | null = null;

beforeAll(async () => {
  server = await startServer(DIST);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  await current?.close();
  current = null;
});

/** Opens a page with every `securitypolicyviolation` recorded from the first script on. */
async function open(address: string) {
  current = await newPage(browser, { origin: server.origin });
  await current.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective}: ${event.blockedURI || 'inline'}`),
    );
  });
  await current.page.goto(server.url + address);
  await current.page.waitForLoadState('networkidle');
  return current.page;
}

const violations = () =>
  current!.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

describe('content security policy', () => {
  it.each(listBuiltPages(DIST))('/%s runs under the policy with no violation', async (address) => {
    const page = await open(address);
    const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    // The inline theme script ran (it sets the theme button up) and the client router works.
    await page.getByRole('button', { name: /theme/i }).first().click();
    expect(await violations()).toEqual([]);
    expect(current!.problems.consoleErrors).toEqual([]);
    expect(current!.problems.pageErrors).toEqual([]);
  });

  it('blocks a script the site did not build: injected inline code and code from another host', async () => {
    const page = await open('chapters/tokens/');
    const ran = await page.evaluate(async () => {
      const flags = window as unknown as { __injected?: boolean };
      const inline = document.createElement('script');
      inline.textContent = 'window.__injected = true;';
      document.head.append(inline);
      const foreign = document.createElement('script');
      foreign.src = 'https://example.com/evil.js';
      document.head.append(foreign);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return flags.__injected === true;
    });
    expect(ran).toBe(false);
    expect(await violations()).toEqual([
      'script-src-elem: inline',
      'script-src-elem: https://example.com/evil.js',
    ]);
    current!.clearProblems();
  });
});
