import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTokenizer, tokenizerFailure } from '../../src/lib/tokenizer/load';
import { MISTRAL_TOKENIZER } from '../../src/lib/tokenizer/mistral';
import { MODELS_DIR } from './tokenizer-fixture';

const FILES = ['tokenizer.json', 'tokenizer_config.json'];

/** A models folder of our own holding the real files, one of which the test can damage. */
function modelsFolder() {
  const root = mkdtempSync(path.join(tmpdir(), 'tokenizer-load-')) + path.sep;
  const folder = path.join(root, MISTRAL_TOKENIZER.modelId);
  mkdirSync(folder, { recursive: true });
  for (const file of FILES)
    copyFileSync(path.join(MODELS_DIR, MISTRAL_TOKENIZER.modelId, file), path.join(folder, file));
  return { root, file: (name: string) => path.join(folder, name) };
}

const globalCaches = globalThis as { caches?: unknown };
afterEach(() => {
  delete globalCaches.caches;
});

describe('loading the tokenizer', () => {
  it('after a damaged file, forgets what the browser kept and loads the repaired file on the next call', async () => {
    const { root, file } = modelsFolder();
    const whole = readFileSync(file('tokenizer.json'), 'utf8');
    writeFileSync(file('tokenizer.json'), whole.slice(0, whole.length / 2));
    const deleted: string[] = [];
    globalCaches.caches = { delete: async (name: string) => (deleted.push(name), true) };

    await expect(loadTokenizer(root)).rejects.toThrow(
      /^Could not load tokenizer\.json and tokenizer_config\.json from .*: a file arrived damaged or incomplete\.$/,
    );
    // transformers.js's Cache Storage, where a browser would have kept the damaged file.
    expect(deleted).toEqual(['transformers-cache']);

    writeFileSync(file('tokenizer.json'), whole);
    const tokenizer = await loadTokenizer(root);
    expect(tokenizer.encode('Dear', { add_special_tokens: false })).toEqual([22143]);
    expect(deleted).toHaveLength(1);
  });

  it('turns transformers.js’s messages, written for developers, into a reader’s words', async () => {
    // The real message transformers.js throws for a 404 with remote models switched off.
    const { root } = modelsFolder();
    const missing = await loadTokenizer(`${root}nowhere/`).catch((error: Error) => error.cause);
    expect(String(missing)).toMatch(/local_files_only|not found locally|Could not locate/);
    expect(tokenizerFailure(missing)).toBe('the site answered that a file is missing (HTTP 404).');
    expect(tokenizerFailure(new Error('Error (500) occurred while trying to load file: "x".'))).toBe(
      'the site answered with an error (HTTP 500).',
    );
    expect(tokenizerFailure(new SyntaxError('Unterminated string in JSON at position 562681'))).toBe(
      'a file arrived damaged or incomplete.',
    );
    expect(tokenizerFailure(new TypeError('Failed to fetch'))).toBe(
      'the connection dropped before the files arrived.',
    );
    expect(tokenizerFailure(new Error('x'.repeat(500)))).toHaveLength(161);
  });
});
