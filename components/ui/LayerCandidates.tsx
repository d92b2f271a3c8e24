import { formatLogit, formatProbability } from '../../src/lib/generation/describe';
import { topProbabilities, type TokenNames } from '../../src/lib/model/layer-tokens';
import { kindOfPiece } from '../../src/lib/tokenizer/token-view';
import { TokenChip } from './TokenChip';

/** Where the vocabulary’s pieces stand: not asked for, on their way, here, or failed (with a way to ask again). */
export interface PiecesOffer {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  message?: string;
  load: () => void;
}

const SHOWN = 5;

/**
 * The output head’s best next tokens at a position, as chapter 4 shows
 * candidates: the piece, a bar on an absolute 0–100% scale, the
 * probability and the logit; one more bar for every other token together.
 * Pieces need the whole vocabulary, which loads on demand.
 */
export function LmHeadCandidates({
  logits,
  names,
  position,
  pieces,
}: {
  logits: Float32Array;
  names: TokenNames;
  position: number;
  pieces: PiecesOffer;
}) {
  const best = topProbabilities(logits, SHOWN);
  const rest = Math.max(0, 1 - best.reduce((sum, entry) => sum + entry.probability, 0));
  const bar = (share: number) => (
    <span class="lm-head__track" aria-hidden="true">
      <span class="lm-head__bar" style={{ width: `${(100 * share).toFixed(1)}%` }} />
    </span>
  );
  return (
    <div class="lm-head">
      <table class="lm-head__table">
        <caption>
          The {SHOWN} likeliest tokens after position {position}, from the scores of all{' '}
          {logits.length.toLocaleString('en')}
        </caption>
        <thead>
          <tr>
            <th scope="col">Token</th>
            <th scope="col">Probability</th>
            <th scope="col" class="numeric">
              Logit
            </th>
          </tr>
        </thead>
        <tbody>
          {best.map((entry) => {
            const piece = names.piece(entry.id);
            return (
              <tr key={entry.id}>
                <th scope="row">
                  <TokenChip
                    as="span"
                    kind={piece === null ? 'text' : kindOfPiece(piece)}
                    text={piece ?? `#${entry.id}`}
                    note={piece === null ? undefined : `id ${entry.id}`}
                  />
                </th>
                <td class="lm-head__share">
                  {bar(entry.probability)} {formatProbability(entry.probability)}
                </td>
                <td class="numeric">{formatLogit(entry.logit)}</td>
              </tr>
            );
          })}
          <tr class="lm-head__others">
            <th scope="row">the other {(logits.length - SHOWN).toLocaleString('en')}</th>
            <td class="lm-head__share">
              {bar(rest)} {formatProbability(rest)} together
            </td>
            <td />
          </tr>
        </tbody>
      </table>
      {!names.complete && best.some((entry) => names.piece(entry.id) === null) && (
        <p class="lm-head__offer">
          {pieces.phase === 'loading' && 'Loading Mistral’s tokenizer to show these ids as tokens…'}
          {pieces.phase === 'idle' && (
            <button type="button" class="button button--secondary" onClick={pieces.load}>
              Show these ids as tokens
            </button>
          )}
          {pieces.phase === 'idle' && ' (loads Mistral’s tokenizer, about 1.1 MB)'}
          {pieces.phase === 'error' && (
            <>
              The tokenizer did not load: {pieces.message}{' '}
              <button type="button" class="button button--secondary" onClick={pieces.load}>
                Try again
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
