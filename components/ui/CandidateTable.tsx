import { useState } from 'preact/hooks';
import type { Candidate } from '../../src/lib/sampling/pipeline';
import { ScrollRegion } from './ScrollRegion';
import './candidate-table.css';
import { formatLogit, formatProbability, removalLabel, showPiece } from '../../src/lib/generation/describe';
import { kindOfPiece } from '../../src/lib/tokenizer/token-view';
import { TokenChip, TokenText } from './TokenChip';

interface Props {
  caption: string;
  candidates: readonly Candidate[];
  pieces: readonly string[];
  appendedId: number;
  /** How the appended token's row is marked: `picked` by the pipeline, or `forced` by the reader. */
  appendedLabel?: 'picked' | 'forced';
  /** When given, each token is a button that forces it instead of the pick. */
  onForce?: (id: number) => void;
  /** Whether a penalty was on for these scores: the table then shows the scores after it. */
  penalized?: boolean;
}

/** The columns between the token and its final probability: shown whole when there is room, on request on a phone. */
const DETAIL = 'candidate-table__detail';

/**
 * The candidate chart's twin: every stage's number for each of the best
 * tokens (the score after penalties when one is on). Rows a stage removed
 * are dimmed and name the stage in the last column; the
 * token appended is marked in words, not colour alone. In a narrow panel
 * the columns the table exists for (token, final probability, the stage
 * that removed it) come alone, and a toggle brings the stages between.
 */
export function CandidateTable({
  caption,
  candidates,
  pieces,
  appendedId,
  appendedLabel = 'picked',
  onForce,
  penalized = false,
}: Props) {
  const [everyColumn, setEveryColumn] = useState(false);
  return (
    <div class="candidate-table-frame" data-every-column={everyColumn || undefined}>
      <label class="candidate-table__columns">
        <input
          type="checkbox"
          checked={everyColumn}
          onChange={(event) => setEveryColumn(event.currentTarget.checked)}
        />{' '}
        Show every stage’s column
      </label>
      <ScrollRegion label={caption}>
        <table class="candidate-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col" class="numeric">
                Rank
              </th>
              <th scope="col">Token</th>
              <th scope="col" class={`numeric ${DETAIL}`}>
                Id
              </th>
              <th scope="col" class={`numeric ${DETAIL}`}>
                Logit
              </th>
              {penalized && (
                <th scope="col" class={`numeric ${DETAIL}`}>
                  After penalties
                </th>
              )}
              <th scope="col" class={`numeric ${DETAIL}`}>
                {penalized ? 'Score ÷ T' : 'Logit ÷ T'}
              </th>
              <th scope="col" class={`numeric ${DETAIL}`}>
                Softmax
              </th>
              <th scope="col" class={`numeric ${DETAIL}`}>
                After top-k
              </th>
              <th scope="col" class="numeric">
                Final
              </th>
              <th scope="col">Stages</th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((candidate) => {
              const piece = showPiece(pieces, candidate.id);
              const appended = candidate.id === appendedId;
              return (
                <tr
                  key={candidate.id}
                  data-removed={candidate.removedBy ?? undefined}
                  data-picked={appended || undefined}
                >
                  <td class="numeric">{candidate.rank + 1}</td>
                  <th scope="row">
                    {onForce && !appended ? (
                      <button
                        type="button"
                        class="candidate-table__force"
                        onClick={() => onForce(candidate.id)}
                      >
                        <TokenText text={piece} />
                        <span class="visually-hidden"> (id {candidate.id}): use this token instead</span>
                      </button>
                    ) : (
                      <TokenChip as="span" kind={kindOfPiece(pieces[candidate.id] ?? '')} text={piece} />
                    )}
                  </th>
                  <td class={`numeric ${DETAIL}`}>{candidate.id}</td>
                  <td class={`numeric ${DETAIL}`}>{formatLogit(candidate.logit)}</td>
                  {penalized && <td class={`numeric ${DETAIL}`}>{formatLogit(candidate.score)}</td>}
                  <td class={`numeric ${DETAIL}`}>
                    {candidate.scaledLogit === null ? 'greedy' : formatLogit(candidate.scaledLogit)}
                  </td>
                  <td class={`numeric ${DETAIL}`}>{formatProbability(candidate.probability)}</td>
                  <td class={`numeric ${DETAIL}`}>{formatProbability(candidate.afterTopK)}</td>
                  <td class="numeric candidate-table__final">{formatProbability(candidate.final)}</td>
                  <td class="candidate-table__stage">
                    {removalLabel(candidate.removedBy)}
                    {appended && <strong> · {appendedLabel}</strong>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
