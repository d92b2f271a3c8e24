import { useState } from 'preact/hooks';
import { $engineState } from './llm-stores';
import { useClientStore } from './useClientStore';
import { usePromptIds } from './usePromptIds';
import { useSamplingAddress } from './useSamplingAddress';
import { offerLoadedModel } from '../../src/lib/generation/engine-choice';
import { $samplingInput, DEFAULT_SAMPLING_INPUT } from '../../src/lib/generation/store';
import { GLASS_BOX } from '../../src/lib/glassbox/config';
import { parseSamplingSettings } from '../../src/lib/sampling/settings';

/**
 * What both generation panels start from: the prompt ids (the chat
 * template's conversation), the engine on offer (the loaded Mistral build
 * when its ids match, else the glass box) and the reader's choice between
 * them, and the sampling settings as typed and as parsed for that engine's
 * vocabulary. The settings also live in the page address.
 */
export function useGenerationInputs() {
  const prompt = usePromptIds();
  const offer = offerLoadedModel(useClientStore($engineState, { phase: 'idle' }));
  const [preferModel, setPreferModel] = useState(true);
  const model = offer.available && preferModel ? offer.info : null;
  useSamplingAddress();
  // The server rendered the defaults; typed values (kept across a client-side page change) follow on mount.
  const input = useClientStore($samplingInput, DEFAULT_SAMPLING_INPUT);
  const parsed = parseSamplingSettings(input, model?.vocabSize ?? GLASS_BOX.vocabSize);
  return { prompt, offer, preferModel, setPreferModel, model, input, parsed };
}
