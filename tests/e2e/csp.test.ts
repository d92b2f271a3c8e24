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
    // The server sends the policy as a header too (as a host that reads _headers does), so each refusal
    // may be reported once per policy: the meta tag's and the header's.
    await expect
      .poll(async () => [...new Set(await violations())], UNTIL)
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

  it('sends the headers file: another page cannot frame the site', async () => {
    const { page } = await site.blank();
    const address = `${site.server.url}chapters/loading-the-model/`;
    const response = await page.request.get(address);
    expect(response.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'$/);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    // A page of no origin of ours (about:blank) frames the chapter: Chromium refuses to show it.
    await page.setContent(`<iframe title="framed" src="${address}" width="1000" height="700"></iframe>`);
    // Chromium blocks the response and says why; the frame never shows the chapter.
    await site.clearExpected({
      consoleErrors: [/Framing '.*' violates .*"frame-ancestors 'none'". The request has been blocked/],
      failedRequests: [/\/chapters\/loading-the-model\/: net::ERR_BLOCKED_BY_RESPONSE$/],
    });
    site.expectHealthy();
  });

  it('on a host that sends no headers, the framed model loader will not start its download', async () => {
    const { page, context } = await site.blank();
    const address = `${site.server.url}chapters/loading-the-model/`;
    // As GitHub Pages serves it: the same page without the headers.
    await context.route(address, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      for (const name of ['content-security-policy', 'x-frame-options']) delete headers[name];
      await route.fulfill({ response, headers });
    });
    await page.setContent(`<iframe title="framed" src="${address}" width="1000" height="700"></iframe>`);
    const frame = page.frameLocator('iframe');
    const note = frame.getByText(/shown inside another site’s frame, so the download will not start here/);
    await frame.getByRole('region', { name: 'Load the model', exact: true }).scrollIntoViewIfNeeded();
    await note.waitFor();
    expect(
      await frame.getByRole('link', { name: 'Open this chapter in its own tab' }).getAttribute('href'),
    ).toBe(address);
    const load = frame
      .getByRole('region', { name: 'Load the model', exact: true })
      .getByRole('button')
      .first();
    expect(await load.isDisabled()).toBe(true);
    site.expectHealthy();
  });
});
