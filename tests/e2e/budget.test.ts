/**
 * The size budget on the built site: what every visit to a page pays in
 * JavaScript stays small, and nothing a page loads up front comes from
 * another host. Heavy runtimes (transformers.js, TensorFlow.js, WebLLM) must
 * arrive only when a panel asks for them, so they never count here; the
 * bench (`npm run bench`) prints the full picture, page by page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLoad, gzipSize } from '../../support/page-weight';
import { builtPages, E2E_DIST_PATH as DIST } from './suite';

/** The heaviest first-load JavaScript any page may ship, gzip -9, inline scripts included. */
const FIRST_LOAD_BUDGET_KIB = 30;

function htmlOf(address: string): string {
  const file = address.endsWith('.html') ? address : `${address}index.html`;
  return readFileSync(path.join(DIST, file), 'utf8');
}

/** First-load JavaScript of a page, in KiB gzip: the bench's own accounting (support/page-weight.ts). */
function firstLoadKiB(html: string): { kib: number; files: string[] } {
  const { files, inlineGzipBytes } = firstLoad(DIST, html);
  return { kib: (gzipSize(files) + inlineGzipBytes) / 1024, files };
}

// Only the built files are read here: no server, no browser, so no `useSite()`.
const pages = builtPages();

describe('first-load budget', () => {
  it('has pages to check', () => {
    expect(pages.length).toBeGreaterThan(3);
  });

  it.each(pages)(
    `/%s ships at most ${FIRST_LOAD_BUDGET_KIB} KiB of JavaScript (gzip) on first load`,
    (address) => {
      const { kib, files } = firstLoadKiB(htmlOf(address));
      expect(files.length, 'every page runs the client router').toBeGreaterThan(0);
      expect(kib).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KIB);
      const heavy = files.filter((file) => /transformers|tfjs|web-llm|webllm|mlp\.worker|uPlot/i.test(file));
      expect(heavy).toEqual([]);
    },
  );

  it.each(pages)('/%s loads nothing from another host up front', (address) => {
    const html = htmlOf(address);
    // Anything the browser fetches while parsing: scripts, stylesheets, preloads, icons, images, media, frames.
    const fetched = [
      ...html.matchAll(/<(?:script|img|iframe|source|video|audio)[^>]*\ssrc="([^"]+)"/g),
      ...html.matchAll(/<link[^>]*\shref="([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(fetched.length).toBeGreaterThan(0);
    // Canonical and Open Graph links name the public site but are not fetched; only fetched URLs count.
    const foreign = fetched.filter((url) => /^(?:[a-z]+:)?\/\//i.test(url) && !url.startsWith('data:'));
    const linkTags = [...html.matchAll(/<link[^>]*>/g)].map((m) => m[0]);
    const fetchedForeign = foreign.filter((url) =>
      linkTags.every(
        (tag) => !tag.includes(`href="${url}"`) || !/rel="(?:canonical|alternate|sitemap)"/.test(tag),
      ),
    );
    expect(fetchedForeign).toEqual([]);
  });
});
