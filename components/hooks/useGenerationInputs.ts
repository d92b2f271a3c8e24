import { useMemo, useState } from 'preact/hooks';
import { llm } from '../page/llm-state';
import { useClientStore } from './useClientStore';
import { useChatPrompt } from './useChatPrompt';
import { useSamplingAddress } from './useSamplingAddress';
import type { EngineSelection } from './useGeneration';
import { offerLoadedModel } from '../../src/lib/generation/engine-choice';
import { $samplingInput, DEFAULT_SAMPLING_INPUT } from '../../src/lib/generation/store';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { parseSamplingSettings } from '../../src/lib/sampling/settings';

const { $engineState } = llm();

/** The engines a reader can pick in the generation panels. */
export type EngineKey = 'pocket' | 'untrained' | 'webllm';

/**
 * What both generation panels start from: the prompt ids (the chat
 * template's conversation) and the vocabulary, from one tokenizer (see
 * useChatPrompt), the engines on offer (the pocket model, the same
 * model before training, and the loaded Mistral build when its ids match)
 * and the reader's choice between them (the loaded model when there is one,
 * else the pocket model), and the sampling settings as typed and as parsed
 * for that engine's vocabulary. The settings also live in the page address.
 */
export function useGenerationInputs() {
  const { prompt, vocabulary } = useChatPrompt();
  const offer = offerLoadedModel(useClientStore($engineState, { phase: 'idle' }));
  const [chosen, setChosen] = useState<EngineKey | null>(null);
  const engineKey: EngineKey =
    chosen === 'webllm' && !offer.available ? 'pocket' : (chosen ?? (offer.available ? 'webllm' : 'pocket'));
  const engine: EngineSelection =
    engineKey === 'webllm' && offer.available
      ? { webllm: offer.info }
      : { inPage: engineKey === 'webllm' ? 'pocket' : engineKey };
  const model = 'webllm' in engine ? engine.webllm : null;
  useSamplingAddress();
  // The server rendered the defaults; typed values (kept across a client-side page change) follow on mount.
  const input = useClientStore($samplingInput, DEFAULT_SAMPLING_INPUT);
  const vocabSize = model?.vocabSize ?? POCKET_CONFIG.vocabSize;
  const contextWindow = model?.contextWindow ?? POCKET_CONFIG.maxPositionEmbeddings;
  // One object per input and vocabulary: the panels' effects depend on it.
  const parsed = useMemo(() => parseSamplingSettings(input, vocabSize), [input, vocabSize]);
  return {
    prompt,
    vocabulary,
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
