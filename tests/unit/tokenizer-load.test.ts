import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { loadTokenizer, TOKENIZER_CACHE, tokenizerFailure } from '../../src/lib/tokenizer/load';
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
    const names = [
      'transformers-cache',
      'transformers-cache-0123456789ab-0123456789ab',
      TOKENIZER_CACHE,
      'other',
    ];
    globalCaches.caches = {
      delete: async (name: string) => (deleted.push(name), true),
      keys: async () => names,
    };

    await expect(loadTokenizer(root)).rejects.toThrow(
      /^Could not load tokenizer\.json and tokenizer_config\.json from .*: a file arrived damaged or incomplete\.$/,
    );
    // transformers.js's Cache Storage for this build's files, where a browser would have kept the damaged one.
    expect(deleted).toEqual([TOKENIZER_CACHE]);

    writeFileSync(file('tokenizer.json'), whole);
    const tokenizer = await loadTokenizer(root);
    expect(tokenizer.encode('Dear', { add_special_tokens: false })).toEqual([22143]);
    // Once loaded, the caches of other builds' files (and the unversioned default) go; this build's stays.
    await expect
      .poll(() => deleted)
      .toEqual([TOKENIZER_CACHE, 'transformers-cache', 'transformers-cache-0123456789ab-0123456789ab']);
  });

  it('names its cache after the SHA-256 of the files the site serves', () => {
    const sha = (name: string) =>
      createHash('sha256')
        .update(readFileSync(path.join(MODELS_DIR, MISTRAL_TOKENIZER.modelId, name)))
        .digest('hex')
        .slice(0, 12);
    expect(TOKENIZER_CACHE).toBe(
      `transformers-cache-${sha('tokenizer.json')}-${sha('tokenizer_config.json')}`,
    );
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
