/**
 * What of a model is already stored in the browser, read straight from the
 * Cache Storage that WebLLM fills (its default `cacheBackend: 'cache'`), so
 * the page can say "cached" without loading WebLLM's 2.2 MB bundle. The keys
 * are WebLLM's: the weight shards listed in `tensor-cache.json`, resolved
 * against the model URL the way WebLLM's `cleanModelUrl` does.
 */
import type { WebLlmRecord } from './models';

/** The Cache Storage names WebLLM 0.2.x uses. */
export const WEBLLM_CACHES = { model: 'webllm/model', config: 'webllm/config', wasm: 'webllm/wasm' } as const;

export type CacheStatus =
  | { state: 'none' }
  /** Some files are stored; the totals are null when the shard list itself is not stored yet. */
  | {
      state: 'partial';
      shardsStored: number;
      shardsTotal: number | null;
      bytesStored: number;
      bytesTotal: number | null;
    }
  | { state: 'complete'; bytesTotal: number }
  | { state: 'unknown'; reason: string };

/** The part of `CacheStorage` this module uses; tests pass a stand-in. */
export interface CacheLike {
  match(url: string): Promise<{ json(): Promise<unknown> } | undefined>;
  keys(): Promise<readonly { url: string }[]>;
  delete(url: string): Promise<boolean>;
}

export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

/** WebLLM's `cleanModelUrl`: a Hugging Face repository URL becomes its `resolve/main/` folder. */
export function weightsFolderUrl(modelUrl: string): string {
  let url = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url).href;
}

interface TensorCacheManifest {
  records: { dataPath: string; nbytes: number }[];
}

function isManifest(value: unknown): value is TensorCacheManifest {
  const records = (value as { records?: unknown } | null)?.records;
  return (
    Array.isArray(records) &&
    records.every((r) => typeof r?.dataPath === 'string' && typeof r?.nbytes === 'number')
  );
}

export async function inspectModelCache(
  record: WebLlmRecord,
  storage: CacheStorageLike | undefined,
): Promise<CacheStatus> {
  if (!storage) return { state: 'unknown', reason: 'This browser has no Cache Storage here.' };
  try {
    const folder = weightsFolderUrl(record.modelUrl);
    const cache = await storage.open(WEBLLM_CACHES.model);
    const manifestResponse = await cache.match(new URL('tensor-cache.json', folder).href);
    if (!manifestResponse) {
      const anyShard = (await cache.keys()).some((request) => request.url.startsWith(folder));
      if (!anyShard) return { state: 'none' };
      return { state: 'partial', shardsStored: 0, shardsTotal: null, bytesStored: 0, bytesTotal: null };
    }
    const manifest = await manifestResponse.json();
    if (!isManifest(manifest))
      return { state: 'unknown', reason: 'The stored tensor-cache.json is not readable.' };
    const stored = new Set((await cache.keys()).map((request) => request.url));
    let shardsStored = 0;
    let bytesStored = 0;
    let bytesTotal = 0;
    for (const shard of manifest.records) {
      bytesTotal += shard.nbytes;
      if (stored.has(new URL(shard.dataPath, folder).href)) {
        shardsStored += 1;
        bytesStored += shard.nbytes;
      }
    }
    if (shardsStored === manifest.records.length) return { state: 'complete', bytesTotal };
    return { state: 'partial', shardsStored, shardsTotal: manifest.records.length, bytesStored, bytesTotal };
  } catch (error) {
    return { state: 'unknown', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Deletes every stored file of a model: all entries under its weights folder
 * in WebLLM's model and config caches, and its compiled library. WebLLM's
 * `deleteModelAllInfoInCache` leaves `tensor-cache.json` behind and, when that
 * list is not stored (an early interrupted download), cannot find the shards
 * at all; this sweep catches both. Returns how many entries it removed.
 */
export async function sweepModelCache(record: WebLlmRecord, storage: CacheStorageLike): Promise<number> {
  const folder = weightsFolderUrl(record.modelUrl);
  let removed = 0;
  for (const name of [WEBLLM_CACHES.model, WEBLLM_CACHES.config]) {
    const cache = await storage.open(name);
    for (const request of await cache.keys()) {
      if (request.url.startsWith(folder) && (await cache.delete(request.url))) removed += 1;
    }
  }
  const wasm = await storage.open(WEBLLM_CACHES.wasm);
  if (await wasm.delete(record.modelLibUrl)) removed += 1;
  return removed;
}
