/**
 * Whether the generation chapters can offer the model the loading chapter
 * loaded (the in-page models are always offered): whenever the loading
 * chapter has one ready (the engine outlives page changes, see
 * src/lib/llm/store.ts). Each engine brings its vocabulary: the in-page
 * models read Mistral-7B-Instruct v0.1's (the site's own files, chapter 1's
 * ids), a WebLLM model reads the tokenizer files in its own folder, the ones
 * WebLLM downloaded with its weights. Its stop ids are filled in from those
 * files once they load (see useGeneration).
 */
import { weightsFolderUrl } from '../llm/cache';
import type { EngineState } from '../llm/client';
import type { EngineInfo } from '../llm/engine';
import { MODELS, type ModelKey, type WebLlmRecord } from '../llm/models';
import type { VocabularyFacts, VocabularyRef } from '../tokenizer/vocabulary';

export type ModelOffer =
  | { available: true; key: ModelKey; info: EngineInfo; vocabulary: VocabularyRef; idsNote: string }
  | { available: false; note: string };

export function offerLoadedModel(
  state: EngineState,
  recordFor: (key: ModelKey) => WebLlmRecord = (key) => MODELS[key].record,
): ModelOffer {
  if (state.phase !== 'ready')
    return {
      available: false,
      note: 'No released model is loaded in this tab. Load one in the loading chapter (it needs WebGPU and a download) and come back: it stays loaded, and it will be offered here.',
    };
  const model = MODELS[state.model];
  return {
    available: true,
    key: model.key,
    info: {
      label: `${model.title} (WebLLM, ${model.build})`,
      kind: 'webllm',
      vocabSize: model.vocabSize,
      // Read from the model's own files when they load; nothing can stop a reply before then.
      stopIds: [],
      contextWindow: model.contextWindow,
    },
    vocabulary: {
      key: model.webllmId,
      title: model.title,
      source: {
        kind: 'model',
        // The folder WebLLM itself fetched the weights and tokenizer.json from (its cleanModelUrl).
        folderUrl: weightsFolderUrl(recordFor(model.key).modelUrl),
        title: model.title,
      },
    },
    idsNote: model.idsNote,
  };
}

/**
 * A loaded model's facts completed from its own files: the ids that end a
 * reply (its tokenizer's `eos_token` and its config's `stop_token_ids`), and
 * the number of scores it gives (its config's `vocab_size`, which may exceed
 * its tokenizer's entries: padding rows, shown as such). The context window
 * stays the registry's: WebLLM is told to use that one (its override of
 * `context_window_size`). A string says why the files and the model cannot be
 * run together.
 */
export function withOwnVocabulary(info: EngineInfo, facts: VocabularyFacts): EngineInfo | string {
  const vocabSize = facts.modelVocabSize ?? info.vocabSize;
  if (vocabSize < facts.tokenizerSize)
    return `${info.label} scores ${vocabSize.toLocaleString('en')} tokens but its tokenizer has ${facts.tokenizerSize.toLocaleString('en')}: the files do not belong to this model.`;
  if (facts.stopIds.length === 0)
    return `${info.label}'s tokenizer files name no end-of-reply token, so a reply could never stop.`;
  return { ...info, vocabSize, stopIds: facts.stopIds };
}
