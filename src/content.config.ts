import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { z } from 'astro/zod';
import { assertChapterFiles, nameFileInError } from './lib/chapters';

/**
 * A zod error message that tells a missing field ("title: is missing; expected
 * a non-empty text") from a present but wrong one ("title: expected …").
 */
function expected(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is missing; expected ${what}` : `expected ${what}`;
}

/**
 * What a chapter's live panels need from the reader's machine. The chapter
 * page shows it as one line under the summary (see `needsLabel` in
 * `src/lib/chapters.ts`), so a reader knows before scrolling whether the
 * panels will run here.
 */
const needsSchema = z.object(
  {
    /**
     * Where the live panels compute: `none` (the chapter has no live panel),
     * `cpu` (plain JavaScript or WebAssembly, any browser) or `webgpu` (needs a
     * browser and GPU with WebGPU).
     */
    compute: z.enum(['none', 'cpu', 'webgpu'], {
      error: expected('one of "none", "cpu" or "webgpu" (where the live panels compute)'),
    }),
    /**
     * What the panels download, in words with a size, for example
     * `Mistral's tokenizer (about 1.1 MB), once`. Leave it out when they
     * download nothing.
     */
    download: z
      .string({ error: 'expected a text saying what the panels download, with a size' })
      .min(1, { error: 'expected a text saying what the panels download, with a size (or leave it out)' })
      .optional(),
  },
  { error: expected('an object with `compute` (none, cpu or webgpu) and an optional `download`') },
);

/**
 * The frontmatter of a chapter (`content/chapters/NN-slug.mdx`). This schema
 * is the one source of chapter order and metadata: the home page, the sidebar
 * and the previous/next links all read it.
 */
export const chapterSchema = z.object({
  /** The chapter's title, shown as its page heading and in the chapter list. */
  title: z
    .string({ error: expected('a non-empty text') })
    .trim()
    .min(1, { error: 'expected a non-empty text' }),
  /**
   * The chapter's place in the book, 1 for the first. It must equal the `NN`
   * prefix of the file name and be unique (checked by `checkChapterFiles`).
   */
  order: z
    .number({ error: expected('a whole number (1, 2, 3, ...)') })
    .int({ error: 'expected a whole number (1, 2, 3, ...)' })
    .positive({ error: 'expected a positive whole number (1 for the first chapter)' }),
  /** One line that says what the reader will learn, shown in chapter lists (at most 160 characters). */
  summary: z
    .string({ error: expected('one line of text') })
    .trim()
    .min(1, { error: 'expected one line of text, not an empty one' })
    .max(160, { error: 'expected at most 160 characters: a summary is one short line' })
    .refine((text) => !/[\r\n]/.test(text), { error: 'expected one line: remove the line breaks' }),
  /** The page's meta description for search engines and link previews; falls back to `summary`. */
  description: z
    .string({ error: 'expected a text (or leave it out to use the summary)' })
    .trim()
    .min(1, { error: 'expected a non-empty text (or leave it out to use the summary)' })
    .optional(),
  /** What the chapter's live panels need: where they compute and what they download. */
  needs: needsSchema,
});

export type ChapterData = z.infer<typeof chapterSchema>;

/**
 * Astro's `glob` loader with two additions, so a contributor's mistake is
 * caught by `astro sync`, `astro dev`, `astro check` and `astro build` alike,
 * and the message says which file to open:
 * - a frontmatter error names the file (Astro names only the collection id in
 *   its headline and puts an absolute path under "Location");
 * - after loading, the file-name rules (`NN-slug.mdx`, NN = order, orders
 *   unique) are checked across all chapters.
 * The chapter route runs the same file-name check again at build time.
 */
function chapterLoader(): Loader {
  const inner = glob({ base: './content/chapters', pattern: '*.mdx' });
  return {
    name: 'chapter-loader',
    async load(context) {
      const root = fileURLToPath(context.config.root);
      const toProjectPath = (filePath: string) => relative(root, filePath).split('\\').join('/');
      await inner.load({
        ...context,
        parseData: async (props) => {
          try {
            return await context.parseData(props);
          } catch (error) {
            throw props.filePath ? nameFileInError(error, props.id, toProjectPath(props.filePath)) : error;
          }
        },
      });
      assertChapterFiles(
        context.store.values().map((entry) => ({
          filePath: entry.filePath ?? entry.id,
          order: Number(entry.data['order']),
        })),
      );
    },
  };
}

const chapters = defineCollection({
  loader: chapterLoader(),
  schema: chapterSchema,
});

export const collections = { chapters };
