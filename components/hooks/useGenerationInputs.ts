import { useMemo, useState } from 'preact/hooks';
import { llm } from '../page/llm-state';
import { modelsUrl } from '../page/site-urls';
import { useClientStore } from './useClientStore';
import { useChatPrompt } from './useChatPrompt';
import { useSamplingAddress } from './useSamplingAddress';
import type { EngineSelection } from './useGeneration';
import { offerLoadedModel } from '../../src/lib/generation/engine-choice';
import { $samplingInput, DEFAULT_SAMPLING_INPUT } from '../../src/lib/generation/store';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { parseSamplingSettings } from '../../src/lib/sampling/settings';
import { siteVocabulary } from '../../src/lib/tokenizer/vocabulary';

const store = llm();

/** The engines a reader can pick in the generation panels. */
export type EngineKey = 'pocket' | 'untrained' | 'webllm';

/**
 * What both generation panels start from: the engines on offer (the pocket
 * model, the same model before training, and whatever model the loading
 * chapter has loaded) and the reader's choice between them (the loaded model
 * when there is one, else the pocket model); the engine's vocabulary (the
 * in-page models read chapter 1's Mistral tokenizer, a loaded model its own
 * files) and, through it, the prompt ids (the chat template chapter's
 * conversation, rendered by that engine's own template); and the sampling
 * settings as typed and as parsed for that engine's vocabulary. The settings
 * also live in the page address.
 */
export function useGenerationInputs() {
  const offer = offerLoadedModel(useClientStore(store.$engineState, { phase: 'idle' }), store.recordFor);
  const [chosen, setChosen] = useState<EngineKey | null>(null);
  const engineKey: EngineKey =
    chosen === 'webllm' && !offer.available ? 'pocket' : (chosen ?? (offer.available ? 'webllm' : 'pocket'));
  const engine: EngineSelection =
    engineKey === 'webllm' && offer.available
      ? { webllm: offer.info }
      : { inPage: engineKey === 'webllm' ? 'pocket' : engineKey };
  const model = 'webllm' in engine ? engine.webllm : null;
  const vocabularyRef = useMemo(
    () => (model && offer.available ? offer.vocabulary : siteVocabulary(modelsUrl())),
    // The offer's vocabulary is fixed for a loaded model: its key names it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [model && offer.available ? offer.vocabulary.key : null],
  );
  const { prompt, vocabulary, retry: retryTokenizer } = useChatPrompt(vocabularyRef);
  useSamplingAddress();
  // The server rendered the defaults; typed values (kept across a client-side page change) follow on mount.
  const input = useClientStore($samplingInput, DEFAULT_SAMPLING_INPUT);
  const vocabSize = model?.vocabSize ?? POCKET_CONFIG.vocabSize;
  const contextWindow = model?.contextWindow ?? POCKET_CONFIG.maxPositionEmbeddings;
  // One object per input and vocabulary: the panels' effects depend on it.
  const parsed = useMemo(() => parseSamplingSettings(input, vocabSize), [input, vocabSize]);
  // What the prompt line says: whose template and vocabulary made the ids, and how a loaded model's differ.
  const promptLine = {
    prompt,
    vocabulary: vocabularyRef,
    idsNote: model && offer.available ? offer.idsNote : undefined,
    onRetry: retryTokenizer,
  };
  return {
    prompt,
    promptLine,
    vocabulary,
    vocabularyRef,
    offer,
    engineKey,
    setEngineKey: setChosen,
    engine,
    vocabSize,
    contextWindow,
    input,
    parsed,
  };
}
