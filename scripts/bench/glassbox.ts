/**
 * The glass box in Node: how long its weights take to draw, a 50-token
 * prefill, and one decode step (so tokens per second), the numbers the loop
 * chapter's "time per token" shows for the demo engine.
 */
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { createWeights } from '../../src/lib/glassbox/weights';
import type { Row } from './tokenizer';

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

function row(what: string, samples: number[], extra: Row = {}): Row {
  return {
    what,
    runs: samples.length,
    'median ms': quantile(samples, 0.5).toFixed(2),
    'p95 ms': quantile(samples, 0.95).toFixed(2),
    ...extra,
  };
}

export async function benchGlassBox(): Promise<Row[]> {
  const drawn = await time(3, () => createWeights(POCKET_CONFIG, 0));
  const weights = createWeights(POCKET_CONFIG, 0);
  const engine = createGlassBoxEngine({ weights });
  const prompt = Array.from({ length: 50 }, (_, i) => (i === 0 ? 1 : 300 + ((i * 7919) % 31000)));
  await time(5, () => engine.prefill(prompt)); // warm-up
  const prefill = await time(50, () => engine.prefill(prompt));
  await engine.prefill(prompt);
  let id = 400;
  const steps = await time(500, async () => {
    const logits = await engine.step(id);
    id = 300 + (Math.floor(Math.abs(logits[0]! * 1000)) % 31000);
  });
  const median = quantile(steps, 0.5);
  return [
    row('draw the seeded weights (4.2 M numbers)', drawn),
    row('prefill 50 tokens (logits for the last only)', prefill),
    row('decode step (positions 50 to 550)', steps, { 'tokens/s': (1000 / median).toFixed(0) }),
  ];
}
