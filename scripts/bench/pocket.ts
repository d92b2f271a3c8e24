/**
 * The in-page models in Node: reading the pocket model's weights, the seed
 * prompt's prefill (time to first token without a worker or a page), decode
 * speed, and the pocket model's held-out perplexity computed by the site's
 * own forward pass, beside PyTorch's on the same windows and the n-gram
 * baselines on the whole held-out split (src/lib/pocket/report.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { createGlassBoxModel } from '../../src/lib/glassbox/model';
import { createWeights, type GlassBoxWeights } from '../../src/lib/glassbox/weights';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { heldoutRows, POCKET_REPORT } from '../../src/lib/pocket/card';
import { pocketWeights } from '../../src/lib/pocket/weights';
import type { Row } from './tokenizer';

const root = path.resolve(import.meta.dirname, '../..');
const WINDOW = POCKET_CONFIG.maxPositionEmbeddings;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

async function time(runs: number, run: () => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const ms = (samples: number[]) => ({
  runs: samples.length,
  'median ms': quantile(samples, 0.5).toFixed(2),
  'p95 ms': quantile(samples, 0.95).toFixed(2),
});

function readWeights(): GlassBoxWeights {
  const file = readFileSync(path.join(root, 'public/models/pocket/model.safetensors'));
  return pocketWeights(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
}

/** Speed of both in-page models: weights ready, the seed prompt's prefill, and one decode step. */
export async function benchPocketSpeed(): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push({ what: 'pocket: read the int8 weights (4 MB) into float32', ...ms(await time(5, readWeights)) });
  rows.push({
    what: 'before training: draw the seeded weights',
    ...ms(await time(3, () => createWeights(POCKET_CONFIG, 0))),
  });
  for (const [label, weights, identity] of [
    ['pocket', readWeights(), 'pocket'],
    ['before training', createWeights(POCKET_CONFIG, 0), 'untrained'],
  ] as const) {
    const engine = createGlassBoxEngine({ weights, identity });
    await time(3, () => engine.prefill(SEED_PROMPT_IDS));
    rows.push({
      what: `${label}: prefill the seed prompt (20 tokens): time to first token`,
      ...ms(await time(30, () => engine.prefill(SEED_PROMPT_IDS))),
    });
    await engine.prefill(SEED_PROMPT_IDS);
    let id = 22143;
    const steps = await time(200, async () => {
      const logits = await engine.step(id);
      id = 300 + (Math.floor(Math.abs(logits[0]! * 1000)) % 31000);
    });
    rows.push({
      what: `${label}: decode step (positions 20 to 220)`,
      ...ms(steps),
      'tokens/s': (1000 / quantile(steps, 0.5)).toFixed(0),
    });
  }
  return rows;
}

/** Cross-entropy of the held-out windows PyTorch also scored, through the site's forward pass. */
function typescriptPerplexity(
  weights: GlassBoxWeights,
  ids: Uint16Array,
  windows: number,
): { perplexity: number; tokens: number } {
  const model = createGlassBoxModel({ weights });
  let nats = 0;
  let count = 0;
  for (let w = 0; w < windows; w++) {
    const window = ids.subarray(w * WINDOW, w * WINDOW + WINDOW + 1);
    if (window.length < 2) break;
    model.reset();
    for (let i = 0; i < window.length - 1; i++) {
      const logits = model.append(window[i]!, true)!;
      let max = -Infinity;
      for (const logit of logits) if (logit > max) max = logit;
      let sum = 0;
      for (const logit of logits) sum += Math.exp(logit - max);
      nats += Math.log(sum) + max - logits[window[i + 1]!]!;
      count++;
    }
  }
  return { perplexity: Math.exp(nats / count), tokens: count };
}

/** Held-out perplexity per source: the site's forward pass and PyTorch on the same windows, then the whole split. */
export function benchPocketPerplexity(): Row[] {
  const weights = readWeights();
  const subset = POCKET_REPORT.heldoutSubset as Record<
    string,
    { windows: number; tokens: number; perplexity: number }
  >;
  const full = new Map(heldoutRows().map((row) => [row.source, row]));
  return Object.entries(subset).map(([source, reference]) => {
    const file = readFileSync(path.join(root, `training/heldout/${source}.u16`));
    const ids = new Uint16Array(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
    const started = performance.now();
    const ours = typescriptPerplexity(weights, ids, reference.windows);
    const row = full.get(source)!;
    return {
      source,
      'subset tokens': ours.tokens,
      'TypeScript ppl (subset)': ours.perplexity.toFixed(2),
      'PyTorch ppl (subset)': reference.perplexity.toFixed(2),
      's (TypeScript)': ((performance.now() - started) / 1000).toFixed(1),
      'pocket ppl (all held out)': row.finetuned.toFixed(1),
      'KN trigram ppl': row.trigram.toFixed(1),
      'pocket / trigram (goal ≤ 0.6)': row.ratio.toFixed(2),
    };
  });
}
