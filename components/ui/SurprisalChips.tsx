import type { TokenScore } from '../../src/lib/sampling/surprisal';
import { describeScore, formatBits, surprisalStep } from '../../src/lib/sampling/surprisal-text';
import { makeVisible } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';

interface Props {
  pieces: readonly string[];
  scores: readonly TokenScore[];
  active: number;
  onActivate: (index: number) => void;
}

/**
 * The scored tokens as chips, shaded by how surprising each was, with the
 * bits written under each piece and every number in its title and name:
 * colour is never the only mark. One tab stop, arrow keys within.
 */
export function SurprisalChips({ pieces, scores, active, onActivate }: Props) {
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLOListElement>(
    scores.length,
    active,
    onActivate,
  );
  return (
    <ol
      class="surprisal-chips"
      aria-label="Scored tokens, shaded by surprisal"
      ref={container}
      onKeyDown={onKeyDown}
    >
      {scores.map((score, index) => {
        const piece = makeVisible(pieces[index] ?? '');
        const words = describeScore(score, index, piece);
        return (
          <li
            key={index}
            class="chip surprisal-chip"
            data-step={surprisalStep(score.probability)}
            data-index={index}
            data-active={index === active || undefined}
            tabIndex={tabIndexOf(index)}
            title={words}
            aria-label={words}
            onFocus={() => onActivate(index)}
            onMouseEnter={() => onActivate(index)}
          >
            <span class="chip-piece" aria-hidden="true">
              {piece}
            </span>
            <span class="surprisal-chip__bits" aria-hidden="true">
              {formatBits(score.bits)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
