import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTokenizer } from '../../src/lib/tokenizer/load';

/** The folder `npm run tokenizer` writes the real Mistral files into. */
export const MODELS_DIR = path.resolve(import.meta.dirname, '../../public/models') + path.sep;

/** The real Mistral-7B-Instruct-v0.1 tokenizer, loaded through transformers.js from the site's own files. */
export const loadMistral = () => loadTokenizer(MODELS_DIR);

/** The model folders `npm run model-fixtures` writes, laid out as WebLLM's model URLs are. */
export const MODEL_FIXTURES_DIR = path.resolve(import.meta.dirname, '../fixtures/models');

/** A fixture model's folder as a file: URL, the way the page has an https: one. */
export const fixtureFolderUrl = (webllmId: string) =>
  `${pathToFileURL(path.join(MODEL_FIXTURES_DIR, webllmId, 'resolve', 'main'))}/`;

/** `fetch` for file: URLs: the file, or a 404 when it is missing. */
export async function fetchFixture(url: string): Promise<Response> {
  try {
    return new Response(await readFile(new URL(url)));
  } catch {
    return new Response('Not Found', { status: 404 });
  }
}
