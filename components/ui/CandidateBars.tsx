import type { Candidate } from '../../src/lib/sampling/pipeline';
import { formatProbability, removalLabel, showPiece } from '../../src/lib/generation/describe';

interface Props {
  candidates: readonly Candidate[];
  pieces: readonly string[];
  /** The token appended (the pick, or the one the reader forced). */
  appendedId: number;
  /** Entries in the vocabulary: with it, a last bar holds every token not shown, together. */
  vocabSize?: number;
}

/**
 * The candidates' final probabilities as bars on one absolute scale: a full
 * track is 100%, so a sure pick fills it and a flat distribution barely
 * starts it, whatever the temperature. The tokens not shown share a last bar.
 * Removed tokens have no bar and say which stage removed them, in words; the
 * pick is outlined and labelled. The table twin below carries the same
 * numbers for screen readers, so this drawing is one image to them.
 */
export function CandidateBars({ candidates, pieces, appendedId, vocabSize }: Props) {
  const shown = candidates.reduce((sum, candidate) => sum + candidate.final, 0);
  const others = vocabSize === undefined ? 0 : vocabSize - candidates.length;
  // What the shown rows leave, never below 0 (their sum can pass 1 by a rounding hair).
  const rest = Math.max(0, 1 - shown);
  const bar = (share: number) =>
    share > 0 && <span class="candidate-bars__bar" style={{ width: `${(100 * share).toFixed(1)}%` }} />;
  return (
    <div
      class="candidate-bars"
      role="img"
      aria-label={`Bar chart of the ${candidates.length} best candidates’ final probabilities, from 0 to 100%${others > 0 ? `, and the other ${others.toLocaleString('en')} tokens together` : ''}; the table below has the same numbers.`}
    >
      {candidates.map((candidate) => (
        <div
          class="candidate-bars__row"
          key={candidate.id}
          data-removed={candidate.removedBy ?? undefined}
          data-picked={candidate.id === appendedId || undefined}
        >
          <span class="candidate-bars__label">{showPiece(pieces, candidate.id)}</span>
          <span class="candidate-bars__track">{bar(candidate.final)}</span>
          <span class="candidate-bars__value">
            {candidate.removedBy ? removalLabel(candidate.removedBy) : formatProbability(candidate.final)}
            {candidate.id === appendedId && ' ← picked'}
          </span>
        </div>
      ))}
      {others > 0 && (
        <div
          class="candidate-bars__row candidate-bars__row--others"
          data-removed={rest > 0 ? undefined : 'all'}
        >
          <span class="candidate-bars__label">other {others.toLocaleString('en')}</span>
          <span class="candidate-bars__track">{bar(rest)}</span>
          <span class="candidate-bars__value">{formatProbability(rest)} together</span>
        </div>
      )}
    </div>
  );
}
