import { formatCount } from '../../src/lib/core/format';
import { promptText, type TokenNames } from '../../src/lib/model/layer-tokens';
import { kindOfPiece } from '../../src/lib/tokenizer/token-view';
import type { PiecesOffer } from './LayerCandidates';
import { TokenChip } from './TokenChip';

/**
 * The prompt being traced, as the reader would write it and as the
 * tokenizer cut it: one TokenChip per token (its boundary does not rest
 * on colour), the id in its small print.
 */
export function LayerPromptView({
  ids,
  names,
  pieces,
}: {
  ids: readonly number[];
  names: TokenNames;
  pieces: PiecesOffer;
}) {
  const text = promptText(ids, names);
  return (
    <div class="layer-prompt">
      <p class="layer-prompt__text">
        <strong>Prompt ({formatCount(ids.length, 'token')}):</strong>{' '}
        {text === null ? (
          <span class="layer-prompt__unknown">
            some of these ids are not in the pieces this page knows yet.{' '}
            {pieces.phase === 'idle' && (
              <>
                <button type="button" class="button button--secondary" onClick={pieces.load}>
                  Show them as text
                </button>{' '}
                (loads Mistral’s tokenizer, about 1.1 MB)
              </>
            )}
            {pieces.phase === 'loading' && 'Loading Mistral’s tokenizer…'}
            {pieces.phase === 'error' && `The tokenizer did not load: ${pieces.message}`}
          </span>
        ) : (
          <q class="layer-prompt__string">{text}</q>
        )}
      </p>
      <ol class="token-chips layer-prompt__pieces" aria-label="The prompt’s tokens, in order">
        {ids.map((id, index) => {
          const piece = names.piece(id);
          return (
            <TokenChip
              key={index}
              kind={piece === null ? 'text' : kindOfPiece(piece)}
              text={piece ?? `#${id}`}
              note={id}
              title={`position ${index}, id ${id}`}
              aria-label={`Position ${index}: ${piece ?? 'a piece not known yet'}, id ${id}`}
            />
          );
        })}
      </ol>
    </div>
  );
}
