/**
 * The end-to-end harness: a static server for the built site, Debian's
 * Chromium through playwright-core, a page that records everything that went
 * wrong on it, and axe-core for accessibility.
 *
 * The server is our own, not `astro preview`, so the tests need no second
 * process and serve exactly what a static host would: files, `index.html` for
 * folders, `404.html` for anything else, all under an optional base path.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result as AxeResult, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The project root, so paths like `dist` mean the same from any working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The MIME type a static host would send for `filePath`. */
export function mimeType(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** `/`, `/x/` or `/x/y/`: a base path with one leading and one trailing slash. */
function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

export interface StaticServer {
  /** The site's address, base path included, e.g. `http://127.0.0.1:41234/llm-explainer/`. */
  url: string;
  /** `http://127.0.0.1:41234`, to tell the site's own requests from other hosts'. */
  origin: string;
  close: () => Promise<void>;
}

/**
 * Serves the built site in `dir` (relative to the project root unless
 * absolute) under `base` on 127.0.0.1 at a free port. A folder serves its
 * `index.html` (a folder address without its trailing slash is redirected,
 * as static hosts do); a missing file, or any address outside `base`, gets
 * the site's `404.html` with status 404.
 */
export async function startServer(dir = 'dist', base = '/'): Promise<StaticServer> {
  const root = path.resolve(projectRoot, dir);
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`startServer: no index.html in ${root}. Build the site first (npm run build).`);
  }
  const basePath = normaliseBase(base);
  const notFoundFile = path.join(root, '404.html');

  const server = createServer(async (request, response) => {
    const send = async (status: number, file: string | null, headers: Record<string, string> = {}) => {
      const body = file ? await readFile(file) : Buffer.from(status === 404 ? 'Not found' : '');
      response.writeHead(status, {
        'content-type': file ? mimeType(file) : 'text/plain; charset=utf-8',
        'content-length': String(body.length),
        'cache-control': 'no-store',
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => send(404, existsSync(notFoundFile) ? notFoundFile : null);

    try {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return await send(405, null, { allow: 'GET, HEAD' });
      const { pathname, search } = new URL(request.url ?? '/', 'http://localhost');
      if (`${pathname}/` === basePath) return await send(301, null, { location: basePath + search });
      if (!pathname.startsWith(basePath)) return await notFound();
      const relative = decodeURIComponent(pathname.slice(basePath.length));
      const filePath = path.resolve(root, relative);
      if (filePath !== root && !filePath.startsWith(root + path.sep)) return await notFound();
      const stats = existsSync(filePath) ? statSync(filePath) : null;
      if (stats?.isDirectory()) {
        if (!pathname.endsWith('/')) return await send(301, null, { location: `${pathname}/${search}` });
        const index = path.join(filePath, 'index.html');
        return await (existsSync(index) ? send(200, index) : notFound());
      }
      return await (stats?.isFile() ? send(200, filePath) : notFound());
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(String(error));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + basePath,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Debian's Chromium: where it is, and the flags that switch off everything that would reach the network on its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Debian's Chromium, headless; with `webgpu`, a real (SwiftShader) WebGPU adapter. */
export async function launchBrowser({ webgpu = false }: { webgpu?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}

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
    if (message.type() === 'error') problems.consoleErrors.push(`${page.url()}: ${message.text()}`);
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

/**
 * The address of every page in a built site: each `index.html` (as its
 * folder's address) and `404.html`, relative to the site root, sorted.
 */
export function listBuiltPages(dir = 'dist'): string[] {
  const root = path.resolve(projectRoot, dir);
  const pages: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'index.html') pages.push(path.relative(root, folder).split(path.sep).join('/'));
    }
  };
  walk(root);
  const addresses = pages.map((page) => (page ? `${page}/` : ''));
  if (existsSync(path.join(root, '404.html'))) addresses.push('404.html');
  return addresses.sort();
}
