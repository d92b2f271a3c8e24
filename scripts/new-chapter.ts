/**
 * `npm run new:chapter -- "Title"`: writes content/chapters/NN-slug.mdx with
 * the next free number (see src/lib/chapter-scaffold.ts). `--dir <folder>`
 * writes elsewhere (the tests use it).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newChapter } from '../src/lib/chapter-scaffold';

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const dir = path.resolve(
  dirFlag === -1 ? path.join(import.meta.dirname, '../content/chapters') : args[dirFlag + 1]!,
);
const title = args.filter((_, i) => dirFlag === -1 || (i !== dirFlag && i !== dirFlag + 1)).join(' ');

try {
  const chapter = newChapter(title, readdirSync(dir));
  const file = path.join(dir, chapter.fileName);
  if (existsSync(file)) throw new Error(`${file} exists already.`);
  writeFileSync(file, chapter.text, { flag: 'wx' });
  console.log(
    `Wrote ${path.relative(process.cwd(), file)} (chapter ${chapter.order}, /chapters/${chapter.slug}/).`,
  );
  console.log('Next: write its summary and prose, then `npm run dev` to see it and `npm test` to check it.');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
