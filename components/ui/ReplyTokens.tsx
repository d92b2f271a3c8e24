import type { StepRecord } from '../../src/lib/generation/controller';
import { formatProbability, showPiece } from '../../src/lib/generation/describe';
import { surprisalStep } from '../../src/lib/sampling/surprisal-text';
import { kindOfPiece, showTokenText } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';
import { ProbabilityLegend } from './ProbabilityLegend';
import { TokenChip } from './TokenChip';

interface Props {
  steps: readonly StepRecord[];
  pieces: readonly string[];
  selected: number;
  onSelect: (index: number) => void;
}

/** A piece as every chip shows it (spaces as ▁); ids past the vocabulary's pieces keep showPiece's words. */
const shown = (pieces: readonly string[], id: number) =>
  id < pieces.length ? showTokenText(pieces[id]!) : showPiece(pieces, id);

/**
 * The reply token by token, one tab stop (arrow keys move): each TokenChip
 * shows its piece and the probability the model gave it, and is shaded on
 * the probability scale (the legend above says which shade is which); a
 * forced token is dashed and marked "forced" in words. Choosing one shows
 * that step's candidates below, where it can be replaced or rewound to.
 */
export function ReplyTokens({ steps, pieces, selected, onSelect }: Props) {
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLOListElement>(
    steps.length,
    selected,
    onSelect,
  );
  return (
    <>
      {steps.length > 0 && (
        <ProbabilityLegend label="Each token shaded by the probability the model gave it" />
      )}
      <ol
        class="token-chips reply-tokens"
        aria-label="The reply’s tokens, one per step"
        ref={container}
        onKeyDown={onKeyDown}
      >
        {steps.map((step) => {
          const text = shown(pieces, step.id);
          const p = step.probability === null ? null : formatProbability(step.probability);
          return (
            <li key={step.index}>
              <TokenChip
                as="button"
                kind={kindOfPiece(pieces[step.id] ?? '')}
                text={text}
                note={step.forced ? 'forced' : (p ?? '')}
                step={step.probability === null ? undefined : surprisalStep(step.probability)}
                class="reply-token"
                textClass="reply-token__piece"
                noteClass="reply-token__p"
                title={`Step ${step.index + 1}: ${text}, ${p === null ? 'probability unknown' : `probability ${p}`}${step.forced ? ', forced' : ''}`}
                data-index={step.index}
                data-forced={step.forced || undefined}
                aria-pressed={step.index === selected}
                tabIndex={tabIndexOf(step.index)}
                onClick={() => onSelect(step.index)}
              >
                <span class="visually-hidden">
                  , step {step.index + 1}
                  {step.forced && p !== null ? `, probability ${p}` : ''}, id {step.id}
                </span>
              </TokenChip>
            </li>
          );
        })}
      </ol>
    </>
  );
}
