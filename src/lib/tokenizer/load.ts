import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { MISTRAL_TOKENIZER } from './mistral';
import fingerprint from './generated/files.json';

const loads = new Map<string, Promise<PreTrainedTokenizer>>();
/** Loads that failed once: the next attempt must not trust anything a browser kept of their files. */
const failed = new Set<string>();

/** Where the browser keeps what transformers.js downloaded (Cache Storage), if this runtime has one. */
const browserCaches = () => (globalThis as { caches?: Pick<CacheStorage, 'delete' | 'keys'> }).caches;

/** What transformers.js's caches are called: `transformers-cache` plus, for ours, a version. */
const CACHE_FAMILY = 'transformers-cache';

/**
 * The Cache Storage name for the tokenizer files this build serves, versioned
 * by their SHA-256 (written at build time by scripts/build-tokenizer.mjs): a
 * new build's files never meet an older build's copies, which are deleted.
 */
export const TOKENIZER_CACHE = `${CACHE_FAMILY}-${fingerprint['tokenizer.json'].sha256.slice(0, 12)}-${fingerprint['tokenizer_config.json'].sha256.slice(0, 12)}`;

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
      env.cacheKey = TOKENIZER_CACHE;
      const retry = failed.has(key);
      const plainFetch = env.fetch;
      if (retry) env.fetch = (input, init) => plainFetch(input, { ...init, cache: 'reload' });
      try {
        const tokenizer = await AutoTokenizer.from_pretrained(modelId);
        failed.delete(key);
        void deleteStaleCaches();
        return tokenizer;
      } catch (error) {
        failed.add(key);
        await browserCaches()
          ?.delete(env.cacheKey)
          .catch(() => false);
        throw new Error(
          `Could not load tokenizer.json and tokenizer_config.json from ${modelsUrl}${modelId}/: ${tokenizerFailure(error)}`,
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

/**
 * Why transformers.js could not load the files, in a reader's words.
 * Its own messages speak to developers (a missing file is "`local_files_only=true`
 * or `env.allowRemoteModels=false` and file was not found locally"), so the
 * known ones are translated; anything else is quoted, cut short.
 */
export function tokenizerFailure(error: unknown, who = 'the site'): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = /\((\d{3})\) occurred/.exec(message)?.[1] ?? (error as { status?: unknown } | null)?.status;
  if (/not found locally|Could not locate file/.test(message) || status === 404)
    return `${who} answered that a file is missing (HTTP 404).`;
  if (typeof status === 'string' || typeof status === 'number')
    return `${who} answered with an error (HTTP ${status}).`;
  if (error instanceof SyntaxError || /JSON|Unexpected (token|end)|Unterminated/i.test(message))
    return 'a file arrived damaged or incomplete.';
  if (/Failed to fetch|NetworkError|network|connection/i.test(message))
    return 'the connection dropped before the files arrived.';
  return message.length > 160 ? `${message.slice(0, 160)}…` : message;
}

/** Deletes transformers.js caches of other builds' files (and its unversioned default), keeping this build's. */
async function deleteStaleCaches(): Promise<void> {
  const storage = browserCaches();
  if (!storage) return;
  try {
    const names = await storage.keys();
    await Promise.all(
      names
        .filter((name) => name.startsWith(CACHE_FAMILY) && name !== TOKENIZER_CACHE)
        .map((name) => storage.delete(name)),
    );
  } catch {
    // Storage can be off or blocked; stale copies then simply stay unused under their old names.
  }
}

/** WebLLM's Cache Storage names (its `cacheBackend: 'cache'`): tokenizer files sit with the weights, the config apart. */
const WEBLLM_CACHES = { 'mlc-chat-config.json': 'webllm/config', default: 'webllm/model' } as const;

type Fetcher = (url: string) => Promise<Response>;

/**
 * A file of a WebLLM model's folder: the copy WebLLM keeps in Cache Storage
 * when it has one (it stores every file it downloads under the file's URL),
 * else one request to the same URL WebLLM used. Never another source.
 */
async function readModelFile(folderUrl: string, name: string, fetcher: Fetcher): Promise<unknown> {
  const url = new URL(name, folderUrl).href;
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  let response: Response | undefined;
  try {
    const cacheName = name === 'mlc-chat-config.json' ? WEBLLM_CACHES[name] : WEBLLM_CACHES.default;
    response = (await (await storage?.open(cacheName))?.match(url)) ?? undefined;
  } catch {
    response = undefined; // storage off or blocked: ask the host
  }
  response ??= await fetcher(url);
  if (!response.ok)
    throw Object.assign(new Error(`${name}: HTTP ${response.status}`), { status: response.status });
  return response.json();
}

const modelLoads = new Map<string, Promise<{ tokenizer: PreTrainedTokenizer; chatConfig: unknown }>>();

/**
 * The tokenizer of a WebLLM model, from the model's own folder: its
 * `tokenizer.json` and `tokenizer_config.json` (chat template included),
 * built into the transformers.js class its config names, and its
 * `mlc-chat-config.json` (vocabulary size, stop ids, window). Loaded once per
 * folder; a failure is forgotten so "Try again" asks again.
 */
export function loadModelTokenizer(
  folderUrl: string,
  fetcher?: Fetcher,
): Promise<{ tokenizer: PreTrainedTokenizer; chatConfig: unknown }> {
  let load = modelLoads.get(folderUrl);
  if (!load) {
    // `no-cache`: the browser may keep a copy but must ask the host whether it is current (a 304 costs
    // nothing), so a file that once arrived cut short is never served from the HTTP cache again.
    const read: Fetcher = fetcher ?? ((url) => fetch(url, { cache: 'no-cache' }));
    load = (async () => {
      try {
        const [json, config, chatConfig] = await Promise.all(
          ['tokenizer.json', 'tokenizer_config.json', 'mlc-chat-config.json'].map((name) =>
            readModelFile(folderUrl, name, read),
          ),
        );
        const transformers = await import('@huggingface/transformers');
        const className = String((config as { tokenizer_class?: unknown }).tokenizer_class ?? '').replace(
          /Fast$/,
          '',
        );
        const classes = transformers as unknown as Record<
          string,
          typeof transformers.PreTrainedTokenizer | undefined
        >;
        const Tokenizer = (className && classes[className]) || transformers.PreTrainedTokenizer;
        return { tokenizer: new Tokenizer(json as object, config as object), chatConfig };
      } catch (error) {
        throw new Error(
          `Could not load the model's tokenizer.json, tokenizer_config.json and mlc-chat-config.json from ${folderUrl}: ${tokenizerFailure(error, 'the model’s host')}`,
          { cause: error },
        );
      }
    })();
    modelLoads.set(folderUrl, load);
    load.catch(() => modelLoads.delete(folderUrl));
  }
  return load;
}
