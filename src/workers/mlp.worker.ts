/// <reference lib="webworker" />
/**
 * TensorFlow.js for the Parameters chapter, off the main thread. It loads
 * only when a panel asks (the first message), picks a backend by probing,
 * trains one job at a time and keeps the digits network for predictions.
 * Thin on purpose: the math lives in src/lib/mlp, where unit tests reach it.
 */
import * as tf from '@tensorflow/tfjs-core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import { probeWebGpu, type GpuLike } from '../lib/core/webgpu';
import {
  CHECK_PRODUCT,
  CPU_OPTION,
  checkBackend,
  preferenceOrder,
  probeWasm,
  webGpuOption,
  type BackendName,
  type BackendOption,
} from '../lib/mlp/backends';
import { randomDataset, SEED_DATA, type Dataset } from '../lib/mlp/dataset';
import { DIGITS_TRAIN_SEED, digitsDataset, loadDigits, splitDigits } from '../lib/mlp/digits';
import { createNetwork, disposeNetwork, probabilities, type Network } from '../lib/mlp/network';
import { countDenseNetwork } from '../lib/mlp/parameters';
import type { DigitImage, MlpRequest, MlpResponse, TrainTask } from '../lib/mlp/protocol';
import { mulberry32 } from '../lib/core/random';
import type { TrainingSettings } from '../lib/mlp/settings';
import { evaluate, train } from '../lib/mlp/train';

declare const self: DedicatedWorkerGlobalScope;

const reply = (message: MlpResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Each backend's code loads on first use; wasm is told where this site serves its .wasm files. */
const loadBackend: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
      });
      wasmPathsSet = true;
    }
  },
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};
let wasmPathsSet = false;

let options: BackendOption[] = [];
let current: BackendName | null = null;
let digits: { train: Dataset; heldOut: Dataset } | null = null;
let digitsNetwork: Network | null = null;
let job: { id: number; stop: boolean } | null = null;
const seedData = randomDataset(
  mulberry32(SEED_DATA.seed),
  SEED_DATA.samples,
  SEED_DATA.inputSize,
  SEED_DATA.classes,
);

/** Switches to `name` and checks a tiny product; on failure marks it unusable with the reason. */
async function activate(name: BackendName): Promise<boolean> {
  const mark = (detail: string) => {
    options = options.map((option) => (option.name === name ? { ...option, usable: false, detail } : option));
    return false;
  };
  try {
    await loadBackend[name]();
    if (!(await tf.setBackend(name))) return mark('It did not start in this browser.');
    await tf.ready();
    const product = tf.tidy(() =>
      tf.matMul(tf.tensor2d([...CHECK_PRODUCT.a], [2, 2]), tf.tensor2d([...CHECK_PRODUCT.b], [2, 2])),
    );
    const values = await product.data();
    product.dispose();
    if (!checkBackend(values)) return mark('It started but computed a wrong result.');
    current = name;
    return true;
  } catch (error) {
    return mark(`It failed to start: ${describe(error)}.`);
  }
}

async function init(preferred?: BackendName) {
  const gpu = (self.navigator as Navigator & { gpu?: GpuLike }).gpu;
  const webgpu = webGpuOption(await probeWebGpu(gpu, self.isSecureContext));
  options = [webgpu, probeWasm(typeof WebAssembly === 'object'), CPU_OPTION];
  const order = preferenceOrder(options);
  if (preferred && order.includes(preferred)) order.unshift(preferred);
  for (const name of order) if (await activate(name)) break;
  if (!current) throw new Error('No TensorFlow.js backend works in this browser.');
  reply({ type: 'backend', current, options });
}

/** Gives the event loop a turn (so a "stop" can arrive) without setTimeout's 4 ms clamp. */
const channel = new MessageChannel();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/** Up to `limit` held-out digits the network got wrong, with what it said. */
async function misclassified(network: Network, heldOut: Dataset, limit = 8): Promise<DigitImage[]> {
  const { predicted, confidence } = await evaluate(network, heldOut);
  const wrong: DigitImage[] = [];
  for (let i = 0; i < heldOut.count && wrong.length < limit; i++) {
    if (predicted[i] === heldOut.labels[i]) continue;
    const pixels = Uint8Array.from(heldOut.inputs.subarray(i * 784, (i + 1) * 784), (v) =>
      Math.round(v * 255),
    );
    wrong.push({ pixels, label: heldOut.labels[i]!, predicted: predicted[i]!, confidence: confidence[i]! });
  }
  return wrong;
}

