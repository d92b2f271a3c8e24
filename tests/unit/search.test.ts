import { describe, expect, it, vi } from 'vitest';
import {
  checkQuery,
  excerptParts,
  loadPagefind,
  MAX_QUERY_CHARS,
  quietPagefindFailure,
  searchFailure,
  resultSummary,
  searchChapters,
  isRealMatch,
  type PagefindClient,
} from '../../src/lib/search';

describe('excerptParts', () => {
  it('splits out the marked words and decodes the escaped text, keeping no markup', () => {
    expect(excerptParts('the <mark>byte</mark> &lt;0x0A&gt; &amp; <mark>fallback</mark>.')).toEqual([
      { text: 'the ', match: false },
      { text: 'byte', match: true },
      { text: ' <0x0A> & ', match: false },
      { text: 'fallback', match: true },
      { text: '.', match: false },
    ]);
  });

  it('drops any other tag and keeps unknown entities as written', () => {
    expect(excerptParts('<b>bold</b> &#x1F9A9; &#39;x&#39; &madeup;')).toEqual([
      { text: "bold 🦩 'x' &madeup;", match: false },
    ]);
  });
});

describe('checkQuery', () => {
  it('turns control characters into spaces and trims', () => {
    expect(checkQuery('\tbyte\u0000 \nfallback  ')).toEqual({ query: 'byte fallback' });
  });

  it('explains an empty or an over-long query instead of searching', () => {
    expect(checkQuery('  \n')).toEqual({ note: 'Type a word or two to search every chapter.' });
    expect(checkQuery('a'.repeat(MAX_QUERY_CHARS + 1))).toEqual({
      note: `That is ${MAX_QUERY_CHARS + 1} characters; a search takes at most ${MAX_QUERY_CHARS}. Try a few words from it.`,
    });
  });
});

describe('resultSummary', () => {
  it('counts pages and says when the list is cut', () => {
    expect(resultSummary('zzz', 0)).toBe('No chapter mentions “zzz”. Try another word, or fewer words.');
    expect(resultSummary('token', 1)).toBe('1 page matches “token”.');
    expect(resultSummary('the', 14)).toBe('14 pages match “the”; the first 10 are listed.');
  });
});

