import type { TokenScore } from '../../src/lib/sampling/surprisal';
import { describeScore, formatBits, surprisalStep } from '../../src/lib/sampling/surprisal-text';
import { kindOfPiece, showTokenText } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';
import { TokenChip } from './TokenChip';

interface Props {
  pieces: readonly string[];
  scores: readonly TokenScore[];
  active: number;
  onActivate: (index: number) => void;
}

/**
 * The scored tokens as TokenChips, shaded on the probability scale by how
 * surprising each was, with the bits written under each piece and every
 * number in its title and name: colour is never the only mark. One tab stop,
 * arrow keys within.
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
        const raw = pieces[index] ?? '';
        const piece = showTokenText(raw);
        const words = describeScore(score, index, piece);
        return (
          <TokenChip
            key={index}
            kind={kindOfPiece(raw)}
            text={piece}
            note={formatBits(score.bits)}
            noteClass="surprisal-chip__bits"
            step={surprisalStep(score.probability)}
            class="surprisal-chip"
            data-index={index}
            active={index === active}
            tabIndex={tabIndexOf(index)}
            title={words}
            aria-label={words}
            onFocus={() => onActivate(index)}
            onMouseEnter={() => onActivate(index)}
          />
        );
      })}
    </ol>
  );
}
