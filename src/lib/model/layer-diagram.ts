/**
 * The decoder layer as the chapter 7 walk-through draws it: the steps in the
 * order the glass box computes them (src/lib/glassbox/model.ts), then the
 * model's final norm and `lm_head`; where each block sits in the diagram;
 * and the shape of what each step hands on, for the pocket model and for
 * Mistral-7B, for a prompt of `tokens` tokens.
 */
import type { StageId } from '../glassbox/model';
import type { MistralConfig } from './mistral-config';

/** A step of the walk-through: a stage the trace records, or the output head after it. */
export type WalkStep = StageId | 'lm_head';

/** Every step, in the order the forward pass takes them. */
export const WALK_STEPS: readonly WalkStep[] = Object.freeze([
  'input',
  'input_norm',
  'q',
  'k',
  'v',
  'q_rope',
  'k_rope',
  'attention',
  'o_proj',
  'residual_1',
  'post_norm',
  'swiglu',
  'down_proj',
  'residual_2',
  'final_norm',
  'lm_head',
]);

export interface DiagramBlock {
  step: WalkStep;
  /** The block's words in the drawing (short: the drawing is phone-sized). */
  text: string;
  /** Its row, top to bottom, and its lane: 0 the main column; -1, 0, 1 the q, k, v branches. */
  row: number;
  lane: -1 | 0 | 1;
  /** A residual add is drawn as a circle with a plus. */
  kind: 'block' | 'add';
}

/** The blocks, row by row; `inLayer` is false for the two after the last layer. */
export function diagramBlocks(layer: number): (DiagramBlock & { inLayer: boolean })[] {
  const block = (
    step: WalkStep,
    text: string,
    row: number,
    lane: -1 | 0 | 1 = 0,
    kind: 'block' | 'add' = 'block',
  ) => ({
    step,
    text,
    row,
    lane,
    kind,
    inLayer: step !== 'final_norm' && step !== 'lm_head',
  });
  return [
    block('input', layer === 0 ? 'embed_tokens' : `layer ${layer - 1}’s output`, 0),
    block('input_norm', 'RMSNorm', 1),
    block('q', 'q_proj', 2, -1),
    block('k', 'k_proj', 2, 0),
    block('v', 'v_proj', 2, 1),
    block('q_rope', 'RoPE', 3, -1),
    block('k_rope', 'RoPE', 3, 0),
    block('attention', 'grouped-query attention', 4),
    block('o_proj', 'o_proj', 5),
    block('residual_1', '+', 6, 0, 'add'),
    block('post_norm', 'RMSNorm', 7),
    block('swiglu', 'SwiGLU (gate, up, SiLU)', 8),
    block('down_proj', 'down_proj', 9),
    block('residual_2', '+', 10, 0, 'add'),
    block('final_norm', 'norm (after the last layer)', 11),
    block('lm_head', 'lm_head', 12),
  ];
}

/** The shape of what a step hands on, `[tokens, ...]`, without the batch dimension. */
export function stepShape(step: WalkStep, config: Readonly<MistralConfig>, tokens: number): number[] {
  switch (step) {
    case 'q':
    case 'q_rope':
    case 'attention':
      return [tokens, config.numAttentionHeads, config.headDim];
    case 'k':
    case 'v':
    case 'k_rope':
      return [tokens, config.numKeyValueHeads, config.headDim];
    case 'swiglu':
      return [tokens, config.intermediateSize];
    case 'lm_head':
      return [tokens, config.vocabSize];
    default:
      return [tokens, config.hiddenSize];
  }
}

/** `[20, 4,096]`. */
export const formatShape = (shape: readonly number[]) =>
  `[${shape.map((d) => d.toLocaleString('en')).join(', ')}]`;

/**
 * The lines beside a diagram row: the pocket model's shape, then Mistral-7B's
 * for the same prompt. The q/k/v and RoPE rows hold two shapes (queries, and
 * keys and values), one line each.
 */
export function rowShapeLines(
  row: number,
  pocket: Readonly<MistralConfig>,
  mistral: Readonly<MistralConfig>,
  tokens: number,
  layer = 0,
): string[] {
  const steps = diagramBlocks(layer)
    .filter((block) => block.row === row)
    .map((block) => block.step);
  const both = (step: WalkStep) =>
    `${formatShape(stepShape(step, pocket, tokens))} · 7B ${formatShape(stepShape(step, mistral, tokens))}`;
  if (steps.includes('q')) return [`q ${both('q')}`, `k, v ${both('k')}`];
  if (steps.includes('q_rope')) return [`q ${both('q_rope')}`, `k ${both('k_rope')}`];
  return steps.length > 0 ? [both(steps[0]!)] : [];
}

/** The step before or after `step` (staying at the ends). */
export function neighbourStep(step: WalkStep, direction: -1 | 1): WalkStep {
  const index = WALK_STEPS.indexOf(step);
  return WALK_STEPS[Math.min(WALK_STEPS.length - 1, Math.max(0, index + direction))]!;
}
