/// <reference lib="webworker" />
/**
 * A stand-in for src/workers/webllm.worker.ts, for end-to-end tests that
 * need a model "loaded" in Chromium without a GPU or weights. The test
 * serves it in place of the built worker script (see `standInWorkerScript`
 * in loaded-model.ts). It speaks the same protocol, and the generation
 * requests go through the real adapter (src/lib/llm/webllm-adapter.ts) and
 * its logit tap, exactly as in the real worker; only MLCEngine is replaced by
 * a network of the model's own vocabulary size, read from the
 * `mlc-chat-config.json` in the model's folder on the test host.
 *
 * The network's scores are small pseudo-random numbers that depend on every
 * id read so far, plus a strong preference for the next id of the reply
 * listed in `stand-in-reply.json` in the same folder (if there is one), so a
 * test knows what a greedy run writes and that it ends on the model's own
 * end token.
 */
import { weightsFolderUrl } from '../../../src/lib/llm/cache';
import type { EngineRequest, EngineResponse } from '../../../src/lib/llm/protocol';
import {
  answerForward,
  createLogitTap,
  type ForwardSession,
  type ForwardingEngine,
  type LogitProcessorLike,
} from '../../../src/lib/llm/webllm-adapter';

declare const self: DedicatedWorkerGlobalScope;

const reply = (message: EngineResponse) => self.postMessage(message);

/** The stand-in network, `vocabSize` scores per position. */
function network(vocabSize: number, script: readonly number[]) {
  let history: number[] = [];
  let promptLength = 0;
  const scores = () => {
    let seed = 2166136261;
    for (const id of history) seed = Math.imul(seed ^ id, 16777619) >>> 0;
    const logits = new Float32Array(vocabSize);
    for (let i = 0; i < vocabSize; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      logits[i] = (seed / 2 ** 32) * 4;
    }
    const next = script[history.length - promptLength];
    if (next !== undefined && next < vocabSize) logits[next] = 14;
    return logits;
  };
  return {
    reset() {
      history = [];
    },
    read(ids: number[], isPrefill: boolean) {
      history.push(...ids);
      if (isPrefill) promptLength = history.length;
      return scores();
    },
  };
}

let session: ForwardSession | null = null;
let backend: ForwardingEngine | null = null;

async function load(requestId: number, modelUrl: string, modelId: string) {
  const folder = weightsFolderUrl(modelUrl);
  reply({
    type: 'progress',
    requestId,
    report: { progress: 0, timeElapsed: 0, text: 'Stand-in: reading the config' },
  });
  const config = await fetch(new URL('mlc-chat-config.json', folder));
  if (!config.ok) throw new Error(`mlc-chat-config.json: HTTP ${config.status}`);
  const { vocab_size: vocabSize } = (await config.json()) as { vocab_size: number };
  const scripted = await fetch(new URL('stand-in-reply.json', folder));
  const script = scripted.ok ? ((await scripted.json()) as number[]) : [];
  const net = network(vocabSize, script);
  const tap = createLogitTap();
  const processor: LogitProcessorLike = tap.processor;
  backend = {
    async resetChat() {
      net.reset();
    },
    async forwardTokensAndSample(ids, isPrefill) {
      const processed = processor.processLogits(net.read(ids, isPrefill));
      // WebLLM's sampler draws among the finite scores; the tap leaves one.
      return processed.findIndex((x) => Number.isFinite(x));
    },
  };
  session = { modelId, tap, adapter: null };
  reply({ type: 'ready', requestId, modelId, loadMs: 1 });
}

self.addEventListener('message', async (event: MessageEvent<EngineRequest>) => {
  const request = event.data;
  const { requestId } = request;
  try {
    switch (request.type) {
      case 'load':
        return await load(requestId, request.record.modelUrl, request.record.modelId);
      case 'cancel':
        return reply({ type: 'cancelled', requestId });
      case 'unload':
        session = null;
        return reply({ type: 'unloaded', requestId });
      case 'cache-check':
      case 'cache-delete':
        return reply({ type: 'cache', requestId, modelId: request.record.modelId, cached: false });
      default: {
        if (!backend) throw new Error('No model is loaded; load one in the loading chapter first.');
        const answer = await answerForward(backend, session, request);
        if (answer.type === 'forward-done') return reply({ type: 'forward-done', requestId });
        self.postMessage({ ...answer, requestId } satisfies EngineResponse, [answer.logits.buffer]);
      }
    }
  } catch (error) {
    const stage = request.type === 'load' ? 'load' : request.type.startsWith('cache') ? 'cache' : 'generate';
    reply({ type: 'error', requestId, stage, error: { name: 'Error', message: (error as Error).message } });
  }
});
