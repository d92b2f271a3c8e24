/// <reference lib="webworker" />
/**
 * Runs WebLLM's MLCEngine off the main thread, behind the site's own message
 * protocol (src/lib/llm/protocol.ts). This file is the only place that imports
 * @mlc-ai/web-llm (about 2.2 MB gzipped): the worker starts on the reader's
 * first load or cache action, never with a page.
 */
import {
  deleteModelAllInfoInCache,
  hasModelInCache,
  MLCEngine,
  type AppConfig,
  type ModelRecord,
} from '@mlc-ai/web-llm';
import { inspectModelCache, sweepModelCache, weightsFolderUrl } from '../lib/llm/cache';
import { shouldProbeHost } from '../lib/llm/errors';
import { answerForward, createLogitTap, type ForwardSession } from '../lib/llm/webllm-adapter';
import type { WebLlmRecord } from '../lib/llm/models';
import type { EngineRequest, EngineResponse, FetchProbe, WireError } from '../lib/llm/protocol';

declare const self: DedicatedWorkerGlobalScope;

const reply = (message: EngineResponse) => self.postMessage(message);

let engine: MLCEngine | null = null;
let currentLoad: { requestId: number; cancelled: boolean } | null = null;
/** The logit processor registered for the loaded model, and the generation chapters' engine on it. */
let loaded: ForwardSession | null = null;

function modelRecord(record: WebLlmRecord): ModelRecord {
  const overrides: NonNullable<ModelRecord['overrides']> = {};
  if (record.contextWindowSize !== null) overrides.context_window_size = record.contextWindowSize;
  if (record.slidingWindowSize !== null) overrides.sliding_window_size = record.slidingWindowSize;
  return {
    model: record.modelUrl,
    model_id: record.modelId,
    model_lib: record.modelLibUrl,
    vram_required_MB: record.vramRequiredMB,
    low_resource_required: record.lowResourceRequired,
    required_features: record.requiredFeatures,
    overrides,
  };
}

/** The Cache API backend, which src/lib/llm/cache.ts reads without WebLLM. */
const appConfig = (record: WebLlmRecord): AppConfig => ({
  model_list: [modelRecord(record)],
  cacheBackend: 'cache',
});

function toWire(error: unknown): WireError {
  if (error instanceof Error || error instanceof DOMException)
    return { name: error.name, message: error.message };
  return { name: 'Error', message: typeof error === 'string' ? error : String(error) };
}

async function probeHost(record: WebLlmRecord): Promise<FetchProbe[]> {
  const urls = [new URL('mlc-chat-config.json', weightsFolderUrl(record.modelUrl)).href, record.modelLibUrl];
  return Promise.all(
    urls.map(async (url) => {
      try {
        const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
        return { url, status: response.status };
      } catch {
        return { url, status: null };
      }
    }),
  );
}

async function load(requestId: number, record: WebLlmRecord) {
  const started = performance.now();
  const attempt = { requestId, cancelled: false };
  currentLoad = attempt;
  try {
    engine ??= new MLCEngine();
    engine.setAppConfig(appConfig(record));
    engine.setInitProgressCallback(({ progress, timeElapsed, text }) => {
      if (!attempt.cancelled) reply({ type: 'progress', requestId, report: { progress, timeElapsed, text } });
    });
    // WebLLM binds a model's logit processor when it loads the model, so register ours first.
    const tap = createLogitTap();
    engine.setLogitProcessorRegistry(new Map([[record.modelId, tap.processor]]));
    loaded = null;
    // reload() first unloads whatever model was loaded, then fetches (or reads from the cache) and loads this one.
    await engine.reload(record.modelId);
    if (!attempt.cancelled) loaded = { modelId: record.modelId, tap, adapter: null };
    if (attempt.cancelled) {
      // WebLLM returns quietly from an aborted reload; make sure nothing stays in GPU memory.
      await engine.unload();
      reply({ type: 'cancelled', requestId });
    } else {
      reply({ type: 'ready', requestId, modelId: record.modelId, loadMs: performance.now() - started });
    }
  } catch (error) {
    if (attempt.cancelled) {
      // An aborted fetch rejects with the abort reason, which may be any value: a cancel, not a failure.
      reply({ type: 'cancelled', requestId });
      return;
    }
    const wire = toWire(error);
    if (shouldProbeHost(wire)) wire.probe = await probeHost(record);
    reply({ type: 'error', requestId, stage: 'load', error: wire });
  } finally {
    if (currentLoad === attempt) currentLoad = null;
  }
}

/** The generation chapters' requests, on the loaded model through the adapter. */
async function forward(request: Extract<EngineRequest, { type: `forward-${string}` }>) {
  if (!engine) throw new Error('No model is loaded; load one in the loading chapter first.');
  const answer = await answerForward(engine, loaded, request);
  if (answer.type === 'forward-done') return reply({ type: 'forward-done', requestId: request.requestId });
  self.postMessage({ ...answer, requestId: request.requestId } satisfies EngineResponse, [
    answer.logits.buffer,
  ]);
}

async function clearCache(record: WebLlmRecord) {
  const status = await inspectModelCache(record, caches);
  // WebLLM's delete reads the shard list from the cache (or, failing that, from the network): only ask it when the list is stored.
  if (status.state === 'complete' || (status.state === 'partial' && status.shardsTotal !== null)) {
    await deleteModelAllInfoInCache(record.modelId, appConfig(record));
  }
  await sweepModelCache(record, caches);
}

self.addEventListener('message', async (event: MessageEvent<EngineRequest>) => {
  const request = event.data;
  const { requestId } = request;
  try {
    switch (request.type) {
      case 'load':
        return await load(requestId, request.record);
      case 'cancel':
        if (currentLoad?.requestId !== requestId) return reply({ type: 'cancelled', requestId });
        currentLoad.cancelled = true;
        // unload() aborts the reload's downloads through WebLLM's own AbortController; load() then replies.
        return await engine?.unload();
      case 'unload':
        loaded = null;
        await engine?.unload();
        return reply({ type: 'unloaded', requestId });
      case 'cache-check': {
        const cached = await hasModelInCache(request.record.modelId, appConfig(request.record));
        return reply({ type: 'cache', requestId, modelId: request.record.modelId, cached });
      }
      case 'cache-delete': {
        await clearCache(request.record);
        // Ask WebLLM itself whether it still finds the model, so "deleted" is its answer, not ours.
        const cached = await hasModelInCache(request.record.modelId, appConfig(request.record));
        return reply({ type: 'cache', requestId, modelId: request.record.modelId, cached });
      }
      case 'forward-reset':
      case 'forward-prefill':
      case 'forward-step':
        return await forward(request);
    }
  } catch (error) {
    reply({
      type: 'error',
      requestId,
      stage: request.type === 'load' ? 'load' : request.type.startsWith('forward-') ? 'generate' : 'cache',
      error: toWire(error),
    });
  }
});
