/**
 * Chapter search on Pagefind's index (written at build time by
 * src/integrations/search.ts). Pagefind's client is a plain ES module the
 * build puts in `pagefind/`; the search page imports it on first use.
 */

/** One search hit as the page shows it. */
export interface SearchHit {
  url: string;
  title: string;
  /** The matching passage, split into plain text and the words that matched. */
  excerpt: ExcerptPart[];
}

export interface ExcerptPart {
  text: string;
  match: boolean;
}

/** The part of Pagefind's client API the page uses. */
export interface PagefindClient {
  options(options: { baseUrl?: string; excerptLength?: number; noWorker?: boolean }): Promise<void>;
  /** Stops the instance (and its worker); Pagefind 1.x has it. */
  destroy?(): Promise<void>;
  search(query: string): Promise<{
    results: { data(): Promise<{ url: string; meta: { title?: string }; excerpt: string }> }[];
  } | null>;
}

/** The longest query the box accepts: longer text is no search a person types. */
export const MAX_QUERY_CHARS = 200;
/** How many hits the page lists. */
export const MAX_HITS = 10;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
  nbsp: '\u00a0',
};

/**
 * Pagefind's excerpt (escaped text with `<mark>` around matches) as text
 * parts, so the page renders it as text and never as HTML: an excerpt is
 * the site's own words, but the marks are the only markup it may carry.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  const decode = (text: string) =>
    text.replace(/<[^>]*>/g, '').replace(/&(#x?[0-9a-f]+|\w+);/gi, (entity, name: string) => {
      if (name in ENTITIES) return ENTITIES[name]!;
      const code = /^#x/i.test(name)
        ? parseInt(name.slice(2), 16)
        : /^#/.test(name)
          ? Number(name.slice(1))
          : NaN;
      return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
    });
  const pattern = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (const found of excerpt.matchAll(pattern)) {
    if (found.index > last) parts.push({ text: decode(excerpt.slice(last, found.index)), match: false });
    parts.push({ text: decode(found[1]!), match: true });
    last = found.index + found[0].length;
  }
  if (last < excerpt.length) parts.push({ text: decode(excerpt.slice(last)), match: false });
  return parts.filter((part) => part.text !== '');
}

/** What the query box holds, checked: the text to search for, or why there is nothing to search. */
export function checkQuery(raw: string): { query: string } | { note: string } {
  // Control characters are no search terms; a pasted tab or newline becomes a space.
  const query = raw
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  if (query === '') return { note: 'Type a word or two to search every chapter.' };
  if (query.length > MAX_QUERY_CHARS) {
    return {
      note: `That is ${query.length} characters; a search takes at most ${MAX_QUERY_CHARS}. Try a few words from it.`,
    };
  }
  return { query };
}

/** The sentence the status line reads out for a finished search. */
export function resultSummary(query: string, total: number): string {
  if (total === 0) return `No chapter mentions “${query}”. Try another word, or fewer words.`;
  const shown = Math.min(total, MAX_HITS);
  const pages = total === 1 ? '1 page matches' : `${total} pages match`;
  return `${pages} “${query}”${total > shown ? `; the first ${shown} are listed` : ''}.`;
}

let client: Promise<PagefindClient> | null = null;
let failures = 0;

/**
 * Pagefind's client, imported once from `${base}pagefind/pagefind.js`. A
 * failed import (no network, or `astro dev`, which builds no index) drops
 * the promise so a later try starts afresh. A browser remembers a failed
 * module import for the page's lifetime, and a module that imported but
 * then failed to fetch its index or wasm keeps its broken state, so a retry
 * asks for the file under a new address (`?retry=1`, ...): a fresh module
 * with fresh state.
 */
export function loadPagefind(
  base: string,
  importer = (url: string) => import(/* @vite-ignore */ url),
): Promise<PagefindClient> {
  if (typeof window !== 'undefined') window.addEventListener('unhandledrejection', quietPagefindFailure);
  client ??= (async () => {
    const retry = failures > 0 ? `?retry=${failures}` : '';
    const module = (await importer(`${base}pagefind/pagefind.js${retry}`)) as PagefindClient;
    // On the main thread (noWorker): Pagefind's worker cannot be told apart from a crash when its index fails, and
    // its errors there are uncaught; the index is small enough that searching it here costs a few milliseconds.
    await module.options({ baseUrl: base, excerptLength: 24, noWorker: true });
    return module;
  })().catch((error: unknown) => {
    forgetPagefind();
    throw error;
  });
  return client;
}

