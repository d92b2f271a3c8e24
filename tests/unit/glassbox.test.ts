import { SEED_SAMPLING } from '../../src/lib/sampling/settings';
import { beforeAll, describe, expect, it } from 'vitest';
import { POCKET_CONFIG, kvHeadOf } from '../../src/lib/glassbox/config';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { applyRope, matVec, rmsNorm, ropeFrequencies } from '../../src/lib/glassbox/math';
import { createGlassBoxModel, forwardSequence } from '../../src/lib/glassbox/model';
import { createWeights, namedTensors, type GlassBoxWeights } from '../../src/lib/glassbox/weights';
import { engineInfo } from '../../src/lib/llm/engine';
import { mulberry32, seedState } from '../../src/lib/core/random';
import { countMistral, mistralParameterTensors } from '../../src/lib/model/mistral-parameters';
import { sampleNext } from '../../src/lib/sampling/pipeline';

/** The seed prompt through the chat template (SEED_PROMPT_IDS, src/lib/generation/prompt.ts), and 3 more. */
const IDS = [
  1, 733, 16289, 28793, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804, 733, 28748,
  16289, 28793, 22143, 12, 400,
];

let weights: GlassBoxWeights;
beforeAll(() => {
  weights = createWeights(POCKET_CONFIG, 0);
});

const maxAbsDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((max, x, i) => Math.max(max, Math.abs(x - b[i]!)), 0);
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('glass box shape', () => {
  it('has exactly the tensors the Mistral parameter count lists for its config', () => {
    const tensors = namedTensors(weights, POCKET_CONFIG);
    const expected = mistralParameterTensors(POCKET_CONFIG);
    expect(tensors.map(({ name, shape }) => ({ name, shape }))).toEqual(
      expected.map(({ name, shape }) => ({ name, shape })),
    );
    for (const tensor of tensors) expect(tensor.data.length).toBe(tensor.shape.reduce((a, b) => a * b, 1));
    const total = tensors.reduce((sum, tensor) => sum + tensor.data.length, 0);
    expect(total).toBe(countMistral(POCKET_CONFIG).total);
    // 32,000 x 128 (the embedding, which the head reuses: tied) + 6 layers x 221,440 + 128 (final norm), where
    // a layer is q and o (128 x 128 each), k and v (64 x 128 each), gate, up, down (448 x 128 each) and two norms.
    expect(total).toBe(32_000 * 128 + 6 * (2 * 128 * 128 + 2 * 64 * 128 + 3 * 448 * 128 + 2 * 128) + 128);
    expect(total).toBe(5_424_768);
  });

  it('groups query heads over key/value heads in order: heads 0-1 read kv head 0, heads 2-3 kv head 1', () => {
    expect([0, 1, 2, 3].map((head) => kvHeadOf(head, POCKET_CONFIG))).toEqual([0, 0, 1, 1]);
  });

  it('draws the same weights from the same seed, other weights from another', () => {
    const again = createWeights(POCKET_CONFIG, 0);
    expect(again.lmHead).toEqual(weights.lmHead);
    expect(createWeights(POCKET_CONFIG, 1).embed[0]).not.toBe(weights.embed[0]);
  });
});

