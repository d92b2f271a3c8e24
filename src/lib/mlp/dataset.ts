/**
 * The examples a network trains on, as flat typed arrays (the form both
 * TensorFlow.js and a worker message take without conversion).
 */
import { normal, type Random } from '../core/random';
import { DIGIT_CLASSES, DIGIT_PIXELS } from './digits';

export interface Dataset {
  /** `count * inputSize` numbers, one example after another. */
  inputs: Float32Array;
  /** One class index per example. */
  labels: Uint8Array;
  count: number;
  inputSize: number;
  classes: number;
}

/** What the seed notebook trains on: standard-normal inputs and uniformly random labels, shaped like digits. */
export const SEED_DATA = {
  samples: 100,
  inputSize: DIGIT_PIXELS,
  classes: DIGIT_CLASSES,
  seed: 2024,
} as const;

/**
 * `count` examples of `inputSize` standard-normal numbers, each with a label
 * drawn uniformly from `classes` (the seed's `torch.randn` and `torch.randint`).
 * There is nothing to learn in such data except the examples themselves, so a
 * falling loss here means memorising, which is the point the seed makes.
 */
export function randomDataset(random: Random, count: number, inputSize: number, classes: number): Dataset {
  const inputs = new Float32Array(count * inputSize);
  for (let i = 0; i < inputs.length; i++) inputs[i] = normal(random);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = Math.floor(random() * classes);
  return { inputs, labels, count, inputSize, classes };
}

/** Examples `indices` of `data`, in that order, copied into a new dataset. */
export function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const inputs = new Float32Array(indices.length * data.inputSize);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    inputs.set(
      data.inputs.subarray(index * data.inputSize, (index + 1) * data.inputSize),
      i * data.inputSize,
    );
    labels[i] = data.labels[index]!;
  }
  return { inputs, labels, count: indices.length, inputSize: data.inputSize, classes: data.classes };
}

/** One-hot rows for `labels`: a 1 at each label's index, 0 elsewhere. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const rows = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) rows[i * classes + labels[i]!] = 1;
  return rows;
}
