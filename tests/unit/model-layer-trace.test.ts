import { describe, expect, it } from 'vitest';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { forwardSequence } from '../../src/lib/glassbox/model';
import {
  checkTraceIds,
  glassBoxWeights,
  headGroups,
  headRowsAt,
  heatmapRows,
  logitsAt,
  stagePreview,
  topLogits,
  traceLayer,
} from '../../src/lib/model/layer-trace';

/** The seed prompt through the chat template: 20 tokens. */
const SEED_IDS = [
  1, 733, 16289, 28793, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804, 733, 28748,
  16289, 28793,
];

describe('one layer of the glass box, step by step', () => {
  const weights = glassBoxWeights();
  const reference = forwardSequence(SEED_IDS, { weights });

  it('agrees with forwardSequence: the same attention in every layer and head, the same logits', () => {
    for (let layer = 0; layer < POCKET_CONFIG.numLayers; layer++) {
      const trace = traceLayer(SEED_IDS, layer);
      trace.attention.forEach((matrix, head) => expect(matrix).toEqual(reference.attention[layer]![head]));
      expect(logitsAt(trace, SEED_IDS.length - 1)).toEqual(reference.logits);
    }
  });

  it('prints a shape at every arrow, from the embeddings to the final norm', () => {
    const trace = traceLayer(SEED_IDS, 1);
    expect(trace.stages.map((stage) => [stage.id, stage.shape])).toEqual([
      ['input', [20, 128]],
      ['input_norm', [20, 128]],
      ['q', [20, 4, 32]],
      ['k', [20, 2, 32]],
      ['v', [20, 2, 32]],
      ['q_rope', [20, 4, 32]],
      ['k_rope', [20, 2, 32]],
      ['attention', [20, 4, 32]],
      ['o_proj', [20, 128]],
      ['residual_1', [20, 128]],
      ['post_norm', [20, 128]],
      ['swiglu', [20, 448]],
      ['down_proj', [20, 128]],
      ['residual_2', [20, 128]],
      ['final_norm', [20, 128]],
    ]);
    expect(trace.stages[0]!.label).toBe('output of layer 0');
    for (const stage of trace.stages) {
      expect(stage.vectors).toHaveLength(20);
      const width = stage.shape.slice(1).reduce((a, b) => a * b, 1);
      for (const vector of stage.vectors) expect(vector).toHaveLength(width);
    }
  });

  it('records real steps: embeddings are table rows, residuals add up, RMSNorm gives unit root mean square', () => {
    const trace = traceLayer(SEED_IDS, 0);
    const stage = (id: string) => trace.stages.find((s) => s.id === id)!.vectors;
    expect(stage('input')[4]).toEqual(weights.embed.slice(2418 * 128, 2419 * 128));
    const rms = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0) / v.length);
    // Not exactly 1: the epsilon (1e-5) inside the root is not small next to a small embedding's mean square.
    expect(rms(stage('input_norm')[4]!)).toBeCloseTo(1, 3);
    for (let i = 0; i < 128; i++) {
      expect(stage('residual_1')[4]![i]).toBeCloseTo(stage('input')[4]![i]! + stage('o_proj')[4]![i]!, 5);
      expect(stage('residual_2')[4]![i]).toBeCloseTo(
        stage('residual_1')[4]![i]! + stage('down_proj')[4]![i]!,
        5,
      );
    }
    // Position 0 is not rotated; later positions are.
    expect(stage('q_rope')[0]).toEqual(stage('q')[0]);
    expect(stage('q_rope')[3]).not.toEqual(stage('q')[3]);
  });

  it('previews a head’s own slice for per-head stages', () => {
    const trace = traceLayer(SEED_IDS, 0);
    const k = trace.stages.find((s) => s.id === 'k')!;
    // Query head 3 reads key/value head 1: values 32..63 of k.
    expect(stagePreview(k, 5, 3, POCKET_CONFIG)).toEqual({
      values: Array.from(k.vectors[5]!.subarray(32, 38)),
      from: 32,
      width: 32,
    });
    const swiglu = trace.stages.find((s) => s.id === 'swiglu')!;
    expect(stagePreview(swiglu, 5, 3, POCKET_CONFIG)).toMatchObject({ from: 0, width: 448 });
  });

  it('finds the best logits', () => {
    expect(topLogits(Float32Array.of(0.5, 3, -1, 2, 3.5), 3)).toEqual([
      { id: 4, logit: 3.5 },
      { id: 1, logit: 3 },
      { id: 3, logit: 2 },
    ]);
  });

  it('refuses ids outside the vocabulary and layers that do not exist, in words', () => {
    expect(checkTraceIds([])).toBe('The prompt needs at least one token.');
    expect(checkTraceIds([1, 32000])).toBe('Token id 32000 is outside the vocabulary (0 to 31,999).');
    expect(() => traceLayer([1, 2], 6)).toThrow('The model has layers 0 to 5; there is no layer 6.');
    expect(checkTraceIds(Array.from({ length: 257 }, () => 1))).toBe(
      'The model holds 256 positions; this text has 257 tokens.',
    );
  });
});

describe('the attention heatmap data', () => {
  const trace = traceLayer(SEED_IDS, 0);
  /** 80 tokens: longer than the window of 64, so early keys fall out of view. */
  const long = traceLayer([...SEED_IDS, ...SEED_IDS, ...SEED_IDS, ...SEED_IDS], 0);

  it('is causal, row-normalised and respects the sliding window of 64, for every head', () => {
    expect(POCKET_CONFIG.slidingWindow).toBe(64);
    for (let head = 0; head < POCKET_CONFIG.numAttentionHeads; head++) {
      const rows = heatmapRows(long, head);
      expect(rows).toHaveLength(80);
      rows.forEach((row, query) => {
        const sum = row.reduce((total, cell) => total + cell.weight, 0);
        expect(sum).toBeCloseTo(1, 5);
        for (const cell of row) {
          if (cell.key > query) expect(cell).toEqual({ key: cell.key, weight: 0, state: 'future' });
          else if (query - cell.key >= 64)
            expect(cell).toEqual({ key: cell.key, weight: 0, state: 'window' });
          else {
            expect(cell.state).toBe('seen');
            expect(cell.weight).toBeGreaterThan(0);
          }
        }
        expect(row.filter((cell) => cell.state === 'seen')).toHaveLength(Math.min(query + 1, 64));
      });
      // 80 x 79 / 2 = 3,160 later positions; outside the window: 1 + 2 + ... + 16 = 136 cells.
      expect(rows.flat().filter((cell) => cell.state === 'future')).toHaveLength(3160);
      expect(rows.flat().filter((cell) => cell.state === 'window')).toHaveLength(136);
    }
    // The first token can only attend to itself.
    expect(heatmapRows(trace, 0)[0]![0]!.weight).toBe(1);
  });

  it('differs from head to head, and pairs query heads over key/value heads', () => {
    expect(heatmapRows(trace, 0)).not.toEqual(heatmapRows(trace, 1));
    expect(headGroups(POCKET_CONFIG)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('lines up one position’s row in every head, grouped by key/value head', () => {
    const rows = headRowsAt(trace, 12);
    expect(rows.map((row) => [row.head, row.kvHead])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 1],
    ]);
    rows.forEach((row) => expect(row.cells).toEqual(heatmapRows(trace, row.head)[12]));
  });
});
