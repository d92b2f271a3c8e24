/**
 * Whether the generation chapters can offer the model the loading chapter
 * loaded (the in-page models are always offered): only when the loading chapter has one ready (the engine
 * outlives page changes, see src/lib/llm/store.ts) and its vocabulary
 * is the one our prompt ids, pieces and stream decoder come from.
 */
import type { EngineState } from '../llm/client';
import type { EngineInfo } from '../llm/engine';
import { MODELS, type ModelKey } from '../llm/models';
import { MISTRAL_TOKENIZER } from '../tokenizer/mistral';

export type ModelOffer =
  { available: true; key: ModelKey; info: EngineInfo } | { available: false; note: string };

export function offerLoadedModel(state: EngineState): ModelOffer {
  if (state.phase !== 'ready')
    return {
      available: false,
      note: 'No released model is loaded in this tab. Load Mistral-7B in the loading chapter (it needs WebGPU and a 4 GB download) and come back: it stays loaded, and it will be offered here.',
    };
  const model = MODELS[state.model];
  if (!model.idsMatchTokenizerChapter)
    return {
      available: false,
      note: `${model.title} is loaded, but its vocabulary is not the one these ids and pieces come from, so these panels cannot run on it yet.`,
    };
  return {
    available: true,
    key: model.key,
    info: {
      label: `${model.title} (WebLLM, ${model.build})`,
      kind: 'webllm',
      vocabSize: model.vocabSize,
      stopIds: [MISTRAL_TOKENIZER.eosId],
      contextWindow: model.contextWindow,
    },
  };
}
