import { useEffect, useRef } from 'preact/hooks';
import type { LayerTrace, TraceStage } from '../../src/lib/model/layer-trace';
import { formatShape, type WalkStep } from '../../src/lib/model/layer-diagram';
import type { TokenNames } from '../../src/lib/model/layer-tokens';
import { kvHeadOf } from '../../src/lib/glassbox/config';
import { LmHeadCandidates, type PiecesOffer } from './LayerCandidates';
import { VectorStrip } from './VectorStrip';

interface Props {
  names: TokenNames;
  trace: LayerTrace;
  position: number;
  head: number;
  logits: Float32Array;
  /** The walk-through’s current step: marked, and its strip readable number by number. */
  current: WalkStep;
  onStep: (step: WalkStep) => void;
  /** Changes when the reader jumped to a step (a diagram block, a heatmap cell): the list scrolls it into view. */
  jump: number;
  /** How the output head’s ids become pieces (the vocabulary loads on demand). */
  pieces: PiecesOffer;
}

/** The head slice a per-head step shows outlined: the chosen query head, or the key/value head it reads. */
function headOf(stage: TraceStage, head: number, trace: LayerTrace) {
  if (stage.headSlice === 'none') return undefined;
  const { headDim } = trace.config;
  const slot = stage.headSlice === 'query' ? head : kvHeadOf(head, trace.config);
  const label = stage.headSlice === 'query' ? `Head ${head}` : `Key/value head ${slot}`;
  return { from: slot * headDim, to: (slot + 1) * headDim, label };
}

function StepTitle({
  step,
  current,
  onStep,
  text,
  shape,
}: {
  step: WalkStep;
  current: boolean;
  onStep: (s: WalkStep) => void;
  text: string;
  shape: string;
}) {
  return (
    <button
      type="button"
      class="layer-stage__pick"
      aria-current={current ? 'step' : undefined}
      onClick={() => onStep(step)}
    >
      <code>{text}</code> <span class="layer-stage__shape">{shape}</span>
    </button>
  );
}

/**
 * The layer as a column of steps: the module that acts, its formula, the
 * shape of what comes out (the whole prompt), and the vector at the chosen
 * position as a colour strip with its text twin; then the output head’s
 * best next tokens. The current step is marked and its strip is readable cell by cell.
 */
export function LayerStages({ trace, position, head, logits, names, current, onStep, jump, pieces }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // `auto` follows the page's scroll-behavior, which is instant for readers who ask for less motion.
    if (jump > 0)
      list.current?.querySelector('[data-current]')?.scrollIntoView({ block: 'nearest', behavior: 'auto' });
  }, [jump]);
  const { config } = trace;
  const n = trace.ids.length;
  return (
    <div class="layer-stages-column">
      <p class="layer-strip-legend">
        Each strip is the chosen token’s vector after that step, one cell per number, 64 to a line:{' '}
        <span class="layer-strip-legend__scale" aria-hidden="true" /> orange below zero, blue above, the
        stronger the colour against the page the further from zero, up to the largest number in that vector
        (its ±scale is written under it). No single number means a word; the pattern and the size do: just
        after an RMSNorm the root mean square is near 1 (times the learned gains), while the residual stream
        grows as each layer adds to it. The chosen head’s numbers are underlined.
      </p>
      <ol
        ref={list}
        class="layer-stages"
        aria-label={`Layer ${trace.layer}, step by step, at position ${position}`}
      >
        {trace.stages.map((stage) => (
          <li
            key={stage.id}
            class="layer-stage"
            data-stage={stage.id}
            data-current={stage.id === current || undefined}
          >
            <StepTitle
              step={stage.id}
              current={stage.id === current}
              onStep={onStep}
              text={stage.label}
              shape={formatShape(stage.shape)}
            />
            <span class="layer-stage__formula">{stage.formula}</span>
            <VectorStrip
              values={stage.vectors[position]!}
              name={`${stage.label} at position ${position}`}
              head={headOf(stage, head, trace)}
              groupEvery={stage.headSlice === 'none' ? undefined : config.headDim}
              interactive={stage.id === current}
            />
          </li>
        ))}
        <li class="layer-stage" data-stage="lm_head" data-current={current === 'lm_head' || undefined}>
          <StepTitle
            step="lm_head"
            current={current === 'lm_head'}
            onStep={onStep}
            text="lm_head"
            shape={formatShape([n, config.vocabSize])}
          />
          <span class="layer-stage__formula">
            one score (logit) per token id, W_head · x; softmax turns them into probabilities
          </span>
          <LmHeadCandidates logits={logits} names={names} position={position} pieces={pieces} />
        </li>
      </ol>
    </div>
  );
}
