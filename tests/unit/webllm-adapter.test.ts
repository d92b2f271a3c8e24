/**
 * The WebLLM adapter's contract, without a GPU: a stand-in for WebLLM's
 * MLCEngine that behaves as `forwardTokensAndSample` does in WebLLM 0.2.x
 * (append the ids to the cache, compute the next scores, pass them through
 * the logit processor registered for the model, sample with its own random
 * numbers, return the token without caching it), with the glass box as its
 * network. Whatever the adapter does to WebLLM must give the chapters the
 * same numbers the glass box gives them directly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createGenerationController } from '../../src/lib/generation/controller';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { createGlassBoxModel } from '../../src/lib/glassbox/model';
import { createWeights, type GlassBoxWeights } from '../../src/lib/glassbox/weights';
import type { Engine, EngineInfo } from '../../src/lib/llm/engine';
import { MODELS } from '../../src/lib/llm/models';
import {
  createWebLlmAdapter,
  type ForwardingEngine,
  type LogitProcessorLike,
} from '../../src/lib/llm/webllm-adapter';
import { mulberry32 } from '../../src/lib/core/random';
import { standInClient } from './webllm-stand-in-worker';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';

const MODEL_ID = 'Mistral-7B-Instruct-v0.2-q4f16_1-MLC';
const SETTINGS: SamplingSettings = { ...SEED_SAMPLING, temperature: 0.8, topK: 40, topP: 0.95, seed: 3 };
let weights: GlassBoxWeights;
beforeAll(() => {
  weights = createWeights(POCKET_CONFIG, 0);
});

/** WebLLM's sampler, roughly: softmax at its own temperature and a draw from its own generator. */
function drawFrom(logits: Float32Array, random: () => number, temperature = 0.7): number {
  let max = -Infinity;
  for (const x of logits) if (x > max) max = x;
  const weightsOf = Array.from(logits, (x) => Math.exp((x - max) / temperature));
  let target = random() * weightsOf.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weightsOf.length; i++) if ((target -= weightsOf[i]!) < 0) return i;
  return weightsOf.findLastIndex((w) => w > 0);
}

/** A stand-in MLCEngine: registry and reload as WebLLM's, the glass box as its network. */
function standInWebLlm({ ignoreProcessor = false } = {}) {
  const model = createGlassBoxModel({ weights });
  const random = mulberry32(99);
  let registry = new Map<string, LogitProcessorLike>();
  let processor: LogitProcessorLike | undefined;
  const calls: string[] = [];
  const backend: ForwardingEngine & {
    setLogitProcessorRegistry(map: Map<string, LogitProcessorLike>): void;
    reload(modelId: string): void;
  } = {
    setLogitProcessorRegistry: (map) => void (registry = map),
    reload: (modelId) => void (processor = registry.get(modelId)),
    async resetChat() {
      model.reset();
      processor?.resetState();
      calls.push('resetChat');
    },
    async forwardTokensAndSample(ids, isPrefill) {
      calls.push(`${isPrefill ? 'prefill' : 'decode'} ${ids.length}`);
      if (!isPrefill && ids.length !== 1) throw new Error('decode expects exactly one token');
      let raw: Float32Array | null = null;
      ids.forEach((id, i) => (raw = model.append(id, i === ids.length - 1)));
      const processed = processor ? processor.processLogits(raw!) : raw!;
      const token = drawFrom(ignoreProcessor ? raw! : processed, random);
      processor?.processSampledToken(token);
      return token;
    },
  };
  return { backend, calls };
}

const INFO: EngineInfo = {
  label: 'Stand-in WebLLM',
  kind: 'webllm',
  vocabSize: POCKET_CONFIG.vocabSize,
  stopIds: [POCKET_CONFIG.eosTokenId],
  contextWindow: POCKET_CONFIG.maxPositionEmbeddings,
};

function adapterOn(stand: ReturnType<typeof standInWebLlm>, registeredFor = MODEL_ID) {
  const adapter = createWebLlmAdapter(stand.backend, INFO, MODEL_ID);
  stand.backend.setLogitProcessorRegistry(new Map([[registeredFor, adapter.processor]]));
  stand.backend.reload(MODEL_ID);
  return adapter.engine;
}

const controllerOn = (engine: Engine) =>
  createGenerationController({ engine, prompt: SEED_PROMPT_IDS, settings: SETTINGS, maxNewTokens: 64 });

