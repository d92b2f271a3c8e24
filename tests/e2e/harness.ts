/**
 * The end-to-end harness: a page that records everything that went wrong on
 * it, and axe-core for accessibility. The static server for the built site
 * and Debian's Chromium live in support/ (the bench uses them too) and are
 * re-exported here, so a test imports everything it needs from one place.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Result as AxeResult, RunOptions } from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { projectRoot } from '../../support/site';

export { launchBrowser } from '../../support/chromium';
export { listBuiltPages, projectRoot, startServer, type StaticServer } from '../../support/site';

/**
 * What went wrong on a page, as one object a test compares with
 * `NO_PROBLEMS`: the whole list shows in a failure, not just the first.
 */
export function problemsOf(testPage: TestPage): PageProblems {
  return { ...testPage.problems };
}

export const NO_PROBLEMS: PageProblems = {
  pageErrors: [],
  consoleErrors: [],
  failedRequests: [],
  otherHostRequests: [],
};

/** Everything that went wrong while a page was open; a healthy page leaves every list empty. */
export interface PageProblems {
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** `console.error` calls, including the browser's own "Failed to load resource" lines. */
  consoleErrors: string[];
  /** Requests to the site that failed (other than being cancelled by the page) or answered 4xx/5xx. */
  failedRequests: string[];
  /** Requests to any other host; they are blocked, since the site must serve everything itself. */
  otherHostRequests: string[];
}

export interface NewPageOptions {
  /** The origin of the site under test (`StaticServer.origin`); any other host counts as foreign. */
  origin: string;
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
  viewport?: { width: number; height: number };
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
  /** Empties the problem lists, e.g. after a step that is expected to log an error. */
  clearProblems: () => void;
  close: () => Promise<void>;
}

/**
 * A page in a fresh browser context (its own storage), recording page errors,
 * console errors, failed requests and requests to other hosts.
 */
export async function newPage(browser: Browser, options: NewPageOptions): Promise<TestPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  const problems: PageProblems = {
    pageErrors: [],
    consoleErrors: [],
    failedRequests: [],
    otherHostRequests: [],
  };
  const isOwn = (url: string) => url.startsWith(`${options.origin}/`) || /^(data|blob|about):/.test(url);

  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isOwn(url)) return route.continue();
    problems.otherHostRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser's "Failed to load resource" line names the resource only in its location, so that a test
    // expecting one failed download can clear exactly that line.
    const source = message.location().url;
    const at = source && source !== page.url() ? ` (at ${source})` : '';
    problems.consoleErrors.push(`${page.url()}: ${message.text()}${at}`);
  });
  context.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // ERR_ABORTED is the page cancelling its own request (it navigated away, a prefetch was superseded,
    // an AbortController fired), not a request that failed; a missing file shows up as an HTTP status below.
    if (isOwn(request.url()) && reason !== 'net::ERR_ABORTED') {
      problems.failedRequests.push(`${request.url()}: ${reason}`);
    }
  });
  context.on('response', (response) => {
    if (response.status() >= 400 && isOwn(response.url())) {
      problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
    }
  });

  return {
    page,
    context,
    problems,
    clearProblems: () => {
      for (const list of Object.values(problems)) list.length = 0;
    },
    close: () => context.close(),
  };
}

/**
 * Scrolls to the panel titled `title` (its `<section>` is a region named by
 * the title) and waits until the panel's code runs in the page: PanelFrame
 * sets `data-ready` then, and the server-rendered HTML never has it. Panels
 * hydrate when visible, hence the scroll. Returns the panel's region.
 */
export async function waitForPanel(page: Page, title: string | RegExp, timeout: number): Promise<Locator> {
  const region = page.getByRole('region', { name: title, exact: true });
  await region.scrollIntoViewIfNeeded({ timeout });
  await region.and(page.locator('[data-ready]')).waitFor({ timeout });
  return region;
}

/**
 * Brings every panel on the page to life, one at a time (scrolling past all
 * of them at once can outrun `client:visible`'s observer), then scrolls
 * back to the top. Returns how many panels the page has.
 */
export async function waitForEveryPanel(page: Page, timeout: number): Promise<number> {
  // PanelFrame's own class: every panel's <section> has it, nothing else does.
  const panels = await page.locator('section.panel').all();
  for (const panel of panels) {
    await panel.scrollIntoViewIfNeeded({ timeout });
    await panel.and(page.locator('[data-ready]')).waitFor({ timeout });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return panels.length;
}

const axeSource = readFileSync(path.join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** The rule sets the site is held to: WCAG 2.x A and AA, and axe's best practices. */
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/** Runs axe-core on the page as it is now and returns its violations (none is a pass). */
export async function checkA11y(page: Page): Promise<AxeResult[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol, not added as a <script>: the site's content security policy
  // (rightly) refuses inline scripts it did not build, and the test must not weaken it.
  if (!hasAxe) await page.evaluate(axeSource);
  return page.evaluate(async (options) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const results = await axe.run(document, options);
    return results.violations;
  }, AXE_OPTIONS);
}

/** Axe violations as readable lines, for assertion messages. */
export function formatViolations(violations: readonly AxeResult[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help}\n` +
        violation.nodes
          .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`)
          .join('\n'),
    )
    .join('\n');
}
