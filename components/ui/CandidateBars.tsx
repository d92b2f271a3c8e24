import type { Candidate } from '../../src/lib/sampling/pipeline';
import { formatProbability, removalLabel, showPiece } from '../../src/lib/generation/describe';

interface Props {
  candidates: readonly Candidate[];
  pieces: readonly string[];
  /** The token appended (the pick, or the one the reader forced). */
  appendedId: number;
}

/**
 * The candidates' final probabilities as bars, the longest for the most
 * likely. Removed tokens have no bar and say which stage removed them, in
 * words; the pick is outlined and labelled. The table twin below carries the
 * same numbers for screen readers, so this drawing is one image to them.
 */
export function CandidateBars({ candidates, pieces, appendedId }: Props) {
  const top = Math.max(...candidates.map((candidate) => candidate.final));
  return (
    <div
      class="candidate-bars"
      role="img"
      aria-label={`Bar chart of the ${candidates.length} best candidates’ final probabilities; the table below has the same numbers.`}
    >
      {candidates.map((candidate) => (
        <div
          class="candidate-bars__row"
          key={candidate.id}
          data-removed={candidate.removedBy ?? undefined}
          data-picked={candidate.id === appendedId || undefined}
        >
          <span class="candidate-bars__label">{showPiece(pieces, candidate.id)}</span>
          <span class="candidate-bars__track">
            {candidate.final > 0 && (
              <span
                class="candidate-bars__bar"
                style={{ width: `${((100 * candidate.final) / top).toFixed(1)}%` }}
              />
            )}
          </span>
          <span class="candidate-bars__value">
            {candidate.removedBy ? removalLabel(candidate.removedBy) : formatProbability(candidate.final)}
            {candidate.id === appendedId && ' ← picked'}
          </span>
        </div>
      ))}
    </div>
  );
}
