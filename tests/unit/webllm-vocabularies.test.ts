/**
 * The WebLLM adapter's contract for every build the loading chapter offers,
 * not only Mistral v0.2's 32,000 ids: driven through the worker protocol
 * (the page's engine client, a stand-in worker doing what
 * src/workers/webllm.worker.ts does, the adapter inside it) by a stand-in
 * engine with a Qwen-sized (151,936) and a Mistral-v0.3-sized (32,768)
 * vocabulary. The reference is the same stand-in network called directly,
 * without WebLLM's path: the chapters must see the same scores, make the same
 * picks, force and rewind the same way, and stop at that model's own end token.
 */
import { describe, expect, it } from 'vitest';
import { createGenerationController } from '../../src/lib/generation/controller';
import type { Engine, EngineInfo } from '../../src/lib/llm/engine';
import { MODELS, type ModelKey } from '../../src/lib/llm/models';
import type { LogitProcessorLike } from '../../src/lib/llm/webllm-adapter';
import { mulberry32 } from '../../src/lib/core/random';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';
import { standInClient, type StandInBackend } from './webllm-stand-in-worker';

const SETTINGS: SamplingSettings = { ...SEED_SAMPLING, temperature: 0.8, topK: 40, topP: 0.95, seed: 7 };

/**
 * A network of any vocabulary size: small pseudo-random scores that depend on
 * every id read so far, plus a strong preference for the next id of `script`
 * (counted from the end of the prompt), so a run of it ends with the script's
 * last id, the model's end token.
 */
function scriptedNetwork(vocabSize: number, promptLength: number, script: readonly number[]) {
  let history: number[] = [];
  const scores = () => {
    let seed = 2166136261;
    for (const id of history) seed = Math.imul(seed ^ id, 16777619) >>> 0;
    const random = mulberry32(seed);
    const logits = new Float32Array(vocabSize);
    for (let i = 0; i < vocabSize; i++) logits[i] = random() * 4;
    const next = script[history.length - promptLength];
    if (next !== undefined) logits[next] = 14;
    return logits;
  };
  return {
    reset: () => void (history = []),
    /** Reads one id; the scores for the position after it when asked. */
    append(id: number, want: boolean) {
      history.push(id);
      return want ? scores() : null;
    },
  };
}

type Network = ReturnType<typeof scriptedNetwork>;

/** The reference: the network as an `Engine`, no WebLLM in the way. */
function directEngine(network: Network, info: EngineInfo): Engine {
  const read = (ids: readonly number[]) => {
    let logits: Float32Array | null = null;
    ids.forEach((id, i) => (logits = network.append(id, i === ids.length - 1)));
    return Promise.resolve(logits!);
  };
  return {
    ...info,
    reset: () => Promise.resolve(network.reset()),
    prefill: (ids) => (network.reset(), read(ids)),
    step: (id) => read([id]),
  };
}

/** WebLLM's `forwardTokensAndSample` on the network: scores through the registered processor, then its own draw. */
function standInWebLlm(network: Network) {
  const random = mulberry32(99);
  let registry = new Map<string, LogitProcessorLike>();
  let processor: LogitProcessorLike | undefined;
  const backend: StandInBackend = {
    setLogitProcessorRegistry: (map) => void (registry = map),
    reload: (modelId) => void (processor = registry.get(modelId)),
    async resetChat() {
      network.reset();
      processor?.resetState();
    },
    async forwardTokensAndSample(ids) {
      let raw: Float32Array | null = null;
      ids.forEach((id, i) => (raw = network.append(id, i === ids.length - 1)));
      const processed = processor!.processLogits(raw!);
      // WebLLM's sampler draws among the finite scores: with one left, it can only return that one.
      const finite = [...processed.keys()].filter((i) => Number.isFinite(processed[i]));
      return finite[Math.floor(random() * finite.length)]!;
    },
  };
  return backend;
}

/** The page's engine client on the stand-in worker (webllm-stand-in-worker.ts), `key` loaded. */
async function loadedClient(key: ModelKey, backend: ReturnType<typeof standInWebLlm>) {
  const { client, load } = standInClient(backend);
  await load(key);
  return client;
}

