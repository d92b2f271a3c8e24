import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const readme = (pkg: string) => readFileSync(path.join(root, 'node_modules', pkg, 'README.md'), 'utf8');

/**
 * About `size` characters of real, varied text: this site's chapters and the
 * READMEs of packages we already install (English prose, code, tables, a
 * little of other scripts). Literal special tokens are removed, because the
 * two tokenizers compared treat them differently by design.
 */
export function benchCorpus(size: number): string {
  const sources = [
    readFileSync(path.join(root, 'content/chapters/01-tokens.mdx'), 'utf8'),
    readme('@huggingface/transformers'),
    readme('mistral-tokenizer-js'),
    readme('astro'),
    'Ünïcödé façade — 日本語のテキスト, 中文文本, 한국어, Ελληνικά, русский текст, עברית, 🦩🚀👨‍👩‍👧\n',
  ].map((text) => text.replaceAll(/<\/?s>|<unk>/g, ''));
  let corpus = '';
  while (corpus.length < size) corpus += sources.join('\n');
  return corpus.slice(0, size);
}
