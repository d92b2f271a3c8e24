/**
 * The page's shared state, in one place: each store is created once per
 * document, on first use, from a factory in src/lib that takes what the
 * browser provides (so the stores themselves are tested without a page).
 * Kept at module level so Astro's client router, which keeps the document
 * across page changes, keeps them too: a loaded model and a running
 * TensorFlow.js survive moving from one chapter to the next.
 *
 * The small stores of typed values (src/lib/chat, generation and mlp
 * `store.ts`) are plain nanostores atoms and need nothing from the page.
 */
import { createLlmStore, type LlmStore } from '../../src/lib/llm/store';
import type { CacheStorageLike } from '../../src/lib/llm/cache';
import type { NavigatorLike } from '../../src/lib/device/probe';
import { readTestModelHost } from '../../src/lib/llm/override';
import { createMlpRuntime, type MlpRuntime } from '../../src/lib/mlp/runtime';
import { createMlpWorker, createWebLlmWorker } from './workers';

let llmStore: LlmStore | null = null;
let mlp: MlpRuntime | null = null;

/** The loading chapter's store: device check, cache status and the one WebLLM engine (see src/lib/llm/store.ts). */
export function llm(): LlmStore {
  llmStore ??= createLlmStore({
    navigator: () => navigator as unknown as NavigatorLike,
    secureContext: () => window.isSecureContext,
    caches: () => (globalThis as { caches?: CacheStorageLike }).caches,
    testModelHost: () =>
      typeof location === 'undefined'
        ? null
        : readTestModelHost(globalThis.localStorage ?? null, location.origin),
    createWorker: createWebLlmWorker,
  });
  return llmStore;
}

/** The page's one TensorFlow.js worker, created on first use (never with the page). */
export function mlpRuntime(): MlpRuntime {
  mlp ??= createMlpRuntime(createMlpWorker);
  return mlp;
}