async function runJob(jobId: number, task: TrainTask, settings: TrainingSettings) {
  if (job) throw new Error('Another training run is still going. Stop it, or wait for it to finish.');
  if (task === 'digits' && !digits) throw new Error('Load the digits first.');
  job = { id: jobId, stop: false };
  const widths = [784, settings.hiddenSize, 10];
  const network = createNetwork(
    widths,
    mulberry32(task === 'random' ? SEED_DATA.seed + 1 : DIGITS_TRAIN_SEED),
  );
  try {
    const data = task === 'random' ? seedData : digits!.train;
    const result = await train(network, data, {
      ...settings,
      ...(task === 'digits' ? { shuffle: mulberry32(DIGITS_TRAIN_SEED + 1), heldOut: digits!.heldOut } : {}),
      onEpoch: (report) => reply({ type: 'epoch', jobId, report }),
      onProgress: (step, steps) => reply({ type: 'progress', jobId, step, steps }),
      shouldStop: () => job?.stop === true,
      yieldToEvents,
    });
    const wrong =
      task === 'digits' && result.epochs.length > 0 ? await misclassified(network, digits!.heldOut) : [];
    if (task === 'digits' && result.epochs.length > 0) {
      if (digitsNetwork) disposeNetwork(digitsNetwork);
      digitsNetwork = network;
    } else {
      disposeNetwork(network);
    }
    const summary = {
      task,
      stopped: result.stopped,
      epochs: result.epochs,
      seconds: result.seconds,
      backend: current!,
      parameters: countDenseNetwork(widths).total,
      numTensors: tf.memory().numTensors,
      misclassified: wrong,
    };
    reply(
      { type: 'done', jobId, summary },
      wrong.map((image) => image.pixels.buffer),
    );
  } catch (error) {
    if (digitsNetwork !== network) disposeNetwork(network);
    throw error;
  } finally {
    job = null;
  }
}

async function prepareDigits(url: string) {
  const started = performance.now();
  const { digits: file, bytes } = await loadDigits(url);
  const split = splitDigits(file.count);
  digits = { train: digitsDataset(file, split.train), heldOut: digitsDataset(file, split.heldOut) };
  const examples: DigitImage[] = Array.from(split.heldOut.subarray(0, 40), (index) => ({
    pixels: file.pixels.slice(index * 784, (index + 1) * 784),
    label: file.labels[index]!,
  }));
  reply({
    type: 'digits-ready',
    train: digits.train.count,
    heldOut: digits.heldOut.count,
    bytes,
    loadMs: performance.now() - started,
    examples,
  });
}

const STAGES = {
  init: 'init',
  'use-backend': 'backend',
  'load-digits': 'digits',
  train: 'train',
  stop: 'train',
  predict: 'predict',
} as const satisfies Record<MlpRequest['type'], string>;

self.addEventListener('message', async (event: MessageEvent<MlpRequest>) => {
  const request = event.data;
  try {
    switch (request.type) {
      case 'init':
        return await init(request.backend);
      case 'use-backend':
        if (job) throw new Error('Stop the training run before switching backends.');
        if (!(await activate(request.backend)) && current) await activate(current);
        return reply({ type: 'backend', current: current!, options });
      case 'load-digits':
        return await prepareDigits(request.url);
      case 'train':
        return await runJob(request.jobId, request.task, request.settings);
      case 'stop':
        if (job?.id === request.jobId) job.stop = true;
        return;
      case 'predict': {
        if (!digitsNetwork) throw new Error('Train the network on the digits first.');
        const values = await probabilities(digitsNetwork, request.input);
        return reply({ type: 'prediction', requestId: request.requestId, probabilities: Array.from(values) });
      }
    }
  } catch (error) {
    reply({
      type: 'error',
      stage: STAGES[request.type],
      message: describe(error),
      ...('jobId' in request ? { jobId: request.jobId } : {}),
      ...('requestId' in request ? { requestId: request.requestId } : {}),
    });
  }
});
