import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CPU_OPTION, probeWasm, type BackendName, type BackendOption } from '../../src/lib/mlp/backends';
import { DIGIT_PIXELS, networkWidths } from '../../src/lib/mlp/digits';
import { countDenseNetwork } from '../../src/lib/mlp/parameters';
import type { TrainingSettings } from '../../src/lib/mlp/settings';
import {
  createTrainer,
  exampleDigits,
  misclassifiedDigits,
  type JobEvents,
  type TrainerOptions,
} from '../../src/lib/mlp/trainer';

beforeAll(() => {
  tf.env().set('IS_TEST', true); // silences "install tfjs-node" advice
});

/** Backends as a browser without a GPU offers them: WebGPU missing, wasm and cpu on offer. */
const OFFERED: BackendOption[] = [
  { name: 'webgpu', usable: false, detail: 'No adapter.' },
  probeWasm(true),
  CPU_OPTION,
];

/** The plain-JavaScript backend only; wasm "fails to start", as it would without its .wasm files. */
const loadBackend: TrainerOptions['loadBackend'] = {
  webgpu: async () => {
    throw new Error('not in Node');
  },
  wasm: async () => {
    throw new Error('tfjs-backend-wasm.wasm: HTTP 404');
  },
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

const TINY: TrainingSettings = { hiddenSize: 4, learningRate: 0.1, batchSize: 25, epochs: 2 };
const quiet: JobEvents = { onEpoch: () => {}, onProgress: () => {} };

/** A digits file as scripts/build-mnist.mjs packs it: `count` 28x28 digits, digit d drawn as a bar in row 2d. */
function digitsFile(count: number): Uint8Array {
  const header = 16;
  const bytes = new Uint8Array(header + count + count * DIGIT_PIXELS);
  bytes.set([...'MNS1'].map((c) => c.charCodeAt(0)));
  const view = new DataView(bytes.buffer);
  view.setUint32(4, count, true);
  view.setUint16(8, 28, true);
  view.setUint16(10, 28, true);
  for (let i = 0; i < count; i++) {
    const label = i % 10;
    bytes[header + i] = label;
    const start = header + count + i * DIGIT_PIXELS + label * 2 * 28;
    bytes.fill(255, start, start + 28);
  }
  return bytes;
}
const serve = (body: Uint8Array) =>
  (async () => new Response(body as Uint8Array<ArrayBuffer>)) as unknown as typeof fetch;

describe('the network’s shape', () => {
  it('takes a 28 x 28 digit in and gives ten scores out', () => {
    expect(DIGIT_PIXELS).toBe(784);
    expect(networkWidths(256)).toEqual([784, 256, 10]);
  });
});

describe('the digits to show', () => {
  it('keeps only the wrong predictions, at most `limit`, with their pixels back in bytes', () => {
    const data = {
      inputs: Float32Array.from({ length: 3 * DIGIT_PIXELS }, (_, i) => (i % DIGIT_PIXELS === 0 ? 1 : 0.5)),
      labels: Uint8Array.from([3, 7, 1]),
      count: 3,
      inputSize: DIGIT_PIXELS,
      classes: 10,
    };
    const wrong = misclassifiedDigits(data, [3, 2, 4], [0.9, 0.6, 0.4]);
    expect(wrong.map(({ pixels: _pixels, ...rest }) => rest)).toEqual([
      { label: 7, predicted: 2, confidence: 0.6 },
      { label: 1, predicted: 4, confidence: 0.4 },
    ]);
    expect(wrong[0]!.pixels).toHaveLength(DIGIT_PIXELS);
    expect([wrong[0]!.pixels[0], wrong[0]!.pixels[1]]).toEqual([255, 128]);
    expect(misclassifiedDigits(data, [3, 2, 4], [0.9, 0.6, 0.4], 1)).toHaveLength(1);
  });

  it('shows the digits at the first indices, each with its label', () => {
    const file = {
      pixels: new Uint8Array(3 * DIGIT_PIXELS).fill(9),
      labels: Uint8Array.from([5, 6, 7]),
      count: 3,
      side: 28,
    };
    const shown = exampleDigits(file, Uint32Array.from([2, 0]), 40);
    expect(shown.map((digit) => digit.label)).toEqual([7, 5]);
    expect(shown[0]!.pixels).toHaveLength(DIGIT_PIXELS);
    expect(exampleDigits(file, Uint32Array.from([2, 0, 1]), 1)).toHaveLength(1);
  });
});

describe('the trainer behind the TensorFlow.js worker', () => {
  it('falls back past a backend that fails to start, and says why it failed', async () => {
    const trainer = createTrainer({ loadBackend });
    const report = await trainer.start(OFFERED);
    expect(report.current).toBe('cpu');
    expect(report.options.find((option) => option.name === 'wasm')).toEqual({
      name: 'wasm',
      usable: false,
      detail: 'It failed to start: tfjs-backend-wasm.wasm: HTTP 404.',
    });
    // Asking for it again keeps the backend that works.
    expect((await trainer.useBackend('wasm')).current).toBe('cpu');
  });

  it('keeps a backend whose file did not download on offer, saying so, and blames the browser only otherwise', async () => {
    // As in a browser: the backend's code loads, but its factory fails (its .wasm file is missing), so
    // TensorFlow.js's setBackend answers only "false".
    tf.registerBackend('wasm', async () => {
      throw new Error('both async and sync fetching of the wasm failed');
    });
    const registered: TrainerOptions['loadBackend'] = { ...loadBackend, wasm: async () => {} };
    const asked: BackendName[] = [];
    const missing = createTrainer({
      loadBackend: registered,
      diagnoseDownload: async (name) => (
        asked.push(name),
        'Its WebAssembly file did not download (HTTP 404).'
      ),
    });
    const report = await missing.start(OFFERED);
    expect(report.current).toBe('cpu');
    expect(asked).toEqual(['wasm']);
    expect(report.options.find((option) => option.name === 'wasm')).toEqual({
      name: 'wasm',
      usable: true,
      detail:
        'Its WebAssembly file did not download (HTTP 404). Check your connection, then choose it again.',
    });
    const broken = await createTrainer({ loadBackend: registered }).start(OFFERED);
    expect(broken.options.find((option) => option.name === 'wasm')).toMatchObject({
      usable: false,
      detail: 'It did not start in this browser.',
    });
    tf.removeBackend('wasm');
  });

  it('says so when no backend works', async () => {
    const failing = Object.fromEntries(
      (['webgpu', 'wasm', 'cpu'] as BackendName[]).map((name) => [name, loadBackend.wasm]),
    ) as TrainerOptions['loadBackend'];
    await expect(createTrainer({ loadBackend: failing }).start(OFFERED)).rejects.toThrow(
      'No TensorFlow.js backend works in this browser.',
    );
  });

  it('runs the seed on random numbers: one job at a time, every epoch reported, nothing left behind', async () => {
    // The first job waits at its first yield until the test has tried to start a second one, so that
    // "still going" does not depend on how fast this machine trains.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const trainer = createTrainer({ loadBackend, yieldToEvents: () => gate, yieldEveryMs: -1 });
    await trainer.start(OFFERED, 'cpu');
    const epochs: number[] = [];
    const first = trainer.train(1, 'random', TINY, {
      ...quiet,
      onEpoch: (report) => epochs.push(report.epoch),
    });
    await expect(trainer.train(2, 'random', TINY, quiet)).rejects.toThrow(
      'Another training run is still going. Stop it, or wait for it to finish.',
    );
    await expect(trainer.useBackend('cpu')).rejects.toThrow(
      'Stop the training run before switching backends.',
    );
    release();
    const summary = await first;
    expect(epochs).toEqual([1, 2]);
    expect(summary).toMatchObject({
      task: 'random',
      stopped: false,
      backend: 'cpu',
      parameters: countDenseNetwork([784, 4, 10]).total,
      misclassified: [],
    });
    expect(summary.epochs).toHaveLength(2);
    const again = await trainer.train(3, 'random', TINY, quiet);
    expect(again.numTensors).toBe(summary.numTensors);
    expect(again.epochs.map((epoch) => epoch.loss)).toEqual(summary.epochs.map((epoch) => epoch.loss));
  });

  it('stops the job it is asked to stop, and only that one', async () => {
    const trainer = createTrainer({ loadBackend, yieldToEvents: () => Promise.resolve() });
    await trainer.start(OFFERED);
    const settings = { ...TINY, batchSize: 1, epochs: 50 };
    let stopped = false;
    const run = trainer.train(7, 'random', settings, {
      onEpoch: () => {
        trainer.stop(8);
        if (!stopped) trainer.stop(7);
        stopped = true;
      },
      onProgress: () => {},
    });
    const summary = await run;
    expect(summary.stopped).toBe(true);
    expect(summary.epochs.length).toBeLessThan(50);
  });

  it('learns the digits, keeps that network for predictions, and shows what it got wrong', async () => {
    const trainer = createTrainer({ loadBackend, fetcher: serve(digitsFile(100)) });
    await trainer.start(OFFERED);
    await expect(trainer.train(1, 'digits', TINY, quiet)).rejects.toThrow('Load the digits first.');
    await expect(trainer.predict(new Float32Array(DIGIT_PIXELS))).rejects.toThrow(
      'Train the network on the digits first.',
    );

    const loaded = await trainer.loadDigits('/data/mnist.bin');
    expect(loaded).toMatchObject({ train: 80, heldOut: 20, bytes: 16 + 100 * 785 });
    expect(loaded.examples).toHaveLength(20);
    // Digit d is a bar in row 2d, so each example's label says where its ink is.
    for (const { pixels, label } of loaded.examples) expect(pixels[label * 2 * 28]).toBe(255);

    const summary = await trainer.train(2, 'digits', { ...TINY, epochs: 1 }, quiet);
    expect(summary.task).toBe('digits');
    expect(summary.epochs[0]!.accuracy).toBeGreaterThanOrEqual(0);
    expect(summary.misclassified.length).toBeLessThanOrEqual(8);
    for (const digit of summary.misclassified) expect(digit.predicted).not.toBe(digit.label);
    const probabilities = await trainer.predict(new Float32Array(DIGIT_PIXELS));
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
  });
});
