/**
 * The site under a sub-folder (`SITE_BASE=/llm-explainer/`, as on GitHub
 * Pages): builds it into `dist-base/` with the real Astro CLI, then checks
 * that every internal link and asset on every page stays under the base and
 * exists, and that a reader can walk from the home page into a chapter
 * without a failed request.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, test } from 'vitest';
import { listBuiltPages, projectRoot } from './harness';
import { recordRequests, UNTIL, useSite } from './suite';
import { runAstro } from '../support/run-astro';

const BASE = '/llm-explainer/';
const OUT_DIR = 'dist-base';

const site = useSite({
  dist: OUT_DIR,
  base: BASE,
  prepare: () => {
    const build = runAstro(['build', '--outDir', OUT_DIR], { cwd: projectRoot, env: { SITE_BASE: BASE } });
    if (build.status !== 0) throw new Error(`astro build with SITE_BASE=${BASE} failed:\n${build.output}`);
  },
  prepareTimeoutMs: 180_000,
});

/** Every URL a page links to or loads, as written in its HTML. */
function referencedUrls(html: string): string[] {
  const document = parse(html);
  return [
    // The canonical link names the public address (SITE_URL), not a file here; checked separately below.
    ...document
      .querySelectorAll('a[href], link[href]:not([rel="canonical"])')
      .map((element) => element.getAttribute('href') ?? ''),
    ...document
      .querySelectorAll('script[src], img[src], source[src]')
      .map((e) => e.getAttribute('src') ?? ''),
  ];
}

describe(`a build under ${BASE}`, () => {
  test('links and loads only its own pages and assets, all under the base, all present', async () => {
    const pages = listBuiltPages(OUT_DIR);
    expect(pages.length).toBeGreaterThan(3);
    const wrong: string[] = [];
    const checked = new Set<string>();
    for (const address of pages) {
      const file = path.join(
        projectRoot,
        OUT_DIR,
        address.endsWith('/') || !address ? `${address}index.html` : address,
      );
      const html = readFileSync(file, 'utf8');
      const canonical = parse(html).querySelector('link[rel="canonical"]')?.getAttribute('href');
      if (canonical && !new URL(canonical).pathname.startsWith(BASE)) {
        wrong.push(`/${address}: canonical ${canonical} is outside ${BASE}`);
      }
      for (const url of referencedUrls(html)) {
        if (url.startsWith('#')) continue;
        if (!url.startsWith('/') || url.startsWith('//')) {
          wrong.push(`/${address}: ${url} is not a root-relative link to this site`);
          continue;
        }
        if (!url.startsWith(BASE)) {
          wrong.push(`/${address}: ${url} is outside ${BASE}`);
          continue;
        }
        const target = url.split('#')[0] as string;
        if (checked.has(target)) continue;
        checked.add(target);
        const response = await fetch(site.server.origin + target);
        if (response.status !== 200) wrong.push(`/${address}: ${url} answers ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked.size).toBeGreaterThan(pages.length);
  });

  test('a reader goes from the home page to the first chapter and back without a failed request', async () => {
    const { page } = await site.blank();
    await page.goto(site.server.url, { waitUntil: 'networkidle' });
    await page.locator('.chapter-cards a').first().click();
    await page.waitForURL(new RegExp(`^${site.server.url}chapters/[a-z0-9-]+/$`), {
      waitUntil: 'networkidle',
    });
    expect(await page.locator('.chapter-sidebar__open [aria-current="page"]').count()).toBe(1);
    await page.getByRole('link', { name: 'LLM Explainer' }).click();
    await page.waitForURL(site.server.url, { waitUntil: 'networkidle' });
    site.expectHealthy();
  });

  test('the runtimes find their own files under the base: tokenizer, TensorFlow.js wasm, search index', async () => {
    const current = await site.blank();
    const { page } = current;
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const requested = recordRequests(current);
    const status = (title: string) => page.getByRole('region', { name: title }).getByRole('status');

    await page.goto(`${site.server.url}chapters/tokens/`);
    await site.panel(page, 'Tokenizer');
    await page.getByText(/Tokenizer ready/).waitFor();

    await page.goto(`${site.server.url}chapters/parameters/`);
    const training = await site.panel(page, 'Training the seed’s network');
    await expect
      .poll(() => status('Training the seed’s network').textContent(), UNTIL)
      .toBe('Ready to train on wasm.');
    await training.getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(() => status('Training the seed’s network').textContent(), UNTIL)
      .toMatch(/^Trained 10 epochs/);

    await page.goto(`${site.server.url}search/?q=softmax`);
    await expect
      .poll(() => page.getByRole('list', { name: 'Pages that match' }).getByRole('link').count(), UNTIL)
      .toBeGreaterThan(0);

    const paths = requested.map((url) => new URL(url).pathname);
    for (const expected of [
      /tokenizer\.json$/,
      /tfjs-backend-wasm.*\.wasm$/,
      /pagefind\/pagefind\.js$/,
      /\.pf_meta$/,
    ]) {
      const hits = paths.filter((url) => expected.test(url));
      expect(hits.length, `a request matching ${expected}`).toBeGreaterThan(0);
      expect(hits.every((url) => url.startsWith(BASE))).toBe(true);
    }
    site.expectHealthy();
  });

  test('an address outside the base, or missing inside it, gets the 404 page', async () => {
    for (const address of ['/chapters/tokens/', `${BASE}no-such-page/`]) {
      const response = await fetch(site.server.origin + address);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Page not found');
    }
  });
});
