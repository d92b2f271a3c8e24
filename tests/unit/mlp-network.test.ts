import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneHot, randomDataset, SEED_DATA, type Dataset } from '../../src/lib/mlp/dataset';
import {
  createNetwork,
  disposeNetwork,
  gradients,
  probabilities,
  type Network,
} from '../../src/lib/mlp/network';
import { countDenseNetwork } from '../../src/lib/mlp/parameters';
import { mulberry32 } from '../../src/lib/core/random';
import { evaluate, train } from '../../src/lib/mlp/train';

/**
 * The plain-JavaScript cpu backend for exactness, and wasm (the backend most
 * readers get) for the full seed run, which takes 15 s on cpu and 2 on wasm.
 * In Node, tfjs-backend-wasm reads its .wasm file from node_modules itself.
 */
async function useBackend(name: 'cpu' | 'wasm') {
  tf.env().set('IS_TEST', true); // silences "install tfjs-node" advice
  expect(await tf.setBackend(name)).toBe(true);
  await tf.ready();
}

beforeAll(() => useBackend('cpu'));

/** Mean cross-entropy computed in plain float64 JavaScript from the network's current numbers. */
async function referenceLoss(network: Network, inputs: number[][], labels: number[]): Promise<number> {
  const weights = await Promise.all(network.weights.map((w) => w.array()));
  const biases = await Promise.all(network.biases.map((b) => b.array()));
  let total = 0;
  inputs.forEach((input, n) => {
    let activation = input;
    weights.forEach((weight, layer) => {
      const out = biases[layer]!.map(
        (bias, j) => bias + activation.reduce((sum, a, i) => sum + a * weight[j]![i]!, 0),
      );
      activation = layer < weights.length - 1 ? out.map((v) => Math.max(0, v)) : out;
    });
    const max = Math.max(...activation);
    const logSum = Math.log(activation.reduce((sum, v) => sum + Math.exp(v - max), 0)) + max;
    total += logSum - activation[labels[n]!]!;
  });
  return total / inputs.length;
}

describe('the network in TensorFlow.js', () => {
  it('has exactly the parameters the table counts, for several shapes', () => {
    for (const widths of [
      [784, 256, 10],
      [784, 32, 10],
      [5, 4, 3],
      [3, 7, 6, 2],
    ]) {
      const network = createNetwork(widths, mulberry32(1));
      const sizes = [...network.weights, ...network.biases].map((t) => t.size).reduce((a, b) => a + b, 0);
      expect(sizes).toBe(countDenseNetwork(widths).total);
      // Names as PyTorch gives them; weights are [out, in], as in PyTorch.
      expect(network.layers.map((layer) => layer.name)).toEqual(widths.slice(1).map((_, i) => `fc${i + 1}`));
      expect(network.weights.map((w) => w.shape)).toEqual(widths.slice(1).map((out, i) => [out, widths[i]]));
      disposeNetwork(network);
    }
  });

  it('computes the gradients of the mean cross-entropy (checked against finite differences)', async () => {
    const network = createNetwork([5, 4, 3], mulberry32(7));
    const random = mulberry32(8);
    const inputs = [0, 1].map(() => Array.from({ length: 5 }, () => random() * 2 - 1));
    const labels = [2, 0];
    const x = tf.tensor2d(inputs);
    const y = tf.tensor2d(oneHot(labels, 3), [2, 3]);
    const grads = gradients(network, x, y);
    const analytic = [
      ...(await Promise.all(grads.weights.map((g) => g.array()))).map((g) => g.flat()),
      ...(await Promise.all(grads.biases.map((g) => g.array()))),
    ];
    expect((await grads.lossSum.data())[0]! / 2).toBeCloseTo(await referenceLoss(network, inputs, labels), 5);

    const parameters: tf.Variable[] = [...network.weights, ...network.biases];
    const epsilon = 1e-2;
    for (const [p, parameter] of parameters.entries()) {
      const values = Array.from(await parameter.data());
      for (const index of [0, values.length - 1, Math.floor(values.length / 2)]) {
        const nudge = async (delta: number) => {
          const changed = values.slice();
          changed[index]! += delta;
          parameter.assign(tf.tensor(changed, parameter.shape));
          return referenceLoss(network, inputs, labels);
        };
        const numeric = ((await nudge(epsilon)) - (await nudge(-epsilon))) / (2 * epsilon);
        parameter.assign(tf.tensor(values, parameter.shape));
        expect(analytic[p]![index]!).toBeCloseTo(numeric, 3);
      }
    }
    tf.dispose([x, y, grads.lossSum, ...grads.weights, ...grads.biases]);
    disposeNetwork(network);
  });

  it('memorises the seed run: the loss falls every epoch, from about 2.3 to below 0.05 (wasm)', async () => {
    await useBackend('wasm');
    const data = randomDataset(
      mulberry32(SEED_DATA.seed),
      SEED_DATA.samples,
      SEED_DATA.inputSize,
      SEED_DATA.classes,
    );
    const network = createNetwork([784, 256, 10], mulberry32(SEED_DATA.seed + 1));
    const result = await train(network, data, { learningRate: 0.01, batchSize: 1, epochs: 10 });
    const losses = result.epochs.map((epoch) => epoch.loss);
    expect(losses).toHaveLength(10);
    expect(losses[0]).toBeGreaterThan(2);
    expect(losses[0]).toBeLessThan(2.8);
    losses.slice(1).forEach((loss, i) => expect(loss).toBeLessThan(losses[i]!));
    expect(losses[9]).toBeLessThan(0.05);
    // Memorised: it now names every one of the 100 random labels.
    expect((await evaluate(network, data)).accuracy).toBe(1);
    disposeNetwork(network);
    await useBackend('cpu');
  }, 60_000);

  it('leaves no tensor behind: numTensors is the same after each of three runs', async () => {
    const data: Dataset = randomDataset(mulberry32(3), 20, 16, 4);
    const heldOut: Dataset = randomDataset(mulberry32(4), 10, 16, 4);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let run = 0; run < 3; run++) {
      const network = createNetwork([16, 8, 4], mulberry32(run));
      await train(network, data, {
        learningRate: 0.1,
        batchSize: 3,
        epochs: 2,
        heldOut,
        shuffle: mulberry32(run),
      });
      await probabilities(network, data.inputs.subarray(0, 16));
      disposeNetwork(network);
      counts.push(tf.memory().numTensors);
    }
    expect(counts).toEqual([before, before, before]);
  });

  it('stops between steps when asked, and reports the epochs it finished', async () => {
    const data = randomDataset(mulberry32(5), 30, 8, 3);
    const network = createNetwork([8, 4, 3], mulberry32(6));
    const before = tf.memory().numTensors;
    let epochsSeen = 0;
    const result = await train(network, data, {
      learningRate: 0.1,
      batchSize: 1,
      epochs: 5,
      onEpoch: () => epochsSeen++,
      shouldStop: () => epochsSeen >= 2,
    });
    expect(result.stopped).toBe(true);
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
    disposeNetwork(network);
  });

  it('gives ten probabilities that sum to 1', async () => {
    const network = createNetwork([784, 16, 10], mulberry32(9));
    const p = await probabilities(network, new Float32Array(784).fill(0.5));
    expect(p).toHaveLength(10);
    expect(Array.from(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    disposeNetwork(network);
  });
});
