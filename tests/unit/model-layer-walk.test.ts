import { describe, expect, it } from 'vitest';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import {
  diagramBlocks,
  formatShape,
  neighbourStep,
  rowShapeLines,
  stepShape,
  WALK_STEPS,
} from '../../src/lib/model/layer-diagram';
import {
  gridMove,
  labelOfPiece,
  promptText,
  tokenNames,
  topProbabilities,
} from '../../src/lib/model/layer-tokens';
import { traceLayer } from '../../src/lib/model/layer-trace';
import { MISTRAL_7B } from '../../src/lib/model/mistral-config';
import {
  describeVector,
  divergingLevel,
  levelColour,
  stripLines,
  summarizeVector,
} from '../../src/lib/model/vector-strip';

describe('the layer diagram', () => {
  it('has one block per step, in the order the trace records them, then lm_head', () => {
    const trace = traceLayer(SEED_PROMPT_IDS, 2);
    expect(WALK_STEPS).toEqual([...trace.stages.map((stage) => stage.id), 'lm_head']);
    expect(diagramBlocks(2).map((block) => block.step)).toEqual(WALK_STEPS);
    expect(diagramBlocks(0)[0]!.text).toBe('embed_tokens');
    expect(diagramBlocks(3)[0]!.text).toBe('layer 2’s output');
    // Rows never go back up: the drawing reads top to bottom.
    const rows = diagramBlocks(0).map((block) => block.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it('gives the pocket model’s shapes as the trace has them, and Mistral-7B’s from its config', () => {
    const trace = traceLayer(SEED_PROMPT_IDS, 0);
    for (const stage of trace.stages) expect(stepShape(stage.id, POCKET_CONFIG, 20)).toEqual(stage.shape);
    // Mistral-7B: 32 query heads of 128, 8 key/value heads, MLP 14,336 wide, 32,000 logits (DESIGN.md).
    expect(formatShape(stepShape('q', MISTRAL_7B, 20))).toBe('[20, 32, 128]');
    expect(formatShape(stepShape('v', MISTRAL_7B, 20))).toBe('[20, 8, 128]');
    expect(formatShape(stepShape('swiglu', MISTRAL_7B, 20))).toBe('[20, 14,336]');
    expect(formatShape(stepShape('lm_head', MISTRAL_7B, 7))).toBe('[7, 32,000]');
    expect(rowShapeLines(2, POCKET_CONFIG, MISTRAL_7B, 20)).toEqual([
      'q [20, 4, 32] · 7B [20, 32, 128]',
      'k, v [20, 2, 32] · 7B [20, 8, 128]',
    ]);
    expect(rowShapeLines(0, POCKET_CONFIG, MISTRAL_7B, 5)).toEqual(['[5, 128] · 7B [5, 4,096]']);
  });

  it('steps forward and back, staying at the ends', () => {
    expect(neighbourStep('input', -1)).toBe('input');
    expect(neighbourStep('input', 1)).toBe('input_norm');
    expect(neighbourStep('final_norm', 1)).toBe('lm_head');
    expect(neighbourStep('lm_head', 1)).toBe('lm_head');
  });
});

describe('a vector as a colour strip', () => {
  it('summarizes a vector by hand arithmetic', () => {
    // [3, -4]: length 5, root mean square 5 / √2.
    const s = summarizeVector([3, -4]);
    expect(s).toMatchObject({ width: 2, min: -4, max: 3, maxAbs: 4, norm: 5 });
    expect(s.rms).toBeCloseTo(5 / Math.SQRT2, 12);
    expect(summarizeVector([])).toMatchObject({ width: 0, norm: 0 });
    // 9 + 16 + 0.25 + 0 + 1 = 26.25: length √26.25 = 5.123, root mean square √(26.25 / 5) = 2.291.
    expect(describeVector([3, -4, 0.5, 0, 1], 3)).toBe(
      '5 numbers from −4.000 to 3.000; length 5.12, root mean square 2.291; first 3: 3.000, −4.000, 0.500',
    );
  });

  it('places values on a diverging scale and colours them theme-aware', () => {
    expect(divergingLevel(-2, 4)).toBe(-0.5);
    expect(divergingLevel(4, 4)).toBe(1);
    expect(divergingLevel(9, 4)).toBe(1);
    expect(divergingLevel(1, 0)).toBe(0);
    expect(levelColour(-0.5)).toBe('color-mix(in srgb, var(--strip-negative) 50%, var(--color-bg))');
    expect(levelColour(0)).toBe('color-mix(in srgb, var(--strip-positive) 0%, var(--color-bg))');
    expect(stripLines(128)).toEqual([
      { from: 0, to: 64 },
      { from: 64, to: 128 },
    ]);
    expect(stripLines(448)).toHaveLength(7);
    expect(stripLines(40)).toEqual([{ from: 0, to: 40 }]);
  });
});

describe('naming tokens', () => {
  it('uses the seed’s pieces, then what the tokenizer said, then the whole vocabulary', () => {
    const seedOnly = tokenNames(new Map(), null);
    expect(seedOnly.piece(2418)).toBe('▁Can');
    expect(seedOnly.label(2418)).toBe('Can');
    expect(seedOnly.piece(22143)).toBeNull();
    expect(seedOnly.label(22143)).toBe('#22143');
    expect(promptText(SEED_PROMPT_IDS, seedOnly)).toBe(
      '<s> [INST] Can you write an email explaining what an LLM is? [/INST]',
    );
    expect(promptText([1, 22143], seedOnly)).toBeNull();
    const known = tokenNames(new Map([[22143, '▁Dear']]), null);
    expect(known.label(22143)).toBe('Dear');
    const vocabulary = Array.from({ length: 30000 }, (_, id) => `p${id}`);
    vocabulary[28705] = '▁';
    const full = tokenNames(new Map(), vocabulary);
    expect(full.label(28705)).toBe('▁');
    expect(full.piece(5)).toBe('p5');
    expect(labelOfPiece('<0x0A>')).toBe('<0x0A>');
  });

  it('turns logits into probabilities: softmax of [0, ln 3] is 1/4, 3/4', () => {
    const best = topProbabilities([0, Math.log(3), -Infinity], 2);
    expect(best.map((entry) => entry.id)).toEqual([1, 0]);
    expect(best[0]!.probability).toBeCloseTo(0.75, 12);
    expect(best[1]!.probability).toBeCloseTo(0.25, 12);
  });

  it('moves in the heatmap grid with arrows, Home and End', () => {
    expect(gridMove({ query: 3, key: 1 }, 'ArrowRight', 5)).toEqual({ query: 3, key: 2 });
    expect(gridMove({ query: 4, key: 4 }, 'ArrowDown', 5)).toEqual({ query: 4, key: 4 });
    expect(gridMove({ query: 0, key: 0 }, 'ArrowUp', 5)).toEqual({ query: 0, key: 0 });
    expect(gridMove({ query: 3, key: 1 }, 'End', 5)).toEqual({ query: 3, key: 3 });
    expect(gridMove({ query: 3, key: 1 }, 'Home', 5)).toEqual({ query: 3, key: 0 });
    expect(gridMove({ query: 3, key: 1 }, 'a', 5)).toBeNull();
  });
});
