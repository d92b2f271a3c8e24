import { useRef } from 'preact/hooks';
import { CandidateTable } from './CandidateTable';
import { StageSummary } from './StageSummary';
import type { StepRecord } from '../../src/lib/generation/controller';
import { describeStep } from '../../src/lib/generation/describe';
import { penaltiesOn } from '../../src/lib/sampling/settings';

interface Props {
  step: StepRecord;
  pieces: readonly string[];
  onRewind: (keep: number) => void;
  onForce: (index: number, id: number) => void;
  /** Entries in the vocabulary, where the stage list starts (left out when not given). */
  vocabSize?: number;
}

/** One step of the loop up close: what was picked and how, a way back to it, and its candidates to force. */
export function StepDetail({ step, pieces, onRewind, onForce, vocabSize }: Props) {
  const summary = useRef<HTMLParagraphElement>(null);
  // Forcing replaces the button that was pressed (the forced token's row has none), so focus would fall to
  // the page; it goes to the sentence that says what was forced instead, which stays.
  const force = (id: number) => {
    summary.current?.focus();
    onForce(step.index, id);
  };
  return (
    <div class="step-detail">
      <p ref={summary} tabIndex={-1} class="step-detail__summary">
        {describeStep(step, pieces)}{' '}
        <button type="button" class="button button--secondary" onClick={() => onRewind(step.index)}>
          Go back to before step {step.index + 1}
        </button>
      </p>
      <StageSummary stages={step.stages} vocabSize={vocabSize} />
      <CandidateTable
        caption={`Step ${step.index + 1}: the best candidates; choose one to use it instead`}
        candidates={step.candidates}
        pieces={pieces}
        appendedId={step.id}
        appendedLabel={step.forced ? 'forced' : 'picked'}
        onForce={force}
        penalized={penaltiesOn(step.settings)}
      />
    </div>
  );
}
