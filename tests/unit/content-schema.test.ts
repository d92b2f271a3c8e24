/**
 * Proves that a contributor's broken chapter stops the real Astro pipeline
 * with a message that names the file and the field. Each case copies the
 * content config (and the modules it imports) into a temporary project, adds
 * fixture chapters, and runs the real `astro` CLI under the pinned Node (tests/support/run-astro.ts).
 *
 * The temporary project gets its own `node_modules` folder of symlinks to the
 * real packages, not a symlink to the folder itself, so Astro's caches
 * (`node_modules/.astro`, `node_modules/.vite`) land in the temporary project
 * and never touch the real one.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { runAstro } from '../support/run-astro';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary Astro project with the real config and content schema, and `chapters` as its chapter files. */
/** A whole page, as every real one is: the build gives each page's <head> the content security policy. */
const fixturePage = (body: string) =>
  `<html lang="en"><head><meta charset="utf-8"><title>fixture</title></head><body>${body}</body></html>\n`;

function makeProject(chapters: Record<string, string>, indexPage = fixturePage('<p>fixture</p>')): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'chapter-schema-'));
  tempDirs.push(dir);
  for (const file of [
    'astro.config.mjs',
    'tsconfig.json',
    'package.json',
    'src/content.config.ts',
    'src/lib',
    'src/data',
    'src/components/ChapterLink.astro',
    'src/integrations',
  ]) {
    cpSync(path.join(root, file), path.join(dir, file), { recursive: true });
  }
  mkdirSync(path.join(dir, 'node_modules'));
  for (const name of readdirSync(path.join(root, 'node_modules'))) {
    if (name === '.astro' || name === '.vite') continue;
    symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  mkdirSync(path.join(dir, 'src/pages'), { recursive: true });
  writeFileSync(path.join(dir, 'src/pages/index.astro'), indexPage);
  mkdirSync(path.join(dir, 'content/chapters'), { recursive: true });
  for (const [name, text] of Object.entries(chapters)) {
    writeFileSync(path.join(dir, 'content/chapters', name), text);
  }
  return dir;
}

/**
 * The message that starts on the first line containing `start`: up to the
 * next blank line or Astro's "Hint:"/"Location:" section, which hold
 * machine-specific paths.
 */
function block(output: string, start: string): string {
  const lines = output.split('\n');
  const first = lines.findIndex((line) => line.includes(start));
  if (first === -1) throw new Error(`"${start}" is not in the output:\n${output}`);
  const end = lines.findIndex(
    (line, index) =>
      index > first + 1 && (line.trim() === '' || /^\s*(Hint|Location|Stack trace):/.test(line)),
  );
  return lines.slice(first, end === -1 ? undefined : end).join('\n');
}

const chapter = (frontmatter: string) => `---\n${frontmatter.trim()}\n---\n\nSome text.\n`;

const goodFrontmatter = `
title: Introduction
order: 1
summary: What this book is about.
needs:
  compute: none
`;

describe('a chapter with bad frontmatter', () => {
  test('fails `astro build` with the file and every bad field named', { timeout: 120_000 }, () => {
    const dir = makeProject({
      '01-intro.mdx': chapter(goodFrontmatter),
      '02-bad.mdx': chapter(`
title: ""
order: 0
summary: |
  A summary that runs
  over two lines.
needs:
  compute: gpu
  download: ""
`),
    });
    const { status, output } = runAstro(['build'], { cwd: dir });
    expect(status).not.toBe(0);
    expect(block(output, 'content/chapters/02-bad.mdx')).toMatchInlineSnapshot(`
      "[InvalidContentEntryDataError] content/chapters/02-bad.mdx data does not match collection schema.

        title: expected a non-empty text
        order: expected a positive whole number (1 for the first chapter)
        summary: expected one line: remove the line breaks
        needs.compute: expected one of "none", "cpu" or "webgpu" (where the live panels compute)
        needs.download: expected a text saying what the panels download, with a size (or leave it out)"
    `);
    expect(output).not.toContain('Complete!');
  });

  test(
    'fails `astro sync` for a missing field, a wrong type and a long summary',
    { timeout: 120_000 },
    () => {
      const dir = makeProject({
        '01-intro.mdx': chapter(`
order: one
summary: ${'A summary far too long for one line. '.repeat(5)}
needs: cpu
`),
      });
      const { status, output } = runAstro(['sync'], { cwd: dir });
      expect(status).not.toBe(0);
      expect(block(output, 'content/chapters/01-intro.mdx')).toMatchInlineSnapshot(`
      "[InvalidContentEntryDataError] content/chapters/01-intro.mdx data does not match collection schema.

        title: is missing; expected a non-empty text
        order: expected a whole number (1, 2, 3, ...)
        summary: expected at most 160 characters: a summary is one short line
        needs: expected an object with \`compute\` (none, cpu or webgpu) and an optional \`download\`"
    `);
    },
  );
});

