import type { ComponentChildren } from 'preact';
import type { PromptIds } from '../../src/lib/generation/prompt';
import { formatCount } from '../../src/lib/core/format';
import { showPiece } from '../../src/lib/generation/describe';
import type { VocabularyRef } from '../../src/lib/tokenizer/vocabulary';
import { showTokenText } from '../../src/lib/tokenizer/token-view';
import { SEED_PIECES } from '../../src/lib/model/layer-tokens';

interface Props {
  prompt: PromptIds;
  /** Whose tokenizer and template made the ids. */
  vocabulary: VocabularyRef;
  /** Its pieces as the panels show them, once loaded (empty before the first step; the seed's are known without them). */
  pieces: readonly string[];
  /** Whether the vocabulary is byte-level (its pieces are shown as the text their bytes spell). */
  byteLevel: boolean;
  /** Set for a loaded model: how its ids relate to chapter 1's. */
  idsNote?: string | undefined;
  /** Loads the tokenizer again after a failed load. */
  onRetry?: (() => void) | undefined;
  children?: ComponentChildren;
}

/**
 * The ids the model is fed, whose template and vocabulary made them, their
 * pieces once the vocabulary is here, and the chapter's link back to the chat
 * template.
 */
export function PromptLine({ prompt, vocabulary, pieces, byteLevel, idsNote, onRetry, children }: Props) {
  const own = vocabulary.source.kind === 'model';
  // The seed's pieces are known without the vocabulary, so the prompt reads as pieces before the first step.
  const seedPieces = !own && prompt.status === 'ready' && prompt.source === 'seed';
  const pieceOf =
    pieces.length > 0
      ? (id: number) => showPiece(pieces, id)
      : seedPieces
        ? (id: number) => showTokenText(SEED_PIECES.get(id) ?? '<unk>')
        : null;
  const where = own
    ? `through ${vocabulary.title}’s own chat template, in its vocabulary (read from the model’s files)`
    : `through ${vocabulary.title}’s chat template, in its 32,000-token vocabulary (chapter 1’s ids)`;
  return (
    <div class="prompt-line" data-vocabulary={vocabulary.key}>
      {prompt.status === 'ready' ? (
        <>
          <p>
            <strong>Input: {formatCount(prompt.ids.length, 'id')}</strong>{' '}
            {prompt.source === 'seed' ? 'from the seed question' : 'from your conversation'} {where}:{' '}
            <code class="prompt-line__ids">{prompt.ids.join(' ')}</code>
          </p>
          {pieceOf && (
            <p class="prompt-line__pieces">
              As {vocabulary.title}’s pieces: <code>{prompt.ids.map(pieceOf).join(' ')}</code>
              {byteLevel &&
                ' (a byte-level vocabulary: each piece is bytes, shown as the text they spell, ▁ for a space, as everywhere on this site, and ↵ for a newline; its files write a space as Ġ)'}
            </p>
          )}
        </>
      ) : (
        <p class={prompt.status === 'problem' ? 'limit-note' : undefined}>
          {prompt.message}{' '}
          {prompt.status === 'problem' && onRetry && /could not be loaded/.test(prompt.message) && (
            <button type="button" class="button" onClick={onRetry}>
              Load the tokenizer again
            </button>
          )}
        </p>
      )}
      {own && idsNote && <p class="prompt-line__note">{idsNote}</p>}
      {children && <div class="prompt-line__link">{children}</div>}
    </div>
  );
}
