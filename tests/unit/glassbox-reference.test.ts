import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { forwardSequence } from '../../src/lib/glassbox/model';
import { createWeights } from '../../src/lib/glassbox/weights';
import { topIds } from '../../src/lib/sampling/select';

/**
 * Numbers from tests/unit/fixtures/glassbox_reference.py: the same seeded weights
 * run through Hugging Face's Mistral forward pass, re-written in NumPy (float64).
 */
interface Reference {
  seed: number;
  ids: number[];
  firstWeights: { embed: number[]; lmHead: number[] };
  top: { id: number; logit: number }[];
  logitsAt: Record<string, number>;
  logitStd: number;
  lastAttention: number[][][];
}
const reference: Reference = JSON.parse(
  readFileSync(new URL('./fixtures/glassbox-reference.json', import.meta.url), 'utf8'),
);

describe('glass box against an independent NumPy implementation of Hugging Face’s Mistral', () => {
  const weights = createWeights(POCKET_CONFIG, reference.seed);

  it('draws the same weights from the seed (Mulberry32 in both languages)', () => {
    expect(Array.from(weights.embed.subarray(0, 4))).toEqual(reference.firstWeights.embed);
    expect(Array.from(weights.lmHead.subarray(-4))).toEqual(reference.firstWeights.lmHead);
  });

  it('gives the same logits and the same top 10 for the seed prompt through the chat template', async () => {
    const { logits } = forwardSequence(reference.ids, { weights });
    for (const [id, logit] of Object.entries(reference.logitsAt))
      expect(logits[Number(id)]).toBeCloseTo(logit, 4);
    for (const { id, logit } of reference.top) expect(logits[id]).toBeCloseTo(logit, 4);
    expect(Array.from(topIds(logits, 10))).toEqual(reference.top.map(({ id }) => id));
    const cached = await createGlassBoxEngine({ weights }).prefill(reference.ids);
    expect(Array.from(topIds(cached, 10))).toEqual(reference.top.map(({ id }) => id));
  });

  it('attends the same way: the last position’s weights in every layer and head', () => {
    const engine = createGlassBoxEngine({ weights });
    return engine.prefill(reference.ids).then(() => {
      engine.lastAttention().forEach((layer, l) =>
        layer.forEach((row, h) => {
          const expected = reference.lastAttention[l]![h]!;
          row.forEach((w, j) => expect(w).toBeCloseTo(expected[j]!, 6));
        }),
      );
    });
  });
});