describe('loadPagefind and searchChapters', () => {
  const fake = (titles: string[]): PagefindClient => ({
    options: async () => {},
    search: async () => ({
      results: titles.map((title, i) => ({
        data: async () => ({
          url: `/chapters/${i}/`,
          meta: { title },
          excerpt: `about <mark>${title}</mark>`,
        }),
      })),
    }),
  });

  it('imports the client from under the base, and after a failed import tries again under a new address', async () => {
    const asked: string[] = [];
    const failing = async (url: string) => {
      asked.push(url);
      throw new TypeError('Failed to fetch dynamically imported module');
    };
    await expect(loadPagefind('/llm-explainer/', failing)).rejects.toThrow('Failed to fetch');
    const client = await loadPagefind('/llm-explainer/', async (url) => (asked.push(url), fake(['x'])));
    expect(asked).toEqual([
      '/llm-explainer/pagefind/pagefind.js',
      '/llm-explainer/pagefind/pagefind.js?retry=1',
    ]);
    expect(await loadPagefind('/other/', failing)).toBe(client);
  });

  it('lists at most ten hits, best first, with the total', async () => {
    const titles = Array.from({ length: 12 }, (_, i) => `Chapter ${i}`);
    const { total, hits } = await searchChapters(fake(titles), 'chapter');
    expect(total).toBe(12);
    expect(hits.map((hit) => hit.title)).toEqual(titles.slice(0, 10));
    expect(hits[0]!.excerpt).toEqual([
      { text: 'about ', match: false },
      { text: 'Chapter 0', match: true },
    ]);
  });

  it('drops Pagefind’s back-off hits: a nonsense word matched by a prefix of it', async () => {
    const client = (excerpts: string[]): PagefindClient => ({
      options: async () => {},
      search: async () => ({
        results: excerpts.map((excerpt, i) => ({
          data: async () => ({ url: `/chapters/${i}/`, meta: { title: `Page ${i}` }, excerpt }),
        })),
      }),
    });
    // What Pagefind 1.x answered on the built site: "xyzzy" marks a lone "x", "softmaxqqqq" marks "softmax".
    expect(
      await searchChapters(client(['a batch <mark>x</mark> with', '32 <mark>x</mark> layers']), 'xyzzy'),
    ).toEqual({
      total: 0,
      hits: [],
    });
    expect(
      (await searchChapters(client(['to probabilities: <mark>softmax.</mark>']), 'softmaxqqqq')).total,
    ).toBe(0);
    expect((await searchChapters(client(['to probabilities: <mark>softmax.</mark>']), 'softm')).total).toBe(
      1,
    );
    expect((await searchChapters(client(['<mark>(softmax);</mark> the output']), 'Softmax')).total).toBe(1);
    // An emoji has no letters to back off along: Pagefind's hit stands.
    expect((await searchChapters(client(['the flamingo <mark>🦩</mark> is four bytes']), '🦩')).total).toBe(
      1,
    );
  });

  it('keeps matches that differ by a stemmer’s endings', () => {
    expect(isRealMatch('layer', ['layers'])).toBe(true);
    expect(isRealMatch('tokens', ['tokenization'])).toBe(true);
    expect(isRealMatch('explain', ['explaining'])).toBe(true);
    expect(isRealMatch('Tokens', ['tokenize'])).toBe(true);
    expect(isRealMatch('x', ['xyzzy'])).toBe(false);
    expect(isRealMatch('softmax', ['softmaxqqqq'])).toBe(false);
    expect(isRealMatch('top', ['topology'])).toBe(false);
  });

  it('forgets a client whose search failed (its index or wasm did not load), so a retry imports a fresh one', async () => {
    const asked: string[] = [];
    let destroyed = 0;
    const broken: PagefindClient = {
      options: async () => {},
      search: async () => {
        throw new Error('Failed to load pagefind-entry.json');
      },
      destroy: async () => void (destroyed += 1),
    };
    // The first import succeeds but its searches fail, as when the entry file or the wasm is damaged.
    const importer = async (url: string) => (asked.push(url), asked.length === 1 ? broken : fake(['Tokens']));
    // A fresh copy of the module: the tests above left a client loaded in this one.
    vi.resetModules();
    const { searchSite } = await import('../../src/lib/search');
    await expect(searchSite('/b/', 'token', importer)).rejects.toThrow('pagefind-entry.json');
    expect(destroyed).toBe(1);
    const found = await searchSite('/b/', 'token', importer);
    expect(found.hits.map((hit) => hit.title)).toEqual(['Tokens']);
    expect(asked).toEqual(['/b/pagefind/pagefind.js', '/b/pagefind/pagefind.js?retry=1']);
  });

  it('marks handled only the rejection Pagefind leaves uncaught when its index fails', () => {
    const handled = (reason: unknown) => {
      let prevented = false;
      quietPagefindFailure({ reason, preventDefault: () => void (prevented = true) });
      return prevented;
    };
    expect(handled(new Error('Failed to load Pagefind metadata'))).toBe(true);
    expect(
      handled(new Error('Failed to load the Pagefind WASM:\nError: 404 fetching /pagefind/wasm.en.pagefind')),
    ).toBe(true);
    expect(handled(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(handled('Failed to load Pagefind metadata')).toBe(false);
  });

  it('says why a search failed in a reader’s words, not Pagefind’s', () => {
    expect(
      searchFailure(
        new Error('Failed to load the Pagefind WASM:\nError: 404 fetching /pagefind/wasm.en.pagefind'),
      ),
    ).toBe('the site answered HTTP 404 for one of the index’s files.');
    expect(searchFailure(new Error('Failed to load Pagefind metadata'))).toBe(
      'one of the index’s files arrived damaged or incomplete.',
    );
    expect(searchFailure(new Error('Failed to load the Pagefind WASM:\nError: invalid gzip data'))).toBe(
      'one of the index’s files arrived damaged or incomplete.',
    );
    expect(
      searchFailure(new TypeError('Failed to fetch dynamically imported module: /pagefind/pagefind.js')),
    ).toBe('the search code did not download.');
    expect(searchFailure(new TypeError('Failed to fetch'))).toBe(
      'the connection dropped before the index arrived.',
    );
  });
});