describe('the WebLLM adapter against a stand-in engine', () => {
  it('reads the same scores the glass box gives, through the processor, for a prefill and each step', async () => {
    const stand = standInWebLlm();
    const engine = adapterOn(stand);
    const reference = createGlassBoxEngine({ weights });
    expect(await engine.prefill(SEED_PROMPT_IDS)).toEqual(await reference.prefill(SEED_PROMPT_IDS));
    for (const id of [22143, 28725, 13]) expect(await engine.step(id)).toEqual(await reference.step(id));
    expect(stand.calls).toEqual(['resetChat', 'prefill 20', 'decode 1', 'decode 1', 'decode 1']);
  });

  it('runs the loop exactly as the glass box does: same picks, forcing and rewinding included', async () => {
    const onAdapter = controllerOn(adapterOn(standInWebLlm()));
    const onGlassBox = controllerOn(createGlassBoxEngine({ weights }));
    const script = async (controller: ReturnType<typeof controllerOn>) => {
      for (let i = 0; i < 5; i++) await controller.step();
      const alternative = controller.view().steps[2]!.candidates.find((candidate) => !candidate.chosen)!;
      await controller.force(2, alternative.id);
      for (let i = 0; i < 3; i++) await controller.step();
      await controller.rewind(1);
      for (let i = 0; i < 4; i++) await controller.step();
      return controller
        .view()
        .steps.map((step) => [step.id, step.forced, step.candidates.map((c) => c.logit)]);
    };
    const expected = await script(onGlassBox);
    expect(await script(onAdapter)).toEqual(expected);
    expect(onAdapter.view().error).toBeNull();
  });

  it('leaves only one score finite for WebLLM, so its own sampler cannot pick anything else', async () => {
    const stand = standInWebLlm();
    const adapter = createWebLlmAdapter(stand.backend, INFO, MODEL_ID);
    // Outside the adapter's own calls the processor changes nothing.
    const scores = Float32Array.of(1, 3, 2);
    expect(adapter.processor.processLogits(scores)).toBe(scores);
    stand.backend.setLogitProcessorRegistry(new Map([[MODEL_ID, adapter.processor]]));
    stand.backend.reload(MODEL_ID);
    // 20 steps of WebLLM's random draws at temperature 0.7: each returned the one token left (or the adapter throws).
    await adapter.engine.prefill(SEED_PROMPT_IDS);
    for (let i = 0; i < 20; i++) await adapter.engine.step(1000 + i);
  });

  it('says so when the processor is not in WebLLM’s path', async () => {
    await expect(adapterOn(standInWebLlm(), 'another-model').prefill(SEED_PROMPT_IDS)).rejects.toThrow(
      `WebLLM did not call the logit processor for ${MODEL_ID}`,
    );
    // A sampler that ignores the processor draws from the raw scores: sooner or later not the one left finite.
    const ignoring = adapterOn(standInWebLlm({ ignoreProcessor: true }));
    const run = async () => {
      await ignoring.prefill(SEED_PROMPT_IDS);
      for (let i = 0; i < 10; i++) await ignoring.step(1000 + i);
    };
    await expect(run()).rejects.toThrow(
      /^WebLLM sampled token \d+, but the logit processor left only token \d+ possible/,
    );
    // After a failure the cache's contents are unknown: only a new prefill goes on.
    await expect(ignoring.step(5)).rejects.toThrow('Call prefill with the prompt before the first step.');
  });

  it('refuses a step before the prefill, an empty prompt, a bad id, and more than the context window', async () => {
    const engine = adapterOn(standInWebLlm());
    await expect(engine.step(5)).rejects.toThrow('Call prefill with the prompt before the first step.');
    await expect(engine.prefill([])).rejects.toThrow('at least one token');
    const small = createWebLlmAdapter(standInWebLlm().backend, { ...INFO, contextWindow: 21 }, MODEL_ID);
    await expect(small.engine.prefill(Array(22).fill(1))).rejects.toThrow(
      '22 positions do not fit the context window of 21.',
    );
    await engine.prefill([1]);
    await expect(engine.step(32000)).rejects.toThrow(
      'Token id 32000 is outside the vocabulary (0 to 31999).',
    );
  });
});

/** The page's engine client on the stand-in worker (webllm-stand-in-worker.ts), the glass box behind it. */
function clientOnStandIn() {
  const stand = standInWebLlm();
  return { ...standInClient(stand.backend), stand };
}

describe('the WebLLM adapter through the worker protocol', () => {
  it('refuses before a model is loaded, then runs the loop as the glass box does', async () => {
    const { client, load } = clientOnStandIn();
    const engine = client.forwardEngine({ ...INFO, label: MODELS['mistral-f16'].title });
    await expect(engine.prefill(SEED_PROMPT_IDS)).rejects.toThrow('No model is loaded');
    await load('mistral-f16');

    const remote = controllerOn(engine);
    const local = controllerOn(createGlassBoxEngine({ weights }));
    for (const controller of [remote, local]) {
      for (let i = 0; i < 4; i++) await controller.step();
      await controller.rewind(2);
      await controller.step();
    }
    expect(remote.view().error).toBeNull();
    expect(remote.view().steps.map((step) => step.id)).toEqual(local.view().steps.map((step) => step.id));
    expect(remote.view().steps[2]!.source).toBe('prefill');
  });

  it('passes the adapter’s errors back to the page', async () => {
    const { client, load } = clientOnStandIn();
    await load('mistral-f16');
    const engine = client.forwardEngine(INFO);
    await expect(engine.step(5)).rejects.toThrow('Call prefill with the prompt before the first step.');
    await engine.prefill([1]);
    await expect(engine.step(-1)).rejects.toThrow('Token id -1 is outside the vocabulary');
  });
});
