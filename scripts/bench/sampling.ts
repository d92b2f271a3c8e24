/**
 * The sampling pipeline's time per step over Mistral's 32,000 logits (goal:
 * well under a millisecond), and what partial selection saves against
 * sorting the whole vocabulary for the candidate table.
 */
import { sampleNext, topCandidates } from '../../src/lib/sampling/pipeline';
import { nextRandom, seedState, type RandomState } from '../../src/lib/core/random';
import { allIds, sortByScore, topIds } from '../../src/lib/sampling/select';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';
import type { Row } from './tokenizer';

const VOCAB = 32_000;
const STEPS = 2_000;

export const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

/** Logits shaped roughly like a language model's: a normal spread with a few strong candidates on top. */
export function randomLogits(state: RandomState, size = VOCAB): [Float32Array, RandomState] {
  const logits = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const a = nextRandom(state);
    const b = nextRandom(a.state);
    state = b.state;
    logits[i] = 3 * Math.sqrt(-2 * Math.log(1 - a.value)) * Math.cos(2 * Math.PI * b.value);
  }
  for (let j = 0; j < 5; j++) {
    const pick = nextRandom(state);
    state = pick.state;
    logits[Math.floor(pick.value * size)] = 18 - 2 * j;
  }
  return [logits, state];
}

function timeSteps(label: string, run: (logits: Float32Array, state: RandomState) => RandomState): Row {
  // A pool of different logit arrays, so no step is served by a warm cache of the one before.
  let state = seedState(1);
  const pool: Float32Array[] = [];
  for (let i = 0; i < 16; i++) {
    const [logits, next] = randomLogits(state);
    pool.push(logits);
    state = next;
  }
  for (let i = 0; i < 200; i++) state = run(pool[i % pool.length]!, state); // warm-up, JIT
  const samples: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const started = performance.now();
    state = run(pool[i % pool.length]!, state);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    step: label,
    logits: VOCAB.toLocaleString('en'),
    steps: STEPS.toLocaleString('en'),
    'median ms': quantile(samples, 0.5).toFixed(3),
    'p95 ms': quantile(samples, 0.95).toFixed(3),
    'max ms': samples.at(-1)!.toFixed(3),
  };
}

/** A context of 300 ids (a 200-token prompt and a 100-token reply) for the penalties to count. */
const CONTEXT = {
  ids: Array.from({ length: 300 }, (_, i) => (i * 7919) % VOCAB),
  replyFrom: 200,
};

const pipeline = (settings: SamplingSettings) => (logits: Float32Array, state: RandomState) => {
  const step = sampleNext(logits, settings, state, CONTEXT);
  topCandidates(step, 20, [2]);
  return step.state;
};

/** Every stage on: the three penalties, temperature, top-k, top-p, min-p and typical-p. */
const EVERY_STAGE = {
  ...SEED_SAMPLING,
  temperature: 0.8,
  topK: 50,
  topP: 0.95,
  minP: 0.05,
  typicalP: 0.95,
  repetitionPenalty: 1.2,
  presencePenalty: 0.5,
  frequencyPenalty: 0.5,
};

/** One full pipeline step (penalties, softmax, the filters, draw, and the 20-row candidate table with `</s>`) at several settings. */
export function benchSampling(): Row[] {
  return [
    timeSteps(
      'T 1, top-k 50 (seed settings) + table',
      pipeline({ ...SEED_SAMPLING, temperature: 1, topK: 50, topP: 1, seed: 0 }),
    ),
    timeSteps(
      'T 0.7, top-k 40, top-p 0.9 + table',
      pipeline({ ...SEED_SAMPLING, temperature: 0.7, topK: 40, topP: 0.9, seed: 0 }),
    ),
    timeSteps(
      'T 1.5, top-p 0.95 (no top-k) + table',
      pipeline({ ...SEED_SAMPLING, temperature: 1.5, topK: 0, topP: 0.95, seed: 0 }),
    ),
    timeSteps(
      'every stage on (penalties over 300 ids, T 0.8, top-k 50, top-p 0.95, min-p 0.05, typical-p 0.95) + table',
      pipeline(EVERY_STAGE),
    ),
    timeSteps(
      'every stage on, temperature last (llama.cpp order) + table',
      pipeline({ ...EVERY_STAGE, order: 'temperature-last' }),
    ),
    timeSteps(
      'every stage but top-k (typical-p over all 32,000) + table',
      pipeline({ ...EVERY_STAGE, topK: 0 }),
    ),
    timeSteps(
      'greedy (T 0) + table',
      pipeline({ ...SEED_SAMPLING, temperature: 0, topK: 0, topP: 1, seed: 0 }),
    ),
    timeSteps('candidate table alone: top 20 by partial selection', (logits, state) => {
      topIds(logits, 20);
      return state;
    }),
    timeSteps('for comparison: a full sort of 32,000 ids', (logits, state) => {
      sortByScore(allIds(VOCAB), logits);
      return state;
    }),
  ];
}
