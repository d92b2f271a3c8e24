import type { StepRecord } from '../../src/lib/generation/controller';
import { formatProbability, showPiece } from '../../src/lib/generation/describe';
import { useRovingFocus } from '../hooks/useRovingFocus';

interface Props {
  steps: readonly StepRecord[];
  pieces: readonly string[];
  selected: number;
  onSelect: (index: number) => void;
}

/**
 * The reply token by token, one tab stop (arrow keys move): each chip shows
 * its piece and probability; a forced token is dashed and marked "forced" in
 * words. Choosing one shows that step's candidates below, where it can be
 * replaced or rewound to.
 */
export function ReplyTokens({ steps, pieces, selected, onSelect }: Props) {
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLOListElement>(
    steps.length,
    selected,
    onSelect,
  );
  return (
    <ol
      class="token-chips reply-tokens"
      aria-label="The reply’s tokens, one per step"
      ref={container}
      onKeyDown={onKeyDown}
    >
      {steps.map((step) => (
        <li key={step.index}>
          <button
            type="button"
            class="chip reply-token"
            data-index={step.index}
            data-forced={step.forced || undefined}
            aria-pressed={step.index === selected}
            tabIndex={tabIndexOf(step.index)}
            onClick={() => onSelect(step.index)}
          >
            <span class="reply-token__piece">{showPiece(pieces, step.id)}</span>
            <span class="reply-token__p">
              {step.forced ? 'forced' : step.probability === null ? '' : formatProbability(step.probability)}
            </span>
            <span class="visually-hidden">
              , step {step.index + 1}, id {step.id}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
