import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { MISTRAL_TOKENIZER } from './mistral';

const loads = new Map<string, Promise<PreTrainedTokenizer>>();
/** Loads that failed once: the next attempt must not trust anything a browser kept of their files. */
const failed = new Set<string>();

/** Where the browser keeps what transformers.js downloaded (Cache Storage), if this runtime has one. */
const browserCaches = () => (globalThis as { caches?: Pick<CacheStorage, 'delete'> }).caches;

/**
 * Loads a tokenizer once per (folder, model id) and shares the promise, so two
 * callers never fetch and parse the files twice. The files come only from
 * `modelsUrl` (a URL in the browser, a folder path in Node): remote models are
 * switched off, so nothing is ever requested from another host. A failed load
 * is forgotten, so the next call retries instead of replaying the failure.
 *
 * A file that arrived damaged (a 200 with half the body, or the wrong
 * content) would otherwise be kept: transformers.js stores every file it
 * fetches in Cache Storage and reads it from there ever after. So a failed
 * load deletes that cache, and the next attempt fetches with
 * `cache: 'reload'`, past the browser's HTTP cache too: once the server
 * serves the right file, "Try again" or a reload gets it.
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
      const retry = failed.has(key);
      const plainFetch = env.fetch;
      if (retry) env.fetch = (input, init) => plainFetch(input, { ...init, cache: 'reload' });
      try {
        const tokenizer = await AutoTokenizer.from_pretrained(modelId);
        failed.delete(key);
        return tokenizer;
      } catch (error) {
        failed.add(key);
        await browserCaches()
          ?.delete(env.cacheKey)
          .catch(() => false);
        // transformers.js reports a missing file as a TypeError deep inside; say which files we wanted.
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Could not load tokenizer.json and tokenizer_config.json from ${modelsUrl}${modelId}/ (${reason})`,
          { cause: error },
        );
      } finally {
        env.fetch = plainFetch;
      }
    })();
    loads.set(key, load);
    load.catch(() => loads.delete(key));
  }
  return load;
}
