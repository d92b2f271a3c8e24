import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectGlassBox, type GlassBoxWorkerLike } from '../../src/lib/glassbox/client';
import { createGlassBoxEngine, type GlassBoxEngine } from '../../src/lib/glassbox/engine';
import type { GlassBoxRequest, GlassBoxResponse } from '../../src/lib/glassbox/protocol';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { engineInfo } from '../../src/lib/llm/engine';
import type { InPageModelId } from '../../src/lib/pocket/models';
import { pocketWeights } from '../../src/lib/pocket/weights';

const file = readFileSync(new URL('../../public/models/pocket/model.safetensors', import.meta.url));
const trained = pocketWeights(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));

/** A stand-in worker that answers as src/workers/glassbox.worker.ts does, with real in-page models. */
function fakeWorker({ failOpen = 0 } = {}) {
  const listeners: {
    message: ((event: MessageEvent<GlassBoxResponse>) => void)[];
    error: ((event: Event) => void)[];
  } = { message: [], error: [] };
  const engines = new Map<InPageModelId, GlassBoxEngine>();
  const sent: string[] = [];
  let terminated = false;
  let opensToFail = failOpen;
  const emit = (data: GlassBoxResponse) =>
    queueMicrotask(() =>
      listeners.message.forEach((listener) => listener({ data } as MessageEvent<GlassBoxResponse>)),
    );
  const worker: GlassBoxWorkerLike & { crash(): void; sent: typeof sent; terminated(): boolean } = {
    sent,
    terminated: () => terminated,
    crash: () =>
      listeners.error.forEach((listener) =>
        listener(Object.assign(new Event('error'), { message: 'out of memory' })),
      ),
    addEventListener(type: 'message' | 'error', listener: never) {
      (listeners[type] as unknown[]).push(listener);
    },
    terminate: () => void (terminated = true),
    async postMessage(request: GlassBoxRequest) {
      const { requestId, model } = request;
      if (request.type === 'open') {
        sent.push(`open ${model} from ${request.modelsUrl}`);
        if (opensToFail-- > 0)
          return emit({ type: 'error', stage: 'open', requestId, message: 'model.safetensors: HTTP 503' });
        emit({ type: 'progress', model, loaded: 100, total: 200 });
        const engine =
          model === 'pocket'
            ? createGlassBoxEngine({ weights: trained, identity: 'pocket' })
            : createGlassBoxEngine({ seed: 0 });
        engines.set(model, engine);
        return emit({ type: 'opened', requestId, info: engineInfo(engine), loadMs: 3 });
      }
      sent.push(`${request.type} ${model}`);
      try {
        const engine = engines.get(model)!;
        if (request.type === 'reset') return emit({ type: 'done', requestId });
        const logits =
          request.type === 'prefill' ? await engine.prefill(request.ids) : await engine.step(request.id);
        emit({ type: 'logits', requestId, logits, ms: 1 });
      } catch (error) {
        emit({ type: 'error', stage: 'run', requestId, message: (error as Error).message });
      }
    },
  };
  return worker;
}

describe('the in-page models behind a worker', () => {
  it('opens each model once as an engine whose facts and scores are the in-process model’s', async () => {
    const worker = fakeWorker();
    const remote = connectGlassBox(() => worker, '/models/');
    const progress: [number, number | null][] = [];
    const { engine: pocket } = await remote.open('pocket', (loaded, total) => progress.push([loaded, total]));
    const local = createGlassBoxEngine({ weights: trained, identity: 'pocket' });
    expect(engineInfo(pocket)).toEqual(engineInfo(local));
    expect(progress).toEqual([[100, 200]]);
    expect(await pocket.prefill(SEED_PROMPT_IDS)).toEqual(await local.prefill(SEED_PROMPT_IDS));
    expect(await pocket.step(22143)).toEqual(await local.step(22143));
    await pocket.reset();
    const { engine: untrained } = await remote.open('untrained');
    expect(untrained.kind).toBe('untrained');
    expect(await untrained.prefill(SEED_PROMPT_IDS)).toEqual(
      await createGlassBoxEngine({ seed: 0 }).prefill(SEED_PROMPT_IDS),
    );
    await remote.open('pocket');
    expect(worker.sent).toEqual([
      'open pocket from /models/',
      'prefill pocket',
      'step pocket',
      'reset pocket',
      'open untrained from /models/',
      'prefill untrained',
    ]);
  });

  it('passes a failed download on, and asks again on the next open', async () => {
    const worker = fakeWorker({ failOpen: 1 });
    const remote = connectGlassBox(() => worker, '/models/');
    await expect(remote.open('pocket')).rejects.toThrow('model.safetensors: HTTP 503');
    const { engine } = await remote.open('pocket');
    expect(engine.kind).toBe('pocket');
    expect(worker.sent).toEqual(['open pocket from /models/', 'open pocket from /models/']);
    // A failed download leaves the worker running: the same one is asked again.
    expect(remote.stopped).toBe(false);
  });

  it('passes the engine’s errors on, and fails every call once the worker is gone', async () => {
    const worker = fakeWorker();
    const remote = connectGlassBox(() => worker, '/models/');
    const { engine } = await remote.open('untrained');
    await expect(engine.step(5)).rejects.toThrow('Call prefill with the prompt before the first step.');
    const waiting = engine.prefill([1]);
    expect(remote.stopped).toBe(false);
    worker.crash();
    // A stopped worker cannot answer again; the panel starts a fresh one (as for a worker script that did not load).
    expect(remote.stopped).toBe(true);
    await expect(waiting).rejects.toThrow('out of memory');
    await expect(engine.prefill([1])).rejects.toThrow('out of memory');
    await expect(remote.open('pocket')).rejects.toThrow('out of memory');
    remote.dispose();
    expect(worker.terminated()).toBe(true);
  });

  it('throws when the worker cannot start', () => {
    expect(() =>
      connectGlassBox(() => {
        throw new Error('Workers are blocked');
      }, '/models/'),
    ).toThrow('Workers are blocked');
  });
});
