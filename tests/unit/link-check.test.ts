import { describe, expect, it } from 'vitest';
import { findBrokenLinks, type BuiltPage } from '../../src/lib/link-check';

const files = new Set(['/_astro/app.js', '/favicon.svg', '/data/digits.bin.gz']);
const exists = (path: string) => files.has(path);
const page = (address: string, body: string): BuiltPage => ({
  address,
  html: `<html><head><link rel="icon" href="/favicon.svg"><script type="module" src="/_astro/app.js"></script></head><body>${body}</body></html>`,
});

describe('findBrokenLinks', () => {
  const pages = [
    page('/', '<a href="chapters/tokens/">Tokens</a> <a href="/chapters/tokens/#byte-fallback">bytes</a>'),
    page(
      '/chapters/tokens/',
      '<h2 id="byte-fallback">Byte fallback</h2><a href="../../">home</a><a href="#byte-fallback">here</a>',
    ),
  ];

  it('accepts links to built pages, files and ids, relative or root-relative, and ignores other hosts', () => {
    const external = page(
      '/about/',
      '<a href="https://huggingface.co/mistralai">HF</a><a href="mailto:x@y.z">mail</a>',
    );
    expect(findBrokenLinks([...pages, external], '/', exists)).toEqual([]);
  });

  it('names the page and the link for a missing page, file or id, and a link outside the base', () => {
    const broken = page(
      '/chapters/loop/',
      '<a href="/chapters/tokenz/">x</a><img src="/missing.png"><a href="/chapters/tokens/#no-such-id">y</a><a href="/other/">z</a>',
    );
    expect(findBrokenLinks([...pages, broken], '/', exists)).toEqual([
      '/chapters/loop/: /chapters/tokenz/ names no file of the site',
      '/chapters/loop/: /missing.png names no file of the site',
      '/chapters/loop/: /chapters/tokens/#no-such-id names no element with id "no-such-id"',
      '/chapters/loop/: /other/ names no file of the site',
    ]);
    const underBase = [page('/book/', '<a href="/chapters/tokens/">root link</a>')].map((p) => ({
      ...p,
      html: p.html
        .replace(/href="\/(favicon|_astro)/g, 'href="/book/$1')
        .replace('src="/_astro', 'src="/book/_astro'),
    }));
    expect(findBrokenLinks(underBase, '/book/', (path) => files.has(path.replace(/^\/book/, '')))).toEqual([
      '/book/: /chapters/tokens/ is outside the base path /book/',
    ]);
  });
});
