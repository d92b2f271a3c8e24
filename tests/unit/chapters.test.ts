import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  assertChapterFiles,
  chapterHref,
  chapterNeighbours,
  chapterSlug,
  findChapterFileProblems,
  metaDescription,
  nameFileInError,
  needsLabel,
  parseChapterFileName,
  sortChapters,
  tableOfContents,
} from '../../src/lib/chapters';
import { withBase } from '../../src/lib/urls';

const entry = (id: string, order: number) => ({ id, data: { order, title: id } });

describe('chapter file names and slugs', () => {
  test('NN-slug.mdx splits into order and slug', () => {
    expect(parseChapterFileName('01-tokens.mdx')).toEqual({ order: 1, slug: 'tokens' });
    expect(parseChapterFileName('12-the-chat-template.mdx')).toEqual({
      order: 12,
      slug: 'the-chat-template',
    });
  });

  test.each([
    '1-tokens.mdx',
    '001-tokens.mdx',
    '01_tokens.mdx',
    '01-Tokens.mdx',
    '01-tokens.md',
    '01-.mdx',
    '01-a--b.mdx',
  ])('%s is not a chapter file name', (name) => {
    expect(parseChapterFileName(name)).toBeNull();
  });

  test('the slug is the id without its number', () => {
    expect(chapterSlug('01-tokens')).toBe('tokens');
    expect(chapterSlug('07-inside-mistral')).toBe('inside-mistral');
    expect(chapterSlug('no-number')).toBe('no-number');
  });

  test('chapter links sit under the base path', () => {
    expect(chapterHref('/', '01-tokens')).toBe('/chapters/tokens/');
    expect(chapterHref('/llm-explainer/', '01-tokens')).toBe('/llm-explainer/chapters/tokens/');
    expect(chapterHref('/llm-explainer', '01-tokens')).toBe('/llm-explainer/chapters/tokens/');
  });

  test('withBase puts exactly one slash between base and path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('/', '/x', '/x/', '/a/b/'),
        fc.stringMatching(/^\/{0,2}[a-z]{1,5}(\/[a-z]{1,5})?\/?$/),
        (base, path) => {
          const href = withBase(base, path);
          expect(href.startsWith(base.endsWith('/') ? base : `${base}/`)).toBe(true);
          expect(href).not.toMatch(/\/\//);
        },
      ),
    );
  });
});

describe('findChapterFileProblems', () => {
  test('well-named, numbered chapters have no problems', () => {
    expect(
      findChapterFileProblems([
        { filePath: 'content/chapters/02-chat.mdx', order: 2 },
        { filePath: 'content/chapters/01-tokens.mdx', order: 1 },
      ]),
    ).toEqual([]);
    expect(() =>
      assertChapterFiles([{ filePath: 'content/chapters/01-tokens.mdx', order: 1 }]),
    ).not.toThrow();
  });

  test('a bad name, a number that disagrees with the order, and a shared order are each named by file', () => {
    expect(
      findChapterFileProblems([
        { filePath: 'content/chapters/01-tokens.mdx', order: 1 },
        { filePath: 'content/chapters/03-chat.mdx', order: 2 },
        { filePath: 'content/chapters/02-loop.mdx', order: 2 },
        { filePath: 'content/chapters/Model.mdx', order: 4 },
        { filePath: 'content/chapters/05-again.mdx', order: 1 },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "content/chapters/03-chat.mdx: the file name starts with 03 but its frontmatter says order: 2; rename the file or change the order so they agree",
        "content/chapters/03-chat.mdx: order 2 is already used by content/chapters/02-loop.mdx; every chapter needs its own order",
        "content/chapters/05-again.mdx: the file name starts with 05 but its frontmatter says order: 1; rename the file or change the order so they agree",
        "content/chapters/05-again.mdx: order 1 is already used by content/chapters/01-tokens.mdx; every chapter needs its own order",
        "content/chapters/Model.mdx: the file name must be NN-slug.mdx (two digits, a dash, lowercase words joined by dashes), for example 04-my-chapter.mdx",
      ]
    `);
  });

  test('assertChapterFiles throws one error listing every problem', () => {
    expect(() =>
      assertChapterFiles([
        { filePath: 'content/chapters/01-a.mdx', order: 1 },
        { filePath: 'content/chapters/02-b.mdx', order: 1 },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: Chapter files are misnamed or misnumbered:
        - content/chapters/02-b.mdx: the file name starts with 02 but its frontmatter says order: 1; rename the file or change the order so they agree
        - content/chapters/02-b.mdx: order 1 is already used by content/chapters/01-a.mdx; every chapter needs its own order]
    `);
  });

  test('any set of distinct orders with matching names passes; a duplicate never does', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 12 }),
        (orders) => {
          const files = orders.map((order) => ({
            filePath: `content/chapters/${String(order).padStart(2, '0')}-c${order}.mdx`,
            order,
          }));
          expect(findChapterFileProblems(files)).toEqual([]);
          const duplicated = [
            ...files,
            { filePath: 'content/chapters/zz-copy.mdx', order: orders[0] as number },
          ];
          expect(findChapterFileProblems(duplicated).some((p) => p.includes('already used by'))).toBe(true);
        },
      ),
    );
  });
});

