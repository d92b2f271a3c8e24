import { describe, expect, it } from 'vitest';
import {
  inspectModelCache,
  sweepModelCache,
  weightsFolderUrl,
  type CacheLike,
  type CacheStorageLike,
} from '../../src/lib/llm/cache';
import { MODELS } from '../../src/lib/llm/models';

/** Cache Storage in memory: cache name -> url -> JSON body. */
class FakeCaches implements CacheStorageLike {
  stores = new Map<string, Map<string, unknown>>();
  put(name: string, url: string, body: unknown = {}) {
    if (!this.stores.has(name)) this.stores.set(name, new Map());
    this.stores.get(name)!.set(url, body);
  }
  async open(name: string): Promise<CacheLike> {
    if (!this.stores.has(name)) this.stores.set(name, new Map());
    const store = this.stores.get(name)!;
    return {
      match: async (url) => (store.has(url) ? { json: async () => store.get(url) } : undefined),
      keys: async () => [...store.keys()].map((url) => ({ url })),
      delete: async (url) => store.delete(url),
    };
  }
  urls(name: string) {
    return [...(this.stores.get(name)?.keys() ?? [])];
  }
}

const record = MODELS['mistral-f16'].record;
const folder = 'https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC/resolve/main/';
const manifest = { records: [0, 1, 2].map((i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: 1000 + i })) };

describe('weightsFolderUrl', () => {
  it('resolves a Hugging Face repository to its resolve/main folder, like WebLLM’s cleanModelUrl', () => {
    expect(weightsFolderUrl(record.modelUrl)).toBe(folder);
    expect(weightsFolderUrl('http://127.0.0.1:9/m/resolve/main/')).toBe('http://127.0.0.1:9/m/resolve/main/');
  });
});

describe('inspectModelCache', () => {
  it('says none for an empty cache and unknown without Cache Storage', async () => {
    expect(await inspectModelCache(record, new FakeCaches())).toEqual({ state: 'none' });
    expect(await inspectModelCache(record, undefined)).toMatchObject({ state: 'unknown' });
  });

  it('counts stored shards against the stored shard list', async () => {
    const caches = new FakeCaches();
    caches.put('webllm/model', `${folder}tensor-cache.json`, manifest);
    caches.put('webllm/model', `${folder}params_shard_0.bin`);
    caches.put('webllm/model', `${folder}params_shard_2.bin`);
    expect(await inspectModelCache(record, caches)).toEqual({
      state: 'partial',
      shardsStored: 2,
      shardsTotal: 3,
      bytesStored: 1000 + 1002,
      bytesTotal: 3003,
    });
    caches.put('webllm/model', `${folder}params_shard_1.bin`);
    expect(await inspectModelCache(record, caches)).toEqual({ state: 'complete', bytesTotal: 3003 });
  });

  it('reports a partial store when files exist but the shard list does not, and ignores other models', async () => {
    const caches = new FakeCaches();
    caches.put('webllm/model', 'https://huggingface.co/mlc-ai/Other-MLC/resolve/main/params_shard_0.bin');
    expect(await inspectModelCache(record, caches)).toEqual({ state: 'none' });
    caches.put('webllm/model', `${folder}tokenizer.json`);
    expect(await inspectModelCache(record, caches)).toMatchObject({ state: 'partial', shardsTotal: null });
  });

  it('says unknown for an unreadable shard list', async () => {
    const caches = new FakeCaches();
    caches.put('webllm/model', `${folder}tensor-cache.json`, { nope: true });
    expect(await inspectModelCache(record, caches)).toMatchObject({ state: 'unknown' });
  });
});

describe('sweepModelCache', () => {
  it('removes the model’s files from all three caches and leaves other models alone', async () => {
    const caches = new FakeCaches();
    const other = 'https://huggingface.co/mlc-ai/Other-MLC/resolve/main/params_shard_0.bin';
    caches.put('webllm/model', `${folder}tensor-cache.json`, manifest);
    caches.put('webllm/model', `${folder}params_shard_0.bin`);
    caches.put('webllm/model', other);
    caches.put('webllm/config', `${folder}mlc-chat-config.json`);
    caches.put('webllm/wasm', record.modelLibUrl);
    expect(await sweepModelCache(record, caches)).toBe(4);
    expect(caches.urls('webllm/model')).toEqual([other]);
    expect(caches.urls('webllm/config')).toEqual([]);
    expect(caches.urls('webllm/wasm')).toEqual([]);
    expect(await inspectModelCache(record, caches)).toEqual({ state: 'none' });
  });
});