describe('chapter files that break the naming rules', () => {
  test('fail `astro sync` with one line per file', { timeout: 120_000 }, () => {
    const dir = makeProject({
      '01-intro.mdx': chapter(goodFrontmatter),
      '02-twice.mdx': chapter(goodFrontmatter.replace('Introduction', 'Twice')),
      '3-Bad_Name.mdx': chapter(goodFrontmatter.replace('order: 1', 'order: 3')),
    });
    const { status, output } = runAstro(['sync'], { cwd: dir });
    expect(status).not.toBe(0);
    expect(block(output, 'Chapter files are misnamed')).toMatchInlineSnapshot(`
      "Chapter files are misnamed or misnumbered:
        - content/chapters/02-twice.mdx: the file name starts with 02 but its frontmatter says order: 1; rename the file or change the order so they agree
        - content/chapters/02-twice.mdx: order 1 is already used by content/chapters/01-intro.mdx; every chapter needs its own order
        - content/chapters/3-Bad_Name.mdx: the file name must be NN-slug.mdx (two digits, a dash, lowercase words joined by dashes), for example 03-my-chapter.mdx"
    `);
  });
});

describe('links between chapters', () => {
  const page = (to: string) =>
    `---\nimport ChapterLink from '../components/ChapterLink.astro';\n---\n${fixturePage(`<ChapterLink to="${to}">the intro</ChapterLink>`)}`;

  test('a link to a chapter that exists gets its address under the base path', { timeout: 120_000 }, () => {
    const dir = makeProject({ '01-intro.mdx': chapter(goodFrontmatter) }, page('intro'));
    // The page the link leads to, so the build's own link check finds it.
    mkdirSync(path.join(dir, 'src/pages/chapters'));
    writeFileSync(path.join(dir, 'src/pages/chapters/intro.astro'), fixturePage('<p>intro</p>'));
    const { status, output } = runAstro(['build'], { cwd: dir, env: { SITE_BASE: '/book/' } });
    expect(status, output).toBe(0);
    expect(readFileSync(path.join(dir, 'dist/index.html'), 'utf8')).toContain(
      '<a href="/book/chapters/intro/">the intro</a>',
    );
  });

  test('a link to a chapter that does not exist fails `astro build`, naming it', { timeout: 120_000 }, () => {
    const dir = makeProject({ '01-intro.mdx': chapter(goodFrontmatter) }, page('intor'));
    const { status, output } = runAstro(['build'], { cwd: dir });
    expect(status).not.toBe(0);
    expect(output).toContain('ChapterLink: no chapter "intor" (chapters: intro).');
    expect(output).not.toContain('Complete!');
  });
});

describe('internal links in the built pages', () => {
  test(
    'a link to a page the build did not write fails `astro build`, naming both',
    { timeout: 120_000 },
    () => {
      const dir = makeProject(
        { '01-intro.mdx': chapter(goodFrontmatter) },
        fixturePage('<a href="/chapters/intro/#start">the intro</a>'),
      );
      const { status, output } = runAstro(['build'], { cwd: dir });
      expect(status).not.toBe(0);
      expect(output).toContain(
        'Broken internal links:\n  - /: /chapters/intro/#start names no file of the site',
      );
      expect(output).not.toContain('Complete!');
    },
  );
});

describe('npm run new:chapter', () => {
  test('scaffolds a chapter that the real build accepts at once', { timeout: 120_000 }, () => {
    const dir = makeProject({ '01-intro.mdx': chapter(goodFrontmatter) });
    const script = spawnSync(
      path.join(root, 'node_modules/.bin/tsx'),
      [
        path.join(root, 'scripts/new-chapter.ts'),
        '--dir',
        path.join(dir, 'content/chapters'),
        'What’s in a layer?',
      ],
      { encoding: 'utf8' },
    );
    expect(script.stderr).toBe('');
    expect(script.stdout).toContain('(chapter 2, /chapters/whats-in-a-layer/)');
    const { status, output } = runAstro(['build'], { cwd: dir });
    expect(status, output).toBe(0);

    const again = spawnSync(
      path.join(root, 'node_modules/.bin/tsx'),
      [
        path.join(root, 'scripts/new-chapter.ts'),
        '--dir',
        path.join(dir, 'content/chapters'),
        'What’s in a layer',
      ],
      { encoding: 'utf8' },
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('"whats-in-a-layer" exists already (number 2)');
  });
});