describe('reading order', () => {
  const chapters = [entry('03-c', 3), entry('01-a', 1), entry('02-b', 2)];

  test('sortChapters orders by `order` without changing its input', () => {
    expect(sortChapters(chapters).map((c) => c.id)).toEqual(['01-a', '02-b', '03-c']);
    expect(chapters.map((c) => c.id)).toEqual(['03-c', '01-a', '02-b']);
  });

  test('the first chapter has no previous one, the last no next one', () => {
    expect(chapterNeighbours(chapters, '01-a')).toEqual({ prev: undefined, next: entry('02-b', 2) });
    expect(chapterNeighbours(chapters, '02-b')).toEqual({ prev: entry('01-a', 1), next: entry('03-c', 3) });
    expect(chapterNeighbours(chapters, '03-c')).toEqual({ prev: entry('02-b', 2), next: undefined });
    expect(chapterNeighbours([entry('01-a', 1)], '01-a')).toEqual({ prev: undefined, next: undefined });
  });

  test('an unknown id is an error, not a silent empty result', () => {
    expect(() => chapterNeighbours(chapters, '09-x')).toThrow('no chapter with id "09-x"');
  });
});

describe('tableOfContents', () => {
  test('keeps h2 and h3, nesting each h3 under the h2 before it', () => {
    expect(
      tableOfContents([
        { depth: 1, slug: 'title', text: 'Title' },
        { depth: 3, slug: 'early', text: 'Early' },
        { depth: 2, slug: 'a', text: 'A' },
        { depth: 3, slug: 'a1', text: 'A.1' },
        { depth: 4, slug: 'a1x', text: 'A.1.x' },
        { depth: 3, slug: 'a2', text: 'A.2' },
        { depth: 2, slug: 'b', text: 'B' },
      ]),
    ).toEqual([
      { slug: 'early', text: 'Early', children: [] },
      {
        slug: 'a',
        text: 'A',
        children: [
          { slug: 'a1', text: 'A.1', children: [] },
          { slug: 'a2', text: 'A.2', children: [] },
        ],
      },
      { slug: 'b', text: 'B', children: [] },
    ]);
  });

  test('no headings, no entries', () => {
    expect(tableOfContents([])).toEqual([]);
  });
});

describe('needsLabel', () => {
  test('says where the panels compute and what they download', () => {
    expect(needsLabel({ compute: 'cpu', download: "Mistral's tokenizer (about 1.1 MB)" })).toBe(
      "Runs in your browser on the CPU · downloads Mistral's tokenizer (about 1.1 MB)",
    );
    expect(needsLabel({ compute: 'webgpu', download: 'Mistral-7B (about 4 GB), on request' })).toBe(
      'Needs WebGPU · downloads Mistral-7B (about 4 GB), on request',
    );
    expect(needsLabel({ compute: 'cpu' })).toBe('Runs in your browser on the CPU · nothing to download');
    expect(needsLabel({ compute: 'webgpu' })).toBe('Needs WebGPU · nothing to download');
    expect(needsLabel({ compute: 'none' })).toBe('Nothing to run');
    expect(needsLabel({ compute: 'none', download: 'a chart (20 kB)' })).toBe(
      'Nothing to run · downloads a chart (20 kB)',
    );
  });
});

describe('metaDescription', () => {
  test('uses the description, else the summary', () => {
    expect(metaDescription({ summary: 'S', description: 'D' })).toBe('D');
    expect(metaDescription({ summary: 'S' })).toBe('S');
  });
});

describe('nameFileInError', () => {
  test("replaces Astro's bold collection id with the file path", () => {
    const error = new Error('**chapters → 02-bad** data does not match collection schema.\n  **title**: x');
    expect(nameFileInError(error, '02-bad', 'content/chapters/02-bad.mdx')).toBe(error);
    expect(error.message).toBe(
      '**content/chapters/02-bad.mdx** data does not match collection schema.\n  **title**: x',
    );
  });

  test('puts the path in front when the wording is not the one it knows', () => {
    const error = new Error('Something else went wrong');
    nameFileInError(error, '02-bad', 'content/chapters/02-bad.mdx');
    expect(error.message).toBe('content/chapters/02-bad.mdx: Something else went wrong');
  });

  test('leaves non-errors and errors that already name the file alone', () => {
    expect(nameFileInError('text', 'a', 'b.mdx')).toBe('text');
    const error = new Error('in content/chapters/02-bad.mdx: bad');
    nameFileInError(error, '02-bad', 'content/chapters/02-bad.mdx');
    expect(error.message).toBe('in content/chapters/02-bad.mdx: bad');
  });
});
