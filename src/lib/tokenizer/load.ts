import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { MISTRAL_TOKENIZER } from './mistral';

const loads = new Map<string, Promise<PreTrainedTokenizer>>();

/**
 * Loads a tokenizer once per (folder, model id) and shares the promise, so two
 * callers never fetch and parse the files twice. The files come only from
 * `modelsUrl` (a URL in the browser, a folder path in Node): remote models are
 * switched off, so nothing is ever requested from another host. A failed load
 * is forgotten, so the next call retries instead of replaying the failure.
 *
 * transformers.js is imported here, on the first call, never with a page.
 */
export function loadTokenizer(
  modelsUrl: string,
  modelId: string = MISTRAL_TOKENIZER.modelId,
): Promise<PreTrainedTokenizer> {
  const key = `${modelsUrl}\u0000${modelId}`;
  let load = loads.get(key);
  if (!load) {
    load = (async () => {
      const { AutoTokenizer, env } = await import('@huggingface/transformers');
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = modelsUrl;
      try {
        return await AutoTokenizer.from_pretrained(modelId);
      } catch (error) {
        // transformers.js reports a missing file as a TypeError deep inside; say which files we wanted.
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Could not load tokenizer.json and tokenizer_config.json from ${modelsUrl}${modelId}/ (${reason})`,
          { cause: error },
        );
      }
    })();
    loads.set(key, load);
    load.catch(() => loads.delete(key));
  }
  return load;
}
