/**
 * Chapter order, slugs, navigation and labels. Framework-free: the content
 * config, the routes and the layouts pass plain data in, so the unit tests
 * reach every rule here without Astro.
 */
import { withBase } from './urls';

/** Where a chapter's live panels compute (mirrors the `needs.compute` enum of the chapter schema). */
export type Compute = 'none' | 'cpu' | 'webgpu';

/** The `needs` field of a chapter's frontmatter. */
export interface ChapterNeeds {
  compute: Compute;
  download?: string | undefined;
}

/** The part of a content-collection entry these helpers read. */
export interface ChapterLike {
  id: string;
  data: { order: number; title: string };
}

/** A chapter file as the build sees it: its path (relative to the project root) and its `order`. */
export interface ChapterFile {
  filePath: string;
  order: number;
}

/** A heading as `render(entry)` returns it. */
export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

/** One entry of the on-page table of contents; depth-3 headings nest under the depth-2 heading before them. */
export interface TocItem {
  slug: string;
  text: string;
  children: TocItem[];
}

/** `NN-slug.mdx`: two digits, a dash, then lowercase words joined by dashes. */
const CHAPTER_FILE_NAME = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;

/** Splits a chapter file name (`01-tokens.mdx`) into its order and slug, or returns null if it is not `NN-slug.mdx`. */
export function parseChapterFileName(fileName: string): { order: number; slug: string } | null {
  const match = CHAPTER_FILE_NAME.exec(fileName);
  if (!match) return null;
  return { order: Number(match[1]), slug: match[2] as string };
}

/** The URL slug of a chapter from its collection id: `01-tokens` -> `tokens`. */
export function chapterSlug(id: string): string {
  const match = /^\d+-(.+)$/.exec(id);
  return match ? (match[1] as string) : id;
}

function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}

/**
 * Checks the rules the schema cannot see because they span the file name or
 * several chapters: every file is named `NN-slug.mdx`, `NN` equals the
 * chapter's `order`, and no two chapters share an order. Returns one message
 * per problem, each naming the file, so a contributor knows what to rename.
 */
export function findChapterFileProblems(files: readonly ChapterFile[]): string[] {
  const problems: string[] = [];
  const fileByOrder = new Map<number, string>();
  for (const { filePath, order } of [...files].sort((a, b) => a.filePath.localeCompare(b.filePath))) {
    const parsed = parseChapterFileName(baseName(filePath));
    if (!parsed) {
      problems.push(
        `${filePath}: the file name must be NN-slug.mdx (two digits, a dash, lowercase words joined by dashes), ` +
          `for example ${String(order).padStart(2, '0')}-my-chapter.mdx`,
      );
    } else if (parsed.order !== order) {
      problems.push(
        `${filePath}: the file name starts with ${baseName(filePath).slice(0, 2)} but its frontmatter says ` +
          `order: ${order}; rename the file or change the order so they agree`,
      );
    }
    const other = fileByOrder.get(order);
    if (other !== undefined) {
      problems.push(
        `${filePath}: order ${order} is already used by ${other}; every chapter needs its own order`,
      );
    } else {
      fileByOrder.set(order, filePath);
    }
  }
  return problems;
}

/** Throws one error listing every problem `findChapterFileProblems` finds. */
export function assertChapterFiles(files: readonly ChapterFile[]): void {
  const problems = findChapterFileProblems(files);
  if (problems.length > 0) {
    throw new Error(
      `Chapter files are misnamed or misnumbered:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Chapters in reading order (by `order`), as a new array. */
export function sortChapters<T extends ChapterLike>(chapters: readonly T[]): T[] {
  return [...chapters].sort((a, b) => a.data.order - b.data.order);
}

/** The chapters before and after `id` in reading order; `undefined` at either end. */
export function chapterNeighbours<T extends ChapterLike>(
  chapters: readonly T[],
  id: string,
): { prev: T | undefined; next: T | undefined } {
  const sorted = sortChapters(chapters);
  const index = sorted.findIndex((chapter) => chapter.id === id);
  if (index === -1) throw new Error(`chapterNeighbours: no chapter with id "${id}"`);
  return { prev: sorted[index - 1], next: sorted[index + 1] };
}

/**
 * The "On this page" list: headings of depth 2 and 3, with each depth-3
 * heading nested under the depth-2 heading before it (or at the top level if
 * none came before). The page title is the only h1, so depth 1 is left out.
 */
export function tableOfContents(headings: readonly Heading[]): TocItem[] {
  const items: TocItem[] = [];
  let parent: TocItem | undefined;
  for (const { depth, slug, text } of headings) {
    if (depth === 2) {
      parent = { slug, text, children: [] };
      items.push(parent);
    } else if (depth === 3) {
      (parent?.children ?? items).push({ slug, text, children: [] });
    }
  }
  return items;
}

/** One line that tells a reader what a chapter's live panels need, e.g. "Needs WebGPU · downloads …". */
export function needsLabel({ compute, download }: ChapterNeeds): string {
  const downloads = download ? `downloads ${download}` : 'nothing to download';
  switch (compute) {
    case 'none':
      return download ? `Nothing to run · ${downloads}` : 'Nothing to run';
    case 'cpu':
      return `Runs in your browser on the CPU · ${downloads}`;
    case 'webgpu':
      return `Needs WebGPU · ${downloads}`;
  }
}

/** The page's meta description: the chapter's `description`, else its summary. */
export function metaDescription(data: { summary: string; description?: string | undefined }): string {
  return data.description ?? data.summary;
}

/** The URL of a chapter page under the base path. */
export function chapterHref(base: string, id: string): string {
  return withBase(base, `chapters/${chapterSlug(id)}/`);
}

/**
 * Makes a frontmatter error from Astro name the chapter's file. Astro's
 * headline reads `**chapters → 99-bad** data does not match…`; this puts the
 * project-relative path (`content/chapters/99-bad.mdx`) in place of the
 * bold id, or in front of the message if Astro ever words it differently.
 * The error object is changed in place so Astro still prints its hint and
 * location.
 */
export function nameFileInError(error: unknown, id: string, filePath: string): unknown {
  if (!(error instanceof Error) || error.message.includes(filePath)) return error;
  const headline = new RegExp(`\\*\\*[^*\\n]*→ ${escapeRegExp(id)}\\*\\*`);
  error.message = headline.test(error.message)
    ? error.message.replace(headline, `**${filePath}**`)
    : `${filePath}: ${error.message}`;
  return error;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