describe('building blocks', () => {
  it('multiplies a row-major matrix by a vector, for every shape the row blocking can meet', () => {
    // [[1, 2], [3, 4]] x [5, 6] = [1*5 + 2*6, 3*5 + 4*6] = [17, 39]
    expect([...matVec(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6), 2, 2)]).toEqual([17, 39]);
    // Against the definition, for rows and columns on and off the blocks of 4 rows and 2 columns.
    const random = mulberry32(3);
    for (let rows = 1; rows <= 9; rows++)
      for (let cols = 1; cols <= 7; cols++) {
        const weight = Float32Array.from({ length: rows * cols }, () => random() - 0.5);
        const x = Float32Array.from({ length: cols }, () => random() - 0.5);
        const expected = Array.from({ length: rows }, (_, r) =>
          Array.from({ length: cols }, (__, c) => weight[r * cols + c]! * x[c]!).reduce((a, b) => a + b, 0),
        );
        const got = matVec(weight, x, rows, cols);
        expected.forEach((value, r) => expect(got[r]).toBeCloseTo(value, 6));
      }
  });

  it('RMSNorm divides by the root mean square, without subtracting the mean', () => {
    const out = rmsNorm(Float32Array.of(3, 4, 0, 0), Float32Array.of(1, 1, 2, 1), 0);
    const rms = Math.sqrt(25 / 4);
    expect(Array.from(out)).toEqual([3 / rms, 4 / rms, 0, 0].map(Math.fround));
  });

  it('rotary embedding turns dimension pair (i, i + d/2) by position x theta^(-2i/d)', () => {
    const frequencies = ropeFrequencies(16, 10000);
    expect(frequencies[1]).toBeCloseTo(10000 ** (-2 / 16), 12);
    const v = new Float32Array(16);
    v[0] = 1;
    v[1] = 1;
    applyRope(v, 1, 16, 3, frequencies);
    expect(v[0]).toBeCloseTo(Math.cos(3), 6);
    expect(v[8]).toBeCloseTo(Math.sin(3), 6);
    expect(v[1]).toBeCloseTo(Math.cos(3 * frequencies[1]!), 6);
    expect(v[9]).toBeCloseTo(Math.sin(3 * frequencies[1]!), 6);
  });

  it('with rotary embeddings, q·k depends only on the distance between the positions', () => {
    const random = mulberry32(9);
    const frequencies = ropeFrequencies(POCKET_CONFIG.headDim, POCKET_CONFIG.ropeTheta);
    const q = Float32Array.from({ length: 16 }, () => random() * 2 - 1);
    const k = Float32Array.from({ length: 16 }, () => random() * 2 - 1);
    const score = (m: number, n: number) => {
      const qm = q.slice();
      const kn = k.slice();
      applyRope(qm, 1, 16, m, frequencies);
      applyRope(kn, 1, 16, n, frequencies);
      return dot(qm, kn);
    };
    for (const [m, n] of [
      [5, 2],
      [7, 7],
      [10, 3],
      [0, 0],
    ] as const) {
      for (const shift of [1, 17, 250, 3000]) expect(score(m + shift, n + shift)).toBeCloseTo(score(m, n), 4);
    }
    // ... and it does depend on that distance (a rotation that did nothing would pass the check above).
    expect(Math.abs(score(5, 2) - score(5, 4))).toBeGreaterThan(1e-3);
    expect(score(0, 0)).toBeCloseTo(dot(q, k), 6);
  });
});

describe('attention', () => {
  it('is causal, respects the sliding window, and each row sums to 1', () => {
    // A window of 8 so that these 23 tokens outgrow it.
    const config = { ...POCKET_CONFIG, slidingWindow: 8 };
    const { attention } = forwardSequence(IDS, { config, weights });
    const n = IDS.length;
    expect(attention).toHaveLength(POCKET_CONFIG.numLayers);
    for (const layer of attention) {
      expect(layer).toHaveLength(POCKET_CONFIG.numAttentionHeads);
      for (const matrix of layer) {
        for (let i = 0; i < n; i++) {
          const row = matrix.subarray(i * n, (i + 1) * n);
          let sum = 0;
          for (let j = 0; j < n; j++) {
            const visible = j <= i && i - j < 8;
            if (visible) expect(row[j]).toBeGreaterThan(0);
            else expect(row[j]).toBe(0);
            sum += row[j]!;
          }
          expect(sum).toBeCloseTo(1, 6);
        }
      }
    }
  });

  it('with the KV cache, the last token attends exactly as in the full matrix', () => {
    const model = createGlassBoxModel({ weights });
    IDS.forEach((id) => model.append(id, false));
    const full = forwardSequence(IDS, { weights }).attention;
    const n = IDS.length;
    model.lastAttention().forEach((layer, l) =>
      layer.forEach((row, h) => {
        expect(row).toHaveLength(n);
        expect(maxAbsDiff(row, full[l]![h]!.subarray((n - 1) * n))).toBeLessThan(1e-6);
      }),
    );
  });

  it('each key/value head serves its own group of query heads, and only that group', () => {
    const changed = createWeights(POCKET_CONFIG, 0);
    const kvDim = POCKET_CONFIG.headDim;
    // Scale kv head 1's key projection (rows 16..31 of layer 0's k_proj).
    const k = changed.layers[0]!.k;
    for (let i = kvDim * POCKET_CONFIG.hiddenSize; i < 2 * kvDim * POCKET_CONFIG.hiddenSize; i++) k[i]! *= 3;
    const before = forwardSequence(IDS.slice(0, 10), { weights }).attention[0]!;
    const after = forwardSequence(IDS.slice(0, 10), { weights: changed }).attention[0]!;
    expect(maxAbsDiff(before[0]!, after[0]!)).toBe(0);
    expect(maxAbsDiff(before[1]!, after[1]!)).toBe(0);
    expect(maxAbsDiff(before[2]!, after[2]!)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(before[3]!, after[3]!)).toBeGreaterThan(1e-3);
    // Heads that share keys still look at different things: their queries differ.
    expect(maxAbsDiff(before[0]!, before[1]!)).toBeGreaterThan(1e-3);
  });
});

