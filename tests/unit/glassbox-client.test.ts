import { describe, expect, it } from 'vitest';
import { connectGlassBox, type GlassBoxWorkerLike } from '../../src/lib/glassbox/client';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import type { GlassBoxRequest, GlassBoxResponse } from '../../src/lib/glassbox/protocol';
import { engineInfo } from '../../src/lib/llm/engine';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';

/** A stand-in worker that answers as src/workers/glassbox.worker.ts does, with a real glass box. */
function fakeWorker({ failLoad = false } = {}) {
  const listeners: {
    message: ((event: MessageEvent<GlassBoxResponse>) => void)[];
    error: ((event: Event) => void)[];
  } = { message: [], error: [] };
  const engine = createGlassBoxEngine({ seed: 0 });
  const sent: GlassBoxRequest['type'][] = [];
  let terminated = false;
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
    async postMessage(request) {
      sent.push(request.type);
      if (request.type === 'load') {
        if (failLoad) return emit({ type: 'error', stage: 'load', message: 'tokenizer.json: HTTP 404' });
        return emit({ type: 'ready', info: engineInfo(engine), pieces: ['<unk>', '<s>', '</s>'], loadMs: 5 });
      }
      try {
        if (request.type === 'reset') return emit({ type: 'done', requestId: request.requestId });
        const logits =
          request.type === 'prefill' ? await engine.prefill(request.ids) : await engine.step(request.id);
        emit({ type: 'logits', requestId: request.requestId, logits, ms: 1 });
      } catch (error) {
        emit({
          type: 'error',
          stage: 'run',
          requestId: request.requestId,
          message: (error as Error).message,
        });
      }
    },
  };
  return worker;
}

describe('the glass box behind a worker', () => {
  it('is an engine with the glass box’s facts, and its scores are the in-process glass box’s', async () => {
    const worker = fakeWorker();
    const remote = await connectGlassBox(() => worker, '/models/');
    const local = createGlassBoxEngine({ seed: 0 });
    expect(engineInfo(remote.engine)).toEqual(engineInfo(local));
    expect(remote.pieces).toEqual(['<unk>', '<s>', '</s>']);
    expect(await remote.engine.prefill(SEED_PROMPT_IDS)).toEqual(await local.prefill(SEED_PROMPT_IDS));
    expect(await remote.engine.step(22143)).toEqual(await local.step(22143));
    await remote.engine.reset();
    expect(worker.sent).toEqual(['load', 'prefill', 'step', 'reset']);
  });

  it('passes the engine’s errors on, and fails every call once the worker is gone', async () => {
    const worker = fakeWorker();
    const remote = await connectGlassBox(() => worker, '/models/');
    await expect(remote.engine.step(5)).rejects.toThrow(
      'Call prefill with the prompt before the first step.',
    );
    worker.crash();
    await expect(remote.engine.prefill([1])).rejects.toThrow('out of memory');
    remote.dispose();
    expect(worker.terminated()).toBe(true);
  });

  it('rejects with the worker’s reason when the load fails, or when the worker cannot start', async () => {
    await expect(connectGlassBox(() => fakeWorker({ failLoad: true }), '/models/')).rejects.toThrow(
      'tokenizer.json: HTTP 404',
    );
    await expect(
      connectGlassBox(() => {
        throw new Error('Workers are blocked');
      }, '/models/'),
    ).rejects.toThrow('Workers are blocked');
  });
});
