/**
 * The set-up every e2e test file shares, on top of the harness: kept apart
 * from harness.ts because it registers vitest hooks, which a plain module
 * must not do when imported.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  launchBrowser,
  listBuiltPages,
  newPage,
  NO_PROBLEMS,
  problemsOf,
  projectRoot,
  startServer,
  waitForEveryPanel,
  waitForPanel,
  type NewPageOptions,
  type PageProblems,
  type StaticServer,
  type TestPage,
} from './harness';

/** The built site the e2e tests run against; `E2E_DIST` points a manual run at another build. */
export const E2E_DIST = process.env['E2E_DIST'] ?? 'dist';
/** The same folder as an absolute path, for tests that read the built files themselves. */
export const E2E_DIST_PATH = path.resolve(projectRoot, E2E_DIST);

/**
 * How long any wait on the page may take: a panel coming to life, a worker
 * loading its model, an answer to an edit, an expected error appearing. One
 * value for every file, for `expect.poll`, `waitFor` and every Playwright
 * action (it is each page's default timeout). Generous, because the tests
 * share two cores with whatever else runs; a wait ends as soon as its
 * condition holds, so a healthy run never pays it.
 */
export const UNTIL = { timeout: 30_000 };

/**
 * For work that is slow by design, where `UNTIL` would cut a healthy run
 * short: training a network in the page, or a reply of a hundred tokens.
 * A test that waits this long says so with `SLOW_TEST_MS` as its own limit.
 */
export const SLOW = { timeout: 90_000, interval: 250 };
/** The time limit of a test that waits on `SLOW` work, above vitest's 60 s for the others. */
export const SLOW_TEST_MS = 240_000;

export interface PageOptions extends Omit<NewPageOptions, 'origin'> {
  /** Open the page in a Chromium with a (SwiftShader) WebGPU adapter; without it, WebGPU is absent. */
  webgpu?: boolean;
}

/** Lines a test expects on purpose, by kind; each pattern must match at least one line of its kind. */
export type ExpectedProblems = Partial<Record<keyof PageProblems, readonly RegExp[]>>;

export interface SiteSuite {
  readonly server: StaticServer;
  /** The page `blank` or `open` made last; closed after each test. */
  readonly current: TestPage;
  /** A fresh page (its own context, recording its problems) that has not gone anywhere yet: listen and route first. */
  blank(options?: PageOptions): Promise<TestPage>;
  /** A fresh page at `address` under the site. */
  open(address: string, options?: PageOptions): Promise<TestPage>;
  /** Scrolls to the panel titled `title` and waits until its code runs (`data-ready`); returns its region. */
  panel(page: Page, title: string | RegExp): Promise<Locator>;
  /** Brings every panel on the page to life, one by one, and scrolls back to the top; returns their count. */
  everyPanel(page: Page): Promise<number>;
  /**
   * Runs `navigate` (a click on a link, `goBack`) and waits until Astro's
   * client router has finished the page change it starts (`astro:page-load`:
   * the new page swapped in, its scroll position restored, its scripts run).
   * Scrolling to a panel before that can be undone by the router.
   */
  clientNavigate(page: Page, navigate: () => Promise<unknown>): Promise<void>;
  /** Follows the previous/next chapter link named `name` at the foot of a chapter, through the client router. */
  followChapterLink(page: Page, name: RegExp): Promise<void>;
  /**
   * Waits until each expected line has been recorded on `testPage` (the
   * current page unless given), then removes exactly the lines that match:
   * an error a test provokes on purpose must happen, and nothing else is
   * forgiven.
   */
  clearExpected(expected: ExpectedProblems, testPage?: TestPage): Promise<void>;
  /**
   * Asserts that no page this test opened had a page error, a console
   * error, a failed request or a request to another host. Every test that
   * opens a page ends with it; the suite checks again after each test, so
   * anything logged after the last call fails the test too.
   */
  expectHealthy(): void;
}

/** Every request the page's context makes from now on, as full URLs: call it before navigating. */
export function recordRequests(testPage: TestPage): string[] {
  const requests: string[] = [];
  testPage.context.on('request', (request) => requests.push(request.url()));
  return requests;
}

