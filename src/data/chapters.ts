/**
 * The chapters as pages read them: the collection, checked and in reading
 * order. The one place that touches `astro:content`, so the rules themselves
 * stay framework-free in `src/lib/chapters.ts`.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { assertChapterFiles, sortChapters } from '../lib/chapters';

export type Chapter = CollectionEntry<'chapters'>;

/**
 * All chapters in order. Throws (failing the build) if a file name does not
 * match its order or two chapters share one; the content loader checks the
 * same when it syncs, this repeats it where the pages are made.
 */
export async function loadChapters(): Promise<Chapter[]> {
  const chapters = await getCollection('chapters');
  assertChapterFiles(
    chapters.map((chapter) => ({ filePath: chapter.filePath ?? chapter.id, order: chapter.data.order })),
  );
  return sortChapters(chapters);
}
