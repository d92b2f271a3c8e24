import { useMemo, useState } from 'preact/hooks';
import type { PiecesOffer } from '../ui/LayerCandidates';
import { tokenNames } from '../../src/lib/model/layer-tokens';

/**
 * The one-layer walk-through's token names: the pieces the tokenizer gave
 * for the reader's own text (`setKnown`), and the whole vocabulary once the
 * panel wants it (LayerVocabulary loads it and reports here). `offer(want)`
 * says where the vocabulary stands and gives the button that asks for it,
 * or asks again (a new worker) after a failure.
 */
export function useLayerPieces() {
  const [known, setKnown] = useState<ReadonlyMap<number, string>>(new Map());
  const [vocabulary, setVocabulary] = useState<string[] | null>(null);
  const [asked, setAsked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const names = useMemo(() => tokenNames(known, vocabulary), [known, vocabulary]);
  const offer = (want: boolean): PiecesOffer => ({
    phase: vocabulary ? 'ready' : error ? 'error' : want ? 'loading' : 'idle',
    ...(error ? { message: error } : {}),
    load: () => {
      if (error) setAttempt((n) => n + 1);
      setError(null);
      setAsked(true);
    },
  });
  /** The props LayerVocabulary reports through. */
  const loader = { attempt, onPieces: setVocabulary, onPiecesError: setError };
  return { names, setKnown, asked, offer, loader };
}
