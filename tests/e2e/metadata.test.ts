/**
 * What search engines and link previews read from the built site: a sitemap
 * of every page, and on each page a title, a description, Open Graph tags
 * and a canonical address.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { builtPages, E2E_DIST_PATH } from './suite';

// Only the built files are read here: no server, no browser, so no `useSite()`.
const read = (file: string) => readFileSync(path.join(E2E_DIST_PATH, file), 'utf8');
const pages = builtPages().filter((address) => address !== '404.html');

describe('sitemap', () => {
  it('lists every page but the 404 page, under the site address, and the pages link to it', () => {
    const index = read('sitemap-index.xml');
    const sitemaps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    const listed = sitemaps.flatMap((sitemap) =>
      [...read(path.basename(sitemap)).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname),
    );
    expect(listed.sort()).toEqual(pages.map((address) => `/${address}`).sort());
    const home = parse(read('index.html'));
    expect(home.querySelector('link[rel="sitemap"]')?.getAttribute('href')).toBe('/sitemap-index.xml');
  });
});

describe.each(pages)('/%s', (address) => {
  const html = parse(read(`${address}index.html`));
  const meta = (selector: string) => html.querySelector(selector)?.getAttribute('content') ?? '';

  it('has a title, a description and Open Graph tags that agree with them', () => {
    const title = html.querySelector('title')?.textContent ?? '';
    expect(title).toMatch(/LLM Explainer$/);
    expect(meta('meta[name="description"]').length).toBeGreaterThan(40);
    expect(meta('meta[property="og:description"]')).toBe(meta('meta[name="description"]'));
    expect(title.startsWith(meta('meta[property="og:title"]'))).toBe(true);
    expect(meta('meta[property="og:site_name"]')).toBe('LLM Explainer');
  });

  it('names its own public address as canonical', () => {
    const canonical = html.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
    expect(new URL(canonical).pathname).toBe(`/${address}`);
    expect(meta('meta[property="og:url"]')).toBe(canonical);
  });
});
