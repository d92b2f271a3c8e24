/**
 * The set-up every e2e test file shares, on top of the harness: kept apart
 * from harness.ts because it registers vitest hooks, and the bench (plain
 * Node, no vitest) imports the harness too.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  newPage,
  startServer,
  type NewPageOptions,
  type StaticServer,
  type TestPage,
} from './harness';

/** The built site the e2e tests run against; `E2E_DIST` points a manual run at another build. */
export const E2E_DIST = process.env['E2E_DIST'] ?? 'dist';

export interface SiteSuite {
  readonly server: StaticServer;
  readonly browser: Browser;
  /** The page `open` made last; closed after each test. */
  readonly current: TestPage;
  /** A fresh page (its own context, recording its problems) that has not gone anywhere yet: set up routes first. */
  blank(options?: Omit<NewPageOptions, 'origin'>): Promise<TestPage>;
  /** A fresh page at `address` under the site. */
  open(address: string, options?: Omit<NewPageOptions, 'origin'>): Promise<TestPage>;
}

/**
 * The set-up every e2e file shares: serve the built site, start Chromium
 * (with `webgpu`, a SwiftShader adapter), give each test fresh pages and
 * close them after it. Call at the top of a test file.
 */
export function useSite({ webgpu = false }: { webgpu?: boolean } = {}): SiteSuite {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const pages: TestPage[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(E2E_DIST), launchBrowser({ webgpu })]);
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((testPage) => testPage.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`useSite: the ${what} is not started yet (use it inside a test).`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get current() {
      return ready(pages.at(-1), 'page');
    },
    async blank(options = {}) {
      const testPage = await newPage(ready(browser, 'browser'), {
        ...options,
        origin: ready(server, 'server').origin,
      });
      pages.push(testPage);
      return testPage;
    },
    async open(address, options = {}) {
      const testPage = await this.blank(options);
      await testPage.page.goto(ready(server, 'server').url + address);
      return testPage;
    },
  };
}
