import path from 'node:path';
import mistralTokenizerJs from 'mistral-tokenizer-js';
import { loadTokenizer } from '../../src/lib/tokenizer/load';
import { createChunkedEncoder } from '../../src/lib/tokenizer/chunked-encoder';
import { createTextTokenizer } from '../../src/lib/tokenizer/tokenize';
import { benchCorpus } from './corpus';

export interface Row {
  [column: string]: string | number;
}

const time = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  const value = run();
  return [value, performance.now() - started];
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * p)]!;
/** What the typing benches type after the 2,000-character prompt. */
export const TYPED = ' and one more sentence typed at the end, key by key.';
const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** One row of the typing table; the browser bench fills the same columns. */
export function typingRow(where: string, samples: number[], extra: Row = {}): Row {
  const [first, ...rest] = samples;
  return {
    where,
    'prompt characters': 2_000,
    keystrokes: samples.length,
    'first ms': first?.toFixed(2) ?? '-',
    'median ms': median(rest).toFixed(2),
    'p95 ms': percentile(rest, 0.95).toFixed(2),
    'max ms': Math.max(...rest).toFixed(2),
    ...extra,
  };
}

/** Encode throughput and typing latency, in Node, on the real tokenizer files. */
export async function benchTokenizer(): Promise<{ encode: Row[]; typing: Row[] }> {
  const modelsDir = path.resolve(import.meta.dirname, '../../public/models') + path.sep;
  const tokenizer = await loadTokenizer(modelsDir);

  // Typing first, before the megabyte runs fill the heap (their GC pauses are not the panel's):
  // one keystroke at a time at the end of a 2,000-character prompt, each a full panel result.
  const textTokenizer = createTextTokenizer(tokenizer);
  const prompt = benchCorpus(2_000);
  const samples: number[] = [];
  for (let i = 0; i <= TYPED.length; i++)
    samples.push(textTokenizer.tokenize(prompt + TYPED.slice(0, i)).encodeMs);
  const typing = [typingRow('Node (the worker code, no message passing)', samples)];

  const encode: Row[] = [];
  for (const size of [10_000, 100_000, 1_000_000]) {
    const text = benchCorpus(size);
    // A fresh encoder for each size, so the "cold" run starts with an empty BPE cache.
    const chunked = createChunkedEncoder(await freshTokenizer(modelsDir));
    const [ours, coldMs] = time(() => chunked.encode(text));
    const [, warmMs] = time(() => chunked.encode(text));
    const [whole, wholeMs] = time(() => tokenizer.encode(text));
    const [theirs, mtjsMs] = time(() => mistralTokenizerJs.encode(text));
    const mb = size / 1e6;
    encode.push({
      characters: size.toLocaleString('en'),
      tokens: ours.length.toLocaleString('en'),
      'chunked cold ms': coldMs.toFixed(0),
      'chunked warm ms': warmMs.toFixed(0),
      'transformers.js whole-string ms': wholeMs.toFixed(0),
      'mistral-tokenizer-js ms': mtjsMs.toFixed(0),
      'chunked cold MB/s': (mb / (coldMs / 1000)).toFixed(1),
      'mistral-tokenizer-js MB/s': (mb / (mtjsMs / 1000)).toFixed(1),
      'same ids (all three)': sameIds(ours, whole) && sameIds(ours, theirs) ? 'yes' : 'NO',
    });
  }
  return { encode, typing };
}

/** A tokenizer that shares nothing with the cached one (its BPE cache starts empty). */
async function freshTokenizer(modelsDir: string) {
  const { AutoTokenizer } = await import('@huggingface/transformers');
  await loadTokenizer(modelsDir); // sets env.localModelPath
  return AutoTokenizer.from_pretrained('mistralai/Mistral-7B-Instruct-v0.1');
}
