/**
 * The mini network in TensorFlow.js: Linear -> ReLU -> ... -> Linear, with
 * cross-entropy loss and plain SGD, written with tfjs-core ops.
 *
 * Why not `tf.layers` and `model.fit`? Two reasons. The seed trains one
 * example at a time, and a plain `fit` loop spends most of those 1,000 tiny
 * steps on bookkeeping (5.5 s on wasm when this chapter was planned; this
 * loop's time is in `npm run bench`). And the chapter is about what training
 * does: here the forward pass, the loss, the gradients and the update are
 * each a few visible lines. The gradients are the textbook ones for softmax
 * cross-entropy and ReLU; a unit test checks them against finite differences.
 * Leaving out tfjs-layers (and autodiff) also keeps the worker small.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LinearLayer } from '../core/parameters';
import { denseLayers } from './parameters';
import { uniformArray, type Random } from '../core/random';

export interface Network {
  layers: LinearLayer[];
  /** One `[out, in]` weight matrix per layer, as PyTorch stores it. */
  weights: tf.Variable<tf.Rank.R2>[];
  biases: tf.Variable<tf.Rank.R1>[];
}

/**
 * A network with these layer widths, initialised as PyTorch's `nn.Linear`
 * does: weights and biases uniform in +-1/sqrt(in).
 */
export function createNetwork(widths: readonly number[], random: Random): Network {
  const layers = denseLayers(widths);
  const weights: tf.Variable<tf.Rank.R2>[] = [];
  const biases: tf.Variable<tf.Rank.R1>[] = [];
  for (const { inFeatures, outFeatures } of layers) {
    const bound = 1 / Math.sqrt(inFeatures);
    const w = uniformArray(random, inFeatures * outFeatures, bound);
    const b = uniformArray(random, outFeatures, bound);
    // tidy disposes the starting-value tensors; variables outlive it. tfjs variable names are global and
    // must be unique, so the PyTorch-style names live in `layers`, not on the variables.
    tf.tidy(() => {
      weights.push(tf.variable(tf.tensor2d(w, [outFeatures, inFeatures])));
      biases.push(tf.variable(tf.tensor1d(b)));
    });
  }
  return { layers, weights, biases };
}

export function disposeNetwork(network: Network): void {
  for (const tensor of [...network.weights, ...network.biases]) tensor.dispose();
}

/**
 * Batches smaller than this multiply by the weights in a plain loop; larger
 * ones through XNNPACK. The reason is wasm-specific: tfjs-backend-wasm sends
 * an untransposed product to XNNPACK, which first repacks the weight matrix
 * and caches that by tensor, and an SGD step makes a new weight tensor every
 * time. For one example, repacking 200,704 weights costs more than the whole
 * product; for a batch of 32 the fast kernel earns it back. (Measured in Node
 * on wasm: the seed run takes about 0.7 s of CPU time this way, 2.2 s always
 * through XNNPACK.) Other backends compute the same numbers either way.
 */
export const XNNPACK_MIN_BATCH = 8;

/** `x` times the transpose of an `[out, in]` weight: the inputs of a batch through one Linear layer. */
function timesTransposed(x: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D {
  return x.shape[0] < XNNPACK_MIN_BATCH
    ? tf.matMul(x, weight, false, true)
    : tf.matMul(x, tf.transpose(weight));
}

/** The activations of every layer: `[input, hidden..., logits]`; ReLU after all but the last layer. */
function forwardAll(network: Network, x: tf.Tensor2D): tf.Tensor2D[] {
  const activations = [x];
  network.weights.forEach((weight, i) => {
    const z = tf.add<tf.Tensor2D>(timesTransposed(activations[i]!, weight), network.biases[i]!);
    activations.push(i === network.weights.length - 1 ? z : tf.relu(z));
  });
  return activations;
}

/** The network's output scores (logits) for a batch of inputs. */
export function logits(network: Network, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => forwardAll(network, x).at(-1)!);
}

export interface Gradients {
  /** Cross-entropy summed over the batch (divide by the batch size for the mean). */
  lossSum: tf.Scalar;
  weights: tf.Tensor2D[];
  biases: tf.Tensor1D[];
}

/**
 * Forward pass, loss and backward pass for one batch: the gradients of the
 * mean cross-entropy with respect to every weight and bias, times `scale`.
 * `y` is one-hot. Call inside `tf.tidy` (or dispose the results).
 *
 * `scale` lets an SGD step get learning rate x gradient straight out of the
 * backward pass: it scales only the small output-layer error, which saves a
 * multiplication over every one of the 200,704 fc1 weights at every step.
 */
export function gradients(network: Network, x: tf.Tensor2D, y: tf.Tensor2D, scale = 1): Gradients {
  const activations = forwardAll(network, x);
  const logProbabilities = tf.logSoftmax(activations.at(-1)!);
  const lossSum = tf.neg(tf.sum<tf.Scalar>(tf.mul(y, logProbabilities)));
  // d(mean loss)/d(logits) = (softmax - one-hot) / batch size.
  let delta: tf.Tensor2D = tf.mul(tf.sub(tf.exp(logProbabilities), y), scale / x.shape[0]);
  const weights: tf.Tensor2D[] = [];
  const biases: tf.Tensor1D[] = [];
  for (let i = network.weights.length - 1; i >= 0; i--) {
    const input = activations[i]!;
    // [out, batch] x [batch, in]: the small delta is transposed, never the weight-sized result.
    weights[i] = tf.matMul(tf.transpose(delta), input);
    biases[i] = tf.sum(delta, 0);
    if (i > 0) {
      // Back through the layer, then through ReLU: no gradient where the activation was 0.
      delta = tf.mul(tf.matMul(delta, network.weights[i]!), tf.step(input));
    }
  }
  return { lossSum, weights, biases };
}

/**
 * One SGD step on one batch: every parameter moves against its gradient by
 * `learningRate` times it. Returns the batch's summed loss (before the step).
 */
export function sgdStep(network: Network, x: tf.Tensor2D, y: tf.Tensor2D, learningRate: number): tf.Scalar {
  return tf.tidy(() => {
    const steps = gradients(network, x, y, learningRate);
    network.weights.forEach((weight, i) => weight.assign(tf.sub(weight, steps.weights[i]!)));
    network.biases.forEach((bias, i) => bias.assign(tf.sub(bias, steps.biases[i]!)));
    return steps.lossSum;
  });
}

/** Softmax probabilities for one flat input of the network's input width. */
export async function probabilities(network: Network, input: Float32Array): Promise<Float32Array> {
  const output = tf.tidy(() => tf.softmax(logits(network, tf.tensor2d(input, [1, input.length]))));
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}
