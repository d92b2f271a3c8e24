/**
 * What `npm run new:chapter -- "Title"` writes: the next free number, a slug
 * from the title, and an MDX file whose frontmatter already passes the
 * chapter schema, so the new chapter builds and passes the tests at once and
 * its author starts from the house layout instead of a blank file.
 */
import { parseChapterFileName } from './chapters';

/** `"What's in a Layer?"` -> `whats-in-a-layer`: lowercase ASCII words joined by dashes, accents dropped. */
export function slugFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface NewChapter {
  fileName: string;
  order: number;
  slug: string;
  text: string;
}

/**
 * The chapter to create for `title` next to `existingFiles` (names in
 * content/chapters). Throws a message for the person at the terminal when
 * the title is unusable or the chapter exists.
 */
export function newChapter(title: string, existingFiles: readonly string[]): NewChapter {
  const clean = title.trim().replace(/\s+/g, ' ');
  if (clean === '') throw new Error('Give the chapter a title: npm run new:chapter -- "Inside a layer"');
  if (clean.length > 80) throw new Error(`The title is ${clean.length} characters; keep it under 80.`);
  if (/[<>{}`]/.test(clean)) throw new Error('Keep the title to plain words: no <, >, {, } or backticks.');
  const slug = slugFromTitle(clean);
  if (slug === '') throw new Error(`"${clean}" has no letters or digits to make an address from.`);

  const chapters = existingFiles.map(parseChapterFileName).filter((file) => file !== null);
  const taken = chapters.find((chapter) => chapter.slug === slug);
  if (taken) throw new Error(`A chapter with the address "${slug}" exists already (number ${taken.order}).`);
  const order = Math.max(0, ...chapters.map((chapter) => chapter.order)) + 1;
  if (order > 99) throw new Error('Chapter numbers go up to 99.');

  const fileName = `${String(order).padStart(2, '0')}-${slug}.mdx`;
  const yamlTitle = JSON.stringify(clean);
  const text = `---
title: ${yamlTitle}
order: ${order}
# One line, at most 160 characters: what the reader will learn. Shown in the chapter list.
summary: What this chapter explains, in one line.
needs:
  # Where the live panels compute: none, cpu or webgpu. Add \`download:\` with a size if they fetch anything.
  compute: none
---

{/* A chapter is prose and panels. Panels live in components/ (see CONTRIBUTING.md); import one like this:
import MyPanel from '../../components/MyPanel.tsx';
and place it with <MyPanel client:visible />. Link to other chapters with
src/components/ChapterLink.astro, never with relative addresses. */}

## The question

Start from what the reader has just seen in the chapter before, and the question this one answers.

## The answer

Explain it in your own words, one idea per section. Each \`##\` heading becomes an entry in the page's table of contents.
`;
  return { fileName, order, slug, text };
}
