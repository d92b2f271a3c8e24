import { SEED_SAMPLING } from '../../src/lib/sampling/settings';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { createGenerationController } from '../../src/lib/generation/controller';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { forwardSequence } from '../../src/lib/glassbox/model';
import { parseSafetensors } from '../../src/lib/pocket/safetensors';
import { pocketWeights } from '../../src/lib/pocket/weights';
import { topIds } from '../../src/lib/sampling/select';

/**
 * The shipped weights through the site's one forward pass, against PyTorch
 * (training/pocket/export.py ran the trainer's own model on the same int8
 * weights, dequantised, in float64, and wrote these logits).
 */
interface Reference {
  step: number;
  prompts: {
    label: string;
    ids: number[];
    top: { id: number; logit: number }[];
    logitsAt: Record<string, number>;
    maxQuantisationShift: number;
    topUnquantised: number[];
  }[];
  heldoutSubset: Record<string, { tokens: number; perplexity: number; unquantised: number }>;
}
const reference: Reference = JSON.parse(
  readFileSync(new URL('./fixtures/pocket-reference.json', import.meta.url), 'utf8'),
);
const file = readFileSync(new URL('../../public/models/pocket/model.safetensors', import.meta.url));
const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
const weights = pocketWeights(buffer);

describe('the pocket model’s weights', () => {
  it('fit the architecture: one row per used id plus one shared row, tied head, int8 matrices', () => {
    const parsed = parseSafetensors(buffer);
    expect(parsed.tensors.get('model.embed_tokens.weight')!.dtype).toBe('I8');
    expect(parsed.tensors.get('model.layers.0.mlp.gate_proj.weight')!.shape).toEqual([448, 128]);
    expect(parsed.tensors.has('lm_head.weight')).toBe(false);
    expect(weights.lmHead).toBe(weights.embed);
    const used = parsed.tensors.get('vocab.used_ids')!.shape[0]!;
    expect(weights.rows).toBe(used + 1);
    // <unk>, <s>, </s> and the 256 byte tokens always have rows; most of the 32,000 ids do.
    expect(used).toBeGreaterThan(15_000);
    expect(used).toBeLessThan(32_000);
    expect([0, 1, 2, 3, 258].map((id) => weights.rowOfId![id])).toEqual([0, 1, 2, 3, 258]);
  });

  it('gives PyTorch’s logits and top 10 for every reference prompt, through the same forward pass the chapters run', async () => {
    for (const prompt of reference.prompts) {
      const { logits } = forwardSequence(prompt.ids, { weights });
      expect(logits).toHaveLength(POCKET_CONFIG.vocabSize);
      expect(Array.from(topIds(logits, 10)), prompt.label).toEqual(prompt.top.map(({ id }) => id));
      for (const { id, logit } of prompt.top)
        expect(Math.abs(logits[id]! - logit), prompt.label).toBeLessThan(2e-3);
      for (const [id, logit] of Object.entries(prompt.logitsAt))
        expect(Math.abs(logits[Number(id)]! - logit), `${prompt.label}, id ${id}`).toBeLessThan(2e-3);
      const cached = await createGlassBoxEngine({ weights, identity: 'pocket' }).prefill(prompt.ids);
      expect(Array.from(topIds(cached, 10))).toEqual(prompt.top.map(({ id }) => id));
    }
  });

  it('lost little to int8: the best token survives it, and held-out perplexity moves by under 1%', () => {
    for (const prompt of reference.prompts)
      expect(prompt.topUnquantised[0], prompt.label).toBe(prompt.top[0]!.id);
    const sources = Object.entries(reference.heldoutSubset);
    expect(sources.length).toBe(6);
    for (const [source, { perplexity, unquantised, tokens }] of sources) {
      expect(tokens, source).toBeGreaterThan(1000);
      expect(Math.abs(perplexity / unquantised - 1), source).toBeLessThan(0.01);
    }
  });

  it('scores every id: ids the corpus never used share one row, and so one logit', () => {
    const { logits } = forwardSequence([1], { weights });
    const shared = weights.rows - 1;
    const unused = Array.from(weights.rowOfId!.entries())
      .filter(([, row]) => row === shared)
      .map(([id]) => id);
    expect(unused.length).toBeGreaterThan(0);
    expect(new Set(unused.map((id) => logits[id])).size).toBe(1);
  });
});

describe('the pocket model answering the seed question', () => {
  it('at temperature 0 starts with ▁Dear (22143), as Mistral-7B did, and ends with </s> within 200 tokens', async () => {
    const controller = createGenerationController({
      engine: createGlassBoxEngine({ weights, identity: 'pocket' }),
      prompt: SEED_PROMPT_IDS,
      settings: { ...SEED_SAMPLING, temperature: 0, topK: 50, topP: 1, seed: 1 },
      maxNewTokens: 200,
      betweenSteps: async () => {},
    });
    await controller.play();
    const { steps, ended } = controller.view();
    expect(steps[0]!.id).toBe(22143);
    expect(ended?.reason).toBe('end-of-text');
    expect(steps.at(-1)!.id).toBe(2);
    expect(steps.length).toBeLessThanOrEqual(200);
  });
});

describe('a damaged weights file', () => {
  it('is refused with a message, never half read', () => {
    expect(() => pocketWeights(buffer.slice(0, 4))).toThrow(/damaged or incomplete: it has 4 bytes/);
    expect(() => pocketWeights(buffer.slice(0, buffer.byteLength - 1000))).toThrow(
      /does not fit in the file/,
    );
    const html = new TextEncoder().encode('<!doctype html><title>Not found</title>').buffer;
    expect(() => pocketWeights(html)).toThrow(/damaged or incomplete/);
  });

  it('of another shape is refused, naming the tensor', () => {
    const wider = { ...POCKET_CONFIG, hiddenSize: 256 };
    expect(() => pocketWeights(buffer, wider)).toThrow(
      /model.embed_tokens.weight is \d+ × 128, the config wants \d+ × 256/,
    );
  });
});