const BUILDS = [
  {
    key: 'small' as const,
    vocabSize: 151_936,
    // Qwen's stop ids (its mlc-chat-config: <|endoftext|>, <|im_end|>); the script ends with <|im_end|>.
    stopIds: [151_643, 151_645],
    prompt: [151_644, 872, 198, 6713, 498, 3270, 30, 151_645, 198, 151_644, 77_091, 198],
    script: [30_365, 11, 151_660, 151_935, 151_645],
  },
  {
    key: 'mistral-f32' as const,
    vocabSize: 32_768,
    stopIds: [2],
    prompt: [1, 3, 3186, 1136, 4092, 29_572, 4],
    script: [23_006, 29_493, 32_767, 2],
  },
];

describe.each(BUILDS)('the adapter with $key’s $vocabSize-entry vocabulary', (build) => {
  const info: EngineInfo = {
    label: MODELS[build.key].title,
    kind: 'webllm',
    vocabSize: build.vocabSize,
    stopIds: build.stopIds,
    contextWindow: MODELS[build.key].contextWindow,
  };
  const controllerOn = (engine: Engine) =>
    createGenerationController({ engine, prompt: build.prompt, settings: SETTINGS, maxNewTokens: 32 });

  it('is the size the registry says, and the model’s end token is among the stop ids', () => {
    expect(MODELS[build.key].vocabSize).toBe(build.vocabSize);
    expect(build.stopIds).toContain(build.script.at(-1));
  });

  it('gives the same scores and picks as the network itself, forcing and rewinding included', async () => {
    const remote = controllerOn(
      (
        await loadedClient(
          build.key,
          standInWebLlm(scriptedNetwork(build.vocabSize, build.prompt.length, build.script)),
        )
      ).forwardEngine(info),
    );
    const local = controllerOn(
      directEngine(scriptedNetwork(build.vocabSize, build.prompt.length, build.script), info),
    );
    const run = async (controller: ReturnType<typeof controllerOn>) => {
      for (let i = 0; i < 2; i++) await controller.step();
      const alternative = controller.view().steps[1]!.candidates.find((candidate) => !candidate.chosen)!;
      await controller.force(1, alternative.id);
      await controller.step();
      await controller.rewind(1);
      await controller.step();
      return controller.view().steps.map((step) => ({
        id: step.id,
        forced: step.forced,
        logits: step.candidates.map((c) => c.logit),
      }));
    };
    const expected = await run(local);
    expect(await run(remote)).toEqual(expected);
    expect(remote.view().error).toBeNull();
    // The first pick is the script's, scored 14 by the network: the scores crossed the worker intact.
    expect(expected[0]).toMatchObject({ id: build.script[0], forced: false });
    expect(expected[0]!.logits[0]).toBe(14);
  });

  it('takes ids up to the last one the model scores, and stops at the model’s own end token', async () => {
    const client = await loadedClient(
      build.key,
      standInWebLlm(scriptedNetwork(build.vocabSize, build.prompt.length, build.script)),
    );
    const controller = controllerOn(client.forwardEngine(info));
    while (!controller.view().ended) await controller.step();
    const view = controller.view();
    expect(view.error).toBeNull();
    expect(view.steps.map((step) => step.id)).toEqual(build.script);
    expect(view.ended).toMatchObject({ reason: 'end-of-text' });
    // An id past the model's scores is refused by the adapter, before WebLLM sees it.
    const engine = client.forwardEngine(info);
    await engine.prefill(build.prompt);
    await expect(engine.step(build.vocabSize)).rejects.toThrow(
      `Token id ${build.vocabSize} is outside the vocabulary (0 to ${build.vocabSize - 1}).`,
    );
  });

  it('refuses scores of another size, naming both figures', async () => {
    const client = await loadedClient(
      build.key,
      standInWebLlm(scriptedNetwork(build.vocabSize - 1, build.prompt.length, [])),
    );
    await expect(client.forwardEngine(info).prefill(build.prompt)).rejects.toThrow(
      `WebLLM returned ${(build.vocabSize - 1).toLocaleString('en')} scores; ${info.label} has ${build.vocabSize.toLocaleString('en')} tokens.`,
    );
  });
});
