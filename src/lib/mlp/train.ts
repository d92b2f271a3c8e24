/**
 * The training loop: epochs of SGD steps over a dataset, with progress, a
 * loss per epoch, an optional held-out evaluation, and a way to stop.
 *
 * The loss stays on the device during an epoch and is read back once at its
 * end: reading after every step would make a GPU wait for the CPU 1,000 times.
 */
import * as tf from '@tensorflow/tfjs-core';
import { oneHot, type Dataset } from './dataset';
import type { EpochReport } from './epochs';
import { logits, sgdStep, type Network } from './network';
import { shuffledIndices, type Random } from '../core/random';

export type { EpochReport } from './epochs';

export interface TrainOptions {
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Shuffle the examples before each epoch with this generator; without it they go in order, as in the seed. */
  shuffle?: Random;
  /** Held-out examples to measure accuracy on after each epoch. */
  heldOut?: Dataset;
  onEpoch?: (report: EpochReport) => void;
  /** Called about every `yieldEveryMs` with steps done and steps in all. */
  onProgress?: (step: number, steps: number) => void;
  /** Checked between steps; true ends the run after the current step. */
  shouldStop?: () => boolean;
  /**
   * Lets other work run (in a worker: the message that says "stop"). Called
   * about every `yieldEveryMs`; wasm and cpu never give way by themselves.
   */
  yieldToEvents?: () => Promise<void>;
  yieldEveryMs?: number;
  /**
   * Awaited before each epoch (1 for the first): the reader's pace (see
   * pacing.ts). Time spent here is not counted in the run's seconds.
   */
  beforeEpoch?: (epoch: number) => Promise<void>;
}

export interface TrainResult {
  epochs: EpochReport[];
  stopped: boolean;
  seconds: number;
}

/** Builds the `[batch, inputSize]` input and one-hot target tensors for examples `order[start..end)`. */
function batchTensors(
  data: Dataset,
  order: Uint32Array | null,
  start: number,
  end: number,
): [tf.Tensor2D, tf.Tensor2D] {
  const size = end - start;
  const { inputSize, classes } = data;
  if (!order) {
    // In order: views into the dataset, no copying.
    const x = tf.tensor2d(data.inputs.subarray(start * inputSize, end * inputSize), [size, inputSize]);
    return [x, tf.tensor2d(oneHot(data.labels.subarray(start, end), classes), [size, classes])];
  }
  const inputs = new Float32Array(size * inputSize);
  const labels = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const index = order[start + i]!;
    inputs.set(data.inputs.subarray(index * inputSize, (index + 1) * inputSize), i * inputSize);
    labels[i] = data.labels[index]!;
  }
  return [tf.tensor2d(inputs, [size, inputSize]), tf.tensor2d(oneHot(labels, classes), [size, classes])];
}

/** Trains `network` on `data` in place. Every tensor it makes is disposed before it returns. */
export async function train(network: Network, data: Dataset, options: TrainOptions): Promise<TrainResult> {
  const { learningRate, batchSize, epochs } = options;
  const yieldEveryMs = options.yieldEveryMs ?? 50;
  const batchesPerEpoch = Math.ceil(data.count / batchSize);
  const steps = batchesPerEpoch * epochs;
  const started = performance.now();
  let lastYield = started;
  let step = 0;
  /** Milliseconds spent waiting for the reader's pace, left out of the reported times. */
  let waited = 0;
  const elapsed = () => (performance.now() - started - waited) / 1000;
  const reports: EpochReport[] = [];

  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (options.beforeEpoch) {
      const waitStarted = performance.now();
      await options.beforeEpoch(epoch);
      waited += performance.now() - waitStarted;
      lastYield = performance.now();
      if (options.shouldStop?.()) return { epochs: reports, stopped: true, seconds: elapsed() };
    }
    const order = options.shuffle ? shuffledIndices(data.count, options.shuffle) : null;
    let lossSum: tf.Scalar = tf.scalar(0);
    let stopped = false;
    for (let start = 0; start < data.count; start += batchSize) {
      const [x, y] = batchTensors(data, order, start, Math.min(start + batchSize, data.count));
      const batchLoss = sgdStep(network, x, y, learningRate);
      const total = tf.add(lossSum, batchLoss) as tf.Scalar;
      tf.dispose([x, y, batchLoss, lossSum]);
      lossSum = total;
      step++;
      if (performance.now() - lastYield > yieldEveryMs) {
        options.onProgress?.(step, steps);
        await options.yieldToEvents?.();
        lastYield = performance.now();
      }
      if (options.shouldStop?.()) {
        stopped = true;
        break;
      }
    }
    const loss = (await lossSum.data())[0]! / data.count;
    lossSum.dispose();
    if (stopped) return { epochs: reports, stopped: true, seconds: elapsed() };
    const accuracy = options.heldOut ? (await evaluate(network, options.heldOut)).accuracy : undefined;
    const report: EpochReport = { epoch, epochs, loss, seconds: elapsed() };
    if (accuracy !== undefined) report.accuracy = accuracy;
    reports.push(report);
    options.onProgress?.(step, steps);
    options.onEpoch?.(report);
  }
  return { epochs: reports, stopped: false, seconds: elapsed() };
}

export interface Evaluation {
  /** Share of examples whose highest-scoring class is their label (0 to 1). */
  accuracy: number;
  /** The predicted class of each example. */
  predicted: Uint8Array;
  /** The softmax probability of that prediction. */
  confidence: Float32Array;
}

/** Predicts every example of `data` (in chunks, so a big set never makes one huge tensor). */
export async function evaluate(network: Network, data: Dataset, chunk = 500): Promise<Evaluation> {
  const predicted = new Uint8Array(data.count);
  const confidence = new Float32Array(data.count);
  let correct = 0;
  for (let start = 0; start < data.count; start += chunk) {
    const end = Math.min(start + chunk, data.count);
    const [classes, top] = tf.tidy(() => {
      const x = tf.tensor2d(data.inputs.subarray(start * data.inputSize, end * data.inputSize), [
        end - start,
        data.inputSize,
      ]);
      const probabilities = tf.softmax(logits(network, x));
      return [tf.argMax(probabilities, 1), tf.max(probabilities, 1)];
    });
    const [classValues, topValues] = await Promise.all([classes.data(), top.data()]);
    tf.dispose([classes, top]);
    for (let i = 0; i < end - start; i++) {
      predicted[start + i] = classValues[i]!;
      confidence[start + i] = topValues[i]!;
      if (classValues[i] === data.labels[start + i]) correct++;
    }
  }
  return { accuracy: data.count ? correct / data.count : 0, predicted, confidence };
}
