import type { SamplingField } from '../../src/lib/sampling/settings';
import type { Candidate, SamplingStep } from '../../src/lib/sampling/pipeline';
import type { SamplingInput } from '../../src/lib/generation/store';
import { CandidateBars } from './CandidateBars';
import { DrawLine } from './DrawLine';
import { DrawSliders } from './DrawSliders';
import './draw-figure.css';

interface Props {
  idPrefix: string;
  /** The pipeline's whole result for the token on screen. */
  step: SamplingStep;
  /** The rows the bars show, best first (the pick among them). */
  candidates: readonly Candidate[];
  pieces: readonly string[];
  /** The token appended (the pick). */
  appendedId: number;
  vocabSize: number;
  /** The settings as typed, their messages, and where a slider writes. */
  input: SamplingInput;
  errors: Partial<Record<SamplingField, string>>;
  onChange: (field: SamplingField, value: string) => void;
}

/**
 * One token's picture: the sliders for temperature, top-k and top-p beside
 * the bars (every candidate's final probability on one 0–100% scale) and
 * the draw line under them (the survivors end to end, and where the random
 * number fell). Side by side in a wide panel; on a phone the sliders come
 * first and stay in reach at the top of the screen while the bars scroll.
 */
export function DrawFigure({
  idPrefix,
  step,
  candidates,
  pieces,
  appendedId,
  vocabSize,
  input,
  errors,
  onChange,
}: Props) {
  return (
    <div class="draw-figure">
      <div class="draw-figure__grid">
        <DrawSliders idPrefix={idPrefix} input={input} errors={errors} onChange={onChange} />
        <div class="draw-figure__chart">
          <CandidateBars
            candidates={candidates}
            pieces={pieces}
            appendedId={appendedId}
            vocabSize={vocabSize}
          />
          <DrawLine step={step} candidates={candidates} pieces={pieces} />
        </div>
      </div>
    </div>
  );
}
