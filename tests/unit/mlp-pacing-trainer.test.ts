import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CPU_OPTION, type BackendOption } from '../../src/lib/mlp/backends';
import type { Schedule } from '../../src/lib/mlp/pacing';
import type { TrainingSettings } from '../../src/lib/mlp/settings';
import { createTrainer, type TrainerOptions } from '../../src/lib/mlp/trainer';

beforeAll(() => {
  tf.env().set('IS_TEST', true); // silences "install tfjs-node" advice
});

const OFFERED: BackendOption[] = [CPU_OPTION];
const loadBackend: TrainerOptions['loadBackend'] = {
  webgpu: async () => Promise.reject(new Error('not in Node')),
  wasm: async () => Promise.reject(new Error('not in Node')),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};
const SETTINGS: TrainingSettings = { hiddenSize: 4, learningRate: 0.1, batchSize: 50, epochs: 3 };

/** Resolves on the trainer's next "paused" event, with the epochs done by then. */
function pausedEvents() {
  const waiters: ((done: number) => void)[] = [];
  const seen: number[] = [];
  return {
    seen,
    onPaused: (done: number) => {
      seen.push(done);
      waiters.shift()?.(done);
    },
    next: () => new Promise<number>((resolve) => waiters.push(resolve)),
  };
}

describe('a paced training job', () => {
  it('paused from the start: each Step runs exactly one epoch, then the run waits again', async () => {
    // A clock that never fires: nothing here may depend on time passing.
    const never: Schedule = () => () => {};
    const trainer = createTrainer({ loadBackend, schedule: never });
    await trainer.start(OFFERED);
    const epochs: number[] = [];
    const paused = pausedEvents();
    const firstPause = paused.next();
    const run = trainer.train(
      1,
      'random',
      SETTINGS,
      { onEpoch: (report) => epochs.push(report.epoch), onProgress: () => {}, onPaused: paused.onPaused },
      { speed: 'full', paused: true },
    );
    expect(await firstPause).toBe(0);
    expect(epochs).toEqual([]);

    for (const expected of [[1], [1, 2]]) {
      const pause = paused.next();
      trainer.step(2); // another job's id: nothing happens
      trainer.step(1);
      expect(await pause).toBe(expected.length);
      expect(epochs).toEqual(expected);
    }

    // Resume: the last epoch runs without another step, and the run ends normally.
    trainer.setPace(1, { speed: 'full', paused: false });
    const summary = await run;
    expect(epochs).toEqual([1, 2, 3]);
    expect(summary.stopped).toBe(false);
    expect(paused.seen).toEqual([0, 1, 2]);
  });

  it('stops a paused run at once, without another epoch', async () => {
    const trainer = createTrainer({ loadBackend, schedule: () => () => {} });
    await trainer.start(OFFERED);
    const paused = pausedEvents();
    const pause = paused.next();
    const epochs: number[] = [];
    const run = trainer.train(
      4,
      'random',
      SETTINGS,
      { onEpoch: (report) => epochs.push(report.epoch), onProgress: () => {}, onPaused: paused.onPaused },
      { speed: 'slow', paused: true },
    );
    await pause;
    trainer.stop(4);
    const summary = await run;
    expect(summary.stopped).toBe(true);
    expect(summary.epochs).toEqual([]);
    expect(epochs).toEqual([]);
  });
});
