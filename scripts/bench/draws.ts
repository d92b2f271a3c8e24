/**
 * Chapter 4's sampling lab over Mistral's 32,000 scores: a thousand draws
 * from one step ("Draw 1,000 times": the running totals built once, then a
 * binary search per draw, src/lib/sampling/draws.ts; goal well under 20 ms),
 * the same thousand draws as a walk over the vocabulary each (the pipeline's
 * `drawWith`), for comparison, and the whole-distribution chart's data (sort,
 * mark the survivors, thin to about a thousand points) at 32,000 and at
 * Qwen's 151,936 ids, which the panel recomputes on every change of setting.
 */
import { drawMany } from '../../src/lib/sampling/draws';
import { rankDistribution, rankRows, thinDistribution } from '../../src/lib/sampling/distribution';
import { drawWith, sampleNext, type SamplingStep } from '../../src/lib/sampling/pipeline';
import { nextRandom, seedState } from '../../src/lib/core/random';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';
import type { Row } from './tokenizer';
import { quantile, randomLogits } from './sampling';

const DRAWS = 1_000;
const RUNS = 200;

/** Steps over different logit arrays, so no run is served by a warm cache of the one before. */
function stepsFor(size: number, settings: SamplingSettings): SamplingStep[] {
  let state = seedState(1);
  const steps: SamplingStep[] = [];
  for (let i = 0; i < 8; i++) {
    const [logits, next] = randomLogits(state, size);
    state = next;
    steps.push(sampleNext(logits, settings, state));
  }
  return steps;
}

function time(
  label: string,
  size: number,
  runs: number,
  run: (step: SamplingStep, index: number) => void,
  steps: SamplingStep[],
): Row {
  for (let i = 0; i < Math.min(20, runs); i++) run(steps[i % steps.length]!, i); // warm-up, JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run(steps[i % steps.length]!, i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    step: label,
    logits: size.toLocaleString('en'),
    runs: runs.toLocaleString('en'),
    'median ms': quantile(samples, 0.5).toFixed(3),
    'p95 ms': quantile(samples, 0.95).toFixed(3),
    'max ms': samples.at(-1)!.toFixed(3),
  };
}

/** Draw 1,000 times (table + binary search) and its comparison, and the chart's data at two vocabulary sizes. */
export function benchDraws(): Row[] {
  const seedSteps = stepsFor(32_000, SEED_SAMPLING);
  const flatSteps = stepsFor(32_000, { ...SEED_SAMPLING, temperature: 1.5, topK: 0, topP: 0.95 });
  const qwenSteps = stepsFor(151_936, SEED_SAMPLING);
  return [
    time(
      '1,000 draws, T 1, top-k 50 (seed settings)',
      32_000,
      RUNS,
      (step, i) => void drawMany(step, DRAWS, i),
      seedSteps,
    ),
    time(
      '1,000 draws, T 1.5, top-p 0.95 (thousands kept)',
      32_000,
      RUNS,
      (step, i) => void drawMany(step, DRAWS, i),
      flatSteps,
    ),
    time(
      'for comparison: 1,000 walks over the vocabulary (drawWith)',
      32_000,
      20,
      (step, i) => {
        let state = seedState(i);
        for (let k = 0; k < DRAWS; k++) {
          const draw = nextRandom(state);
          state = draw.state;
          drawWith(step, draw.value);
        }
      },
      flatSteps,
    ),
    ...[seedSteps, qwenSteps].map((steps) =>
      time(
        'whole-distribution chart data (sort, survivors, thin, table)',
        steps[0]!.logits.length,
        50,
        (step) => {
          const ranked = rankDistribution(step.probabilities, step.removed);
          thinDistribution(ranked);
          rankRows(ranked);
        },
        steps,
      ),
    ),
  ];
}
