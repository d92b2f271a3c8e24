/**
 * The loading chapter's store, once per document: created on first use from
 * the factory in src/lib/llm/store.ts, given what the browser provides (so
 * the store itself is tested without a page). Kept at module level so
 * Astro's client router, which keeps the document across page changes,
 * keeps it too: a loaded model survives moving from one chapter to the next.
 * (The TensorFlow.js runtime is the same pattern, in mlp-state.ts; the small
 * stores of typed values in src/lib/chat, generation and mlp `store.ts` are
 * plain nanostores atoms and need nothing from the page.)
 */
import { createLlmStore, type LlmStore } from '../../src/lib/llm/store';
import type { CacheStorageLike } from '../../src/lib/llm/cache';
import type { NavigatorLike } from '../../src/lib/device/probe';
import { readTestModelHost } from '../../src/lib/llm/override';
import { createWebLlmWorker } from './workers';

let llmStore: LlmStore | null = null;

/** The loading chapter's store: device check, cache status and the one WebLLM engine (see src/lib/llm/store.ts). */
/** The page's localStorage, or null where the browser denies it (blocked storage, a third-party frame): reading it throws there. */
function localStorageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function llm(): LlmStore {
  llmStore ??= createLlmStore({
    navigator: () => navigator as unknown as NavigatorLike,
    secureContext: () => window.isSecureContext,
    caches: () => (globalThis as { caches?: CacheStorageLike }).caches,
    testModelHost: () =>
      typeof location === 'undefined' ? null : readTestModelHost(localStorageOrNull(), location.origin),
    createWorker: createWebLlmWorker,
  });
  return llmStore;
}