/** The address of every page of the built site under test (see `listBuiltPages`). */
export const builtPages = (): string[] => listBuiltPages(E2E_DIST);

/**
 * The set-up every e2e file shares: serve the built site, start Chromium
 * when a test first asks for a page (a second one, with WebGPU, only if a
 * test asks for it), give each test fresh pages, check them, and close them
 * after it. Call at the top of a test file.
 *
 * `dist` and `base` serve another build, under a base path; `prepare` runs
 * first (to make that build) with `prepareTimeoutMs` to do it in.
 */
export function useSite({
  dist = E2E_DIST,
  base = '/',
  prepare,
  prepareTimeoutMs = 60_000,
}: {
  dist?: string;
  base?: string;
  prepare?: () => void | Promise<void>;
  prepareTimeoutMs?: number;
} = {}): SiteSuite {
  let server: StaticServer | undefined;
  const browsers = new Map<boolean, Promise<Browser>>();
  const pages: TestPage[] = [];

  beforeAll(async () => {
    await prepare?.();
    server = await startServer(dist, base);
  }, prepareTimeoutMs);
  afterEach(async (context) => {
    const opened = pages.splice(0);
    const passed = (context.task.result?.errors ?? []).length === 0;
    try {
      if (passed) checkHealth(opened, 'after the test');
    } finally {
      await Promise.all(opened.map((testPage) => testPage.close()));
    }
  });
  afterAll(async () => {
    const started = await Promise.allSettled(browsers.values());
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.close() : null)));
    await server?.close();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`useSite: the ${what} is not started yet (use it inside a test).`);
    return value;
  };
  const browserFor = (webgpu: boolean) => {
    let browser = browsers.get(webgpu);
    if (!browser) {
      browser = launchBrowser({ webgpu });
      browsers.set(webgpu, browser);
    }
    return browser;
  };

  return {
    get server() {
      return ready(server, 'server');
    },
    get current() {
      return ready(pages.at(-1), 'page');
    },
    async blank({ webgpu = false, ...options } = {}) {
      const testPage = await newPage(await browserFor(webgpu), {
        ...options,
        origin: ready(server, 'server').origin,
      });
      testPage.context.setDefaultTimeout(UNTIL.timeout);
      pages.push(testPage);
      return testPage;
    },
    async open(address, options = {}) {
      const testPage = await this.blank(options);
      await testPage.page.goto(ready(server, 'server').url + address);
      return testPage;
    },
    panel: (page, title) => waitForPanel(page, title, UNTIL.timeout),
    everyPanel: (page) => waitForEveryPanel(page, UNTIL.timeout),
    async clientNavigate(page, navigate) {
      const before = await page.evaluate(() => {
        const counter = window as unknown as { __pageLoads?: number };
        if (counter.__pageLoads === undefined) {
          counter.__pageLoads = 0;
          document.addEventListener('astro:page-load', () => (counter.__pageLoads! += 1));
        }
        return counter.__pageLoads;
      });
      await navigate();
      await page.waitForFunction(
        (count) => (window as unknown as { __pageLoads: number }).__pageLoads > count,
        before,
      );
    },
    followChapterLink(page, name) {
      return this.clientNavigate(page, () => page.locator('.prev-next').getByRole('link', { name }).click());
    },
    async clearExpected(expected, testPage = ready(pages.at(-1), 'page')) {
      for (const [kind, patterns] of Object.entries(expected) as [keyof PageProblems, RegExp[]][]) {
        const lines = testPage.problems[kind];
        for (const pattern of patterns) {
          await expect
            .poll(() => [...lines], { ...UNTIL, message: `an expected line in ${kind}` })
            .toContainEqual(expect.stringMatching(pattern));
        }
        const kept = lines.filter((line) => !patterns.some((pattern) => pattern.test(line)));
        lines.splice(0, lines.length, ...kept);
      }
    },
    expectHealthy() {
      checkHealth(pages, 'at the end of the test');
    },
  };
}

function checkHealth(pages: readonly TestPage[], when: string) {
  for (const [index, testPage] of pages.entries()) {
    expect(
      problemsOf(testPage),
      `problems ${when} on page ${index + 1} of ${pages.length} (${testPage.page.url()})`,
    ).toEqual(NO_PROBLEMS);
  }
}
