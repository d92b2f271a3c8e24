/**
 * Internal links of a built site, checked: every `href` and `src` that
 * points into the site must name a file the build wrote. Run at the end of
 * `astro build` (src/integrations/links.ts), so a broken link fails the
 * build rather than a reader's click. Fragments are checked too: `#id` must
 * be an id on the target page.
 */

export interface BuiltPage {
  /** The page's own address under the site root, e.g. `/chapters/tokens/` or `/404.html`. */
  address: string;
  html: string;
}

/** Attribute values that are addresses the browser follows or fetches. */
function references(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
}

function ids(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));
}

/**
 * Problems with the internal links of `pages`, one line each, naming the
 * page and the link. `exists(path)` says whether the build wrote a file at
 * a site path such as `/_astro/x.js` or `/chapters/tokens/index.html`.
 * `base` is the site's base path; links outside it are problems too.
 */
export function findBrokenLinks(
  pages: readonly BuiltPage[],
  base: string,
  exists: (path: string) => boolean,
): string[] {
  const byAddress = new Map(pages.map((page) => [page.address, page]));
  const problems: string[] = [];
  for (const page of pages) {
    for (const raw of references(page.html)) {
      if (raw === '' || /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(raw)) continue; // other hosts, data:, mailto:
      const target = new URL(raw, `https://site.invalid${page.address}`);
      const [path, fragment] = [decodeURIComponent(target.pathname), target.hash.slice(1)];
      if (!path.startsWith(base)) {
        problems.push(`${page.address}: ${raw} is outside the base path ${base}`);
        continue;
      }
      const file = path.endsWith('/') ? `${path}index.html` : path;
      const targetPage = byAddress.get(path) ?? byAddress.get(file);
      if (!targetPage && !exists(file) && !exists(`${path}/index.html`)) {
        problems.push(`${page.address}: ${raw} names no file of the site`);
        continue;
      }
      if (fragment && targetPage && !ids(targetPage.html).has(decodeURIComponent(fragment))) {
        problems.push(`${page.address}: ${raw} names no element with id "${fragment}"`);
      }
    }
  }
  return problems;
}
