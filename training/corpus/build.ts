/**
 * Builds the pocket model's pre-training corpus: every source in
 * `sources.ts`, cleaned, tokenized by the site's own tokenizer code (the
 * same files and chunked encoder the Tokens chapter runs, so a training id
 * is the id a reader sees), and split into a training stream and a held-out
 * stream by contiguous blocks.
 *
 *   training/out/corpus/<source>.train.u16   training ids, uint16 little-endian
 *   training/heldout/<source>.u16            held-out ids (committed: the bench scores them)
 *   training/out/corpus/manifest.json        counts per source, weights, licences
 *
 * Each document becomes `<s> text </s>`; documents are concatenated. The
 * stream is cut into blocks of BLOCK tokens and every HELDOUT_EVERY-th block
 * (counting from HELDOUT_EVERY / 2) is held out, so the held-out text is
 * spread over the whole source but never shares a block with training text.
 *
 * Usage (from the project root): npx tsx training/corpus/build.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createChunkedEncoder } from '../../src/lib/tokenizer/chunked-encoder';
import { loadTokenizer } from '../../src/lib/tokenizer/load';
import { MISTRAL_TOKENIZER } from '../../src/lib/tokenizer/mistral';
import { SOURCES } from './sources';

export const BLOCK = 2048;
export const HELDOUT_EVERY = 40;

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'training/out/corpus');
const heldoutDir = path.join(root, 'training/heldout');

function toBytes(ids: number[]): Uint8Array {
  const array = Uint16Array.from(ids);
  return new Uint8Array(array.buffer);
}

async function main() {
  const tokenizer = await loadTokenizer(path.join(root, 'public/models') + path.sep);
  const encoder = createChunkedEncoder(tokenizer);
  mkdirSync(outDir, { recursive: true });
  mkdirSync(heldoutDir, { recursive: true });
  const manifest: Record<string, unknown>[] = [];
  for (const source of SOURCES) {
    const started = performance.now();
    const documents = source.documents();
    const stream: number[] = [];
    let characters = 0;
    for (const document of documents) {
      characters += document.length;
      const ids = encoder.encode(document, { addBos: true });
      for (const id of ids) stream.push(id);
      stream.push(MISTRAL_TOKENIZER.eosId);
    }
    const train: number[] = [];
    const heldout: number[] = [];
    for (let start = 0, block = 0; start < stream.length; start += BLOCK, block++) {
      const target = block % HELDOUT_EVERY === HELDOUT_EVERY / 2 ? heldout : train;
      for (let i = start; i < Math.min(start + BLOCK, stream.length); i++) target.push(stream[i]!);
    }
    writeFileSync(path.join(outDir, `${source.name}.train.u16`), toBytes(train));
    writeFileSync(path.join(heldoutDir, `${source.name}.u16`), toBytes(heldout));
    const entry = {
      name: source.name,
      title: source.title,
      licence: source.licence,
      origin: source.origin,
      weight: source.weight,
      documents: documents.length,
      characters,
      trainTokens: train.length,
      heldoutTokens: heldout.length,
      distinctIds: new Set(stream).size,
    };
    manifest.push(entry);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${source.name.padEnd(8)} ${String(documents.length).padStart(6)} documents ${String(train.length).padStart(9)} train + ${String(heldout.length).padStart(7)} held-out tokens  ${entry.distinctIds} ids  ${seconds} s`,
    );
  }
  writeFileSync(
    path.join(outDir, 'manifest.json'),
    JSON.stringify({ block: BLOCK, heldoutEvery: HELDOUT_EVERY, sources: manifest }, null, 2),
  );
}

await main();