describe('KV cache', () => {
  it('gives the same logits, position by position, as recomputing the whole sequence', () => {
    const model = createGlassBoxModel({ weights });
    IDS.forEach((id, i) => {
      const cached = model.append(id, true)!;
      const full = forwardSequence(IDS.slice(0, i + 1), { weights }).logits;
      expect(maxAbsDiff(cached, full)).toBeLessThan(1e-5);
    });
    expect(model.length).toBe(IDS.length);
  });

  it('past the window, the logits no longer depend on the tokens that fell out of it (per layer, so 6 x 7 back)', () => {
    const narrow = { ...POCKET_CONFIG, slidingWindow: 8 };
    const tail = [...IDS, ...IDS].slice(0, 43);
    const a = forwardSequence([5, 6, 7, ...tail], { config: narrow, weights }).logits;
    const b = forwardSequence([900, 901, 902, ...tail], { config: narrow, weights }).logits;
    // Six layers each look 7 positions back, so 43 shared tokens hide the start (both prefixes have the same
    // length, so every shared token sits at the same position).
    expect(maxAbsDiff(a, b)).toBe(0);
    // One token fewer and the first layer's view of the start reaches the last position.
    const c = forwardSequence([5, 6, 7, ...tail.slice(1)], { config: narrow, weights }).logits;
    const d = forwardSequence([900, 901, 902, ...tail.slice(1)], { config: narrow, weights }).logits;
    expect(maxAbsDiff(c, d)).toBeGreaterThan(1e-5);
  });
});

describe('glass-box engine', () => {
  it('describes itself as the untrained model, with Mistral’s vocabulary and stop id and its own context window', () => {
    const engine = createGlassBoxEngine({ weights });
    expect(engineInfo(engine)).toEqual({
      label: 'Pocket Mistral before training (random weights)',
      kind: 'untrained',
      vocabSize: 32000,
      stopIds: [2],
      contextWindow: 256,
    });
    expect(createGlassBoxEngine({ weights, identity: 'pocket' }).label).toBe(
      'Pocket Mistral (trained by this site)',
    );
  });

  it('prefill then steps give the logits of the whole sequence; a new prefill rewinds', async () => {
    const engine = createGlassBoxEngine({ weights });
    const prompt = IDS.slice(0, 20);
    const first = await engine.prefill(prompt);
    expect(maxAbsDiff(first, forwardSequence(prompt, { weights }).logits)).toBeLessThan(1e-5);
    const next = await engine.step(22143);
    expect(maxAbsDiff(next, forwardSequence([...prompt, 22143], { weights }).logits)).toBeLessThan(1e-5);
    expect(await engine.prefill(prompt)).toEqual(first);
    expect(engine.model.length).toBe(20);
  });

  it('says what went wrong for a step before prefill, a bad id, and a full context', async () => {
    const engine = createGlassBoxEngine({ weights });
    await expect(engine.step(5)).rejects.toThrow('Call prefill with the prompt before the first step.');
    await expect(engine.prefill([])).rejects.toThrow(/at least one token/);
    await expect(engine.prefill([1, 32000])).rejects.toThrow(
      'Token id 32000 is outside the vocabulary (0 to 31,999).',
    );
    const small = createGlassBoxEngine({ config: { ...POCKET_CONFIG, maxPositionEmbeddings: 3 }, weights });
    await small.prefill([1, 2, 3]);
    await expect(small.step(4)).rejects.toThrow(
      'The model holds 3 positions and all are used; reset it to start again.',
    );
  });

  it('drives the sampling loop reproducibly: same seed, same tokens', async () => {
    const run = async () => {
      const engine = createGlassBoxEngine({ weights });
      let logits = await engine.prefill(IDS.slice(0, 20));
      let state = seedState(7);
      const picked: number[] = [];
      for (let i = 0; i < 12; i++) {
        const step = sampleNext(
          logits,
          { ...SEED_SAMPLING, temperature: 0.8, topK: 40, topP: 0.95, seed: 7 },
          state,
        );
        state = step.state;
        picked.push(step.chosenId);
        logits = await engine.step(step.chosenId);
      }
      return picked;
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it('spreads its logits like a trained model’s (standard deviation about 3), so sampling has work to do', async () => {
    const logits = await createGlassBoxEngine({ weights }).prefill(IDS.slice(0, 20));
    const mean = logits.reduce((a, b) => a + b) / logits.length;
    const std = Math.sqrt(logits.reduce((a, b) => a + (b - mean) ** 2, 0) / logits.length);
    expect(std).toBeGreaterThan(2);
    expect(std).toBeLessThan(4);
  });
});
