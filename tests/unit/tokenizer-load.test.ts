import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../src/lib/tokenizer/load';
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

    await expect(loadTokenizer(root)).rejects.toThrow(/Could not load tokenizer\.json/);
    // transformers.js's Cache Storage, where a browser would have kept the damaged file.
    expect(deleted).toEqual(['transformers-cache']);

    writeFileSync(file('tokenizer.json'), whole);
    const tokenizer = await loadTokenizer(root);
    expect(tokenizer.encode('Dear', { add_special_tokens: false })).toEqual([22143]);
    expect(deleted).toHaveLength(1);
  });
});