/**
 * Pagefind starts loading its index in its constructor without waiting on
 * it, so a damaged entry file or wasm also rejects a promise nobody holds:
 * an uncaught error, besides the failed search the panel already explains.
 * That one rejection is marked handled; anything else stays uncaught.
 */
export function quietPagefindFailure(event: Pick<PromiseRejectionEvent, 'reason' | 'preventDefault'>): void {
  const reason: unknown = event.reason;
  if (reason instanceof Error && /^Failed to load (Pagefind metadata|the Pagefind WASM)/.test(reason.message))
    event.preventDefault();
}

/** Drops the loaded client, so the next load imports a fresh one. */
function forgetPagefind(broken?: PagefindClient) {
  client = null;
  failures += 1;
  // Stops the broken instance's worker; its own failure to stop is no news.
  broken?.destroy?.().catch(() => {});
}

/**
 * Searches the chapters: loads Pagefind if needed, then `searchChapters`.
 * Any failure, whether of the import, of the index, of the wasm or of
 * Pagefind itself, forgets the client, so that "Try again" starts from
 * nothing instead of asking the broken one again.
 */
export async function searchSite(
  base: string,
  query: string,
  importer?: (url: string) => Promise<unknown>,
): Promise<{ total: number; hits: SearchHit[] }> {
  const pagefind = await loadPagefind(base, importer);
  try {
    return await searchChapters(pagefind, query);
  } catch (error) {
    forgetPagefind(pagefind);
    throw error;
  }
}

/** Up to MAX_HITS hits for `query`, in Pagefind's order (best first), without its back-off matches (see `isRealMatch`). */
export async function searchChapters(
  pagefind: PagefindClient,
  query: string,
): Promise<{ total: number; hits: SearchHit[] }> {
  const found = await pagefind.search(query);
  if (!found) return { total: 0, hits: [] };
  // The site has a dozen pages, so every result's data is cheap; it is needed to drop the back-off hits.
  const data = await Promise.all(found.results.map((result) => result.data()));
  const terms = wordsOf(query);
  const hits = data
    .map((item) => ({
      url: item.url,
      title: item.meta.title ?? item.url,
      excerpt: excerptParts(item.excerpt),
    }))
    // A query with no letters or digits (an emoji, a symbol) has no prefix to back off along: kept as found.
    .filter(
      (hit) => terms.length === 0 || hit.excerpt.some((part) => part.match && isRealMatch(part.text, terms)),
    );
  return { total: hits.length, hits: hits.slice(0, MAX_HITS) };
}

/** Endings a stemmer takes off English words: "explaining" may find "explain", "tokenization" "token". */
const SUFFIXES = new Set(
  'e s es ed d ing ly er ers ion ions ation ations ization izations ize izes ized ise ises ised ness ment ments al ally ity ities ive ives ic ical'.split(
    ' ',
  ),
);

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/**
 * Whether a marked word is a real match for one of the query's words.
 * When no indexed word has the whole query word, Pagefind backs off to
 * shorter and shorter prefixes of it, so "xyzzy" finds every "x" and
 * "softmaxqqqq" finds "softmax". A real match is the query word as a
 * prefix of the marked word (the reader is still typing: "softm"), or the
 * two differ only by endings a stemmer removes ("layers" and "layer").
 */
export function isRealMatch(marked: string, terms: readonly string[]): boolean {
  return wordsOf(marked).some((word) =>
    terms.some((term) => {
      if (word.startsWith(term)) return true;
      let common = 0;
      while (common < word.length && common < term.length && word[common] === term[common]) common++;
      const rest = (w: string) => w.slice(common);
      return common >= 3 && SUFFIXES.has(rest(term)) && (rest(word) === '' || SUFFIXES.has(rest(word)));
    }),
  );
}

/**
 * Why a search failed, in a reader's words: Pagefind's own messages name its
 * internals ("Failed to load Pagefind metadata", "invalid gzip data").
 */
export function searchFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = /\b(\d{3}) fetching\b/.exec(message)?.[1];
  if (status) return `the site answered HTTP ${status} for one of the index’s files.`;
  if (/dynamically imported module|importing a module script failed/i.test(message))
    return 'the search code did not download.';
  if (/Failed to fetch|NetworkError|network|connection/i.test(message))
    return 'the connection dropped before the index arrived.';
  if (/Pagefind|gzip|EOF|JSON|WASM|WebAssembly/i.test(message))
    return 'one of the index’s files arrived damaged or incomplete.';
  return message.length > 160 ? `${message.slice(0, 160)}…` : message;
}
