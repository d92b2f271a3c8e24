import { useEffect, useMemo } from 'preact/hooks';
import { useChatPrompt } from '../hooks/useChatPrompt';
import { modelsUrl } from '../page/site-urls';
import type { PromptIds } from '../../src/lib/generation/prompt';
import { displayPieces, siteVocabulary } from '../../src/lib/tokenizer/vocabulary';

interface Props {
  /** Load the whole vocabulary (for the output head’s ids, or a prompt’s unknown pieces). */
  wantPieces: boolean;
  /** Asks again after a failure (a new worker): each new number is one more try. */
  attempt: number;
  onPieces: (pieces: string[]) => void;
  onPiecesError: (message: string) => void;
  /** Report the conversation’s ids (the reader picked it as the prompt). */
  wantPrompt: boolean;
  /** The chat template chapter’s conversation as templated ids (or why not yet). */
  onPrompt: (prompt: PromptIds) => void;
}

/**
 * The walk-through’s link to chapter 1’s tokenizer, through the same
 * chat-template worker the generation chapters use (useChatPrompt): the
 * conversation from chapter 2, templated, and the vocabulary’s pieces. It
 * draws nothing, and the panel mounts it only once the reader picks the
 * conversation or asks for pieces, so nothing loads before that; the seed
 * conversation needs no worker at all.
 */
export function LayerVocabulary({
  wantPieces,
  attempt,
  onPieces,
  onPiecesError,
  wantPrompt,
  onPrompt,
}: Props) {
  const ref = useMemo(() => siteVocabulary(modelsUrl()), []);
  const { prompt, vocabulary, retry } = useChatPrompt(ref);
  // The parent's handlers are new functions each render; each prompt and each try is reported once.
  useEffect(() => {
    if (wantPrompt) onPrompt(prompt);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prompt, wantPrompt]);
  useEffect(() => {
    if (!wantPieces) return;
    let current = true;
    if (attempt > 0) retry();
    vocabulary().then(
      (facts) => current && onPieces(displayPieces(facts)),
      (error: Error) => current && onPiecesError(error.message),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wantPieces, attempt]);
  return null;
}
