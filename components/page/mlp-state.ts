/**
 * The page's one TensorFlow.js runtime, created on first use (never with
 * the page) and kept at module level, so Astro's client router, which keeps
 * the document across chapter changes, keeps a running TensorFlow.js too.
 * Its own module, not llm-state.ts, so the Parameters panels do not carry
 * the loading chapter's store.
 */
import { createMlpRuntime, type MlpRuntime } from '../../src/lib/mlp/runtime';
import { createMlpWorker } from './workers';

let mlp: MlpRuntime | null = null;

export function mlpRuntime(): MlpRuntime {
  mlp ??= createMlpRuntime(createMlpWorker);
  return mlp;
}
