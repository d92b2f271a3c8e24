/**
 * Everything the TensorFlow.js worker (src/workers/mlp.worker.ts) does, apart
 * from talking to the page: switching backends (and checking that each one
 * really computes), loading the digits, one training job at a time, the
 * digits network kept for predictions, and the held-out digits it got wrong.
 * The worker only loads the backends' code and passes messages, so unit
 * tests reach all of this in Node on the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../core/random';
import {
  CHECK_PRODUCT,
  checkBackend,
  preferenceOrder,
  type BackendName,
  type BackendOption,
} from './backends';
import { randomDataset, SEED_DATA, type Dataset } from './dataset';
import {
  DIGIT_PIXELS,
  DIGITS_TRAIN_SEED,
  digitsDataset,
  loadDigits,
  networkWidths,
  splitDigits,
  type Digits,
} from './digits';
import type { EpochReport } from './epochs';
import { createNetwork, disposeNetwork, probabilities, type Network } from './network';
import { countDenseNetwork } from './parameters';
import type { DigitImage, RunSummary, TrainTask } from './protocol';
import type { TrainingSettings } from './settings';
import { createPacer, FULL_SPEED, type Pace, type Pacer, type Schedule } from './pacing';
import { evaluate, train } from './train';

/** How many held-out digits the Digits panel shows before any training, and how many mistakes after it. */
export const EXAMPLE_DIGITS = 40;
export const MISCLASSIFIED_SHOWN = 8;

/** The backends on offer and the one in use: what the worker's `backend` message carries. */
export interface BackendReport {
  current: BackendName;
  options: BackendOption[];
}

/** The digits, loaded and split: what the worker's `digits-ready` message carries. */
export interface DigitsReport {
  train: number;
  heldOut: number;
  bytes: number;
  loadMs: number;
  examples: DigitImage[];
}

export interface TrainerOptions {
  /** Loads a backend's code; the worker knows where the site serves the wasm files. */
  loadBackend: Record<BackendName, () => Promise<unknown>>;
  /** Gives the event loop a turn during a run, so that a "stop" can arrive. */
  yieldToEvents?: () => Promise<void>;
  /** How often a run gives way (train.ts's default when left out); a negative value gives way after every step (tests). */
  yieldEveryMs?: number;
  /** How the digits are downloaded (a stand-in in tests). */
  fetcher?: typeof fetch;
  /**
   * Why a backend did not start, when the cause is a download (its wasm file
   * missing or cut off): asked only after a failure. Null when its files
   * arrived, so the failure is the browser's. TensorFlow.js itself only says
   * "false".
   */
  diagnoseDownload?: (name: BackendName) => Promise<string | null>;
  /** The timer behind a slow run's waits (setTimeout unless a test brings a fake clock). */
  schedule?: Schedule;
}

export interface JobEvents {
  onEpoch(report: EpochReport): void;
  onProgress(step: number, steps: number): void;
  /** The run is paused and waiting for the reader, after `epochsDone` epochs. */
  onPaused?(epochsDone: number): void;
}

export interface Trainer {
  /** Tries the usable `options`, best first (or `preferred` first), and keeps the first that computes correctly. */
  start(options: BackendOption[], preferred?: BackendName): Promise<BackendReport>;
  /** Switches to `name`; if it fails, it is marked unusable and the backend in use stays. */
  useBackend(name: BackendName): Promise<BackendReport>;
  loadDigits(url: string): Promise<DigitsReport>;
  /** Runs one job to its end (or its stop); throws while another runs, or for digits not loaded yet. */
  train(
    jobId: number,
    task: TrainTask,
    settings: TrainingSettings,
    events: JobEvents,
    pace?: Pace,
  ): Promise<RunSummary>;
  /** Asks job `jobId` to stop after its current step; nothing for any other id. */
  stop(jobId: number): void;
  /** Changes job `jobId`'s pace (see pacing.ts); nothing for any other id. */
  setPace(jobId: number, pace: Pace): void;
  /** Lets paused job `jobId` run one more epoch; nothing for any other id. */
  step(jobId: number): void;
  /** Ten probabilities for one drawn digit, from the network the last digits run trained. */
  predict(input: Float32Array): Promise<number[]>;
}

/** A digit image from network inputs (0 to 1) back to bytes (0 to 255), for showing. */
function digitPixels(inputs: Float32Array, index: number): Uint8Array {
  return Uint8Array.from(inputs.subarray(index * DIGIT_PIXELS, (index + 1) * DIGIT_PIXELS), (value) =>
    Math.round(value * 255),
  );
}

/** The first `limit` examples of `data` whose predicted class is not their label, with what was said. */
export function misclassifiedDigits(
  data: Dataset,
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  limit = MISCLASSIFIED_SHOWN,
): DigitImage[] {
  const wrong: DigitImage[] = [];
  for (let i = 0; i < data.count && wrong.length < limit; i++) {
    if (predicted[i] === data.labels[i]) continue;
    wrong.push({
      pixels: digitPixels(data.inputs, i),
      label: data.labels[i]!,
      predicted: predicted[i]!,
      confidence: confidence[i]!,
    });
  }
  return wrong;
}

/** The digits at the first `count` of `indices`, as images to show. */
export function exampleDigits(
  digits: Digits,
  indices: ArrayLike<number>,
  count = EXAMPLE_DIGITS,
): DigitImage[] {
  const size = digits.side * digits.side;
  return Array.from({ length: Math.min(count, indices.length) }, (_, i) => {
    const index = indices[i]!;
    return { pixels: digits.pixels.slice(index * size, (index + 1) * size), label: digits.labels[index]! };
  });
}

/** The seed notebook's random examples (made on the first random run, then kept). */
const seedDataset = () =>
  randomDataset(mulberry32(SEED_DATA.seed), SEED_DATA.samples, SEED_DATA.inputSize, SEED_DATA.classes);

export function createTrainer({
  loadBackend,
  yieldToEvents,
  yieldEveryMs,
  fetcher,
  diagnoseDownload = async () => null,
  schedule,
}: TrainerOptions): Trainer {
  let options: BackendOption[] = [];
  let current: BackendName | null = null;
  let digits: { train: Dataset; heldOut: Dataset } | null = null;
  let digitsNetwork: Network | null = null;
  let job: { id: number; stop: boolean; pacer: Pacer } | null = null;
  let seedData: Dataset | null = null;

  const report = (): BackendReport => {
    if (!current) throw new Error('No TensorFlow.js backend works in this browser.');
    return { current, options };
  };

  /** Switches to `name` and checks a tiny product; on failure marks it unusable with the reason. */
  async function activate(name: BackendName): Promise<boolean> {
    const mark = (detail: string, usable = false) => {
      options = options.map((option) => (option.name === name ? { ...option, usable, detail } : option));
      return false;
    };
    try {
      await loadBackend[name]();
      if (!(await tf.setBackend(name))) {
        // A failed download is not the browser's fault: the backend stays on offer, to be chosen again.
        const download = await diagnoseDownload(name);
        return download
          ? mark(`${download} Check your connection, then choose it again.`, true)
          : mark('It did not start in this browser.');
      }
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
      return mark(`It failed to start: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }

  return {
    async start(offered, preferred) {
      options = offered;
      const order = preferenceOrder(options);
      if (preferred && order.includes(preferred)) order.unshift(preferred);
      for (const name of order) if (await activate(name)) break;
      return report();
    },

    async useBackend(name) {
      if (job) throw new Error('Stop the training run before switching backends.');
      if (!(await activate(name)) && current) await activate(current);
      return report();
    },

    async loadDigits(url) {
      const started = performance.now();
      const { digits: file, bytes } = await loadDigits(url, fetcher);
      const split = splitDigits(file.count);
      digits = { train: digitsDataset(file, split.train), heldOut: digitsDataset(file, split.heldOut) };
      return {
        train: digits.train.count,
        heldOut: digits.heldOut.count,
        bytes,
        loadMs: performance.now() - started,
        examples: exampleDigits(file, split.heldOut),
      };
    },

    async train(jobId, task, settings, events, pace = FULL_SPEED) {
      if (job) throw new Error('Another training run is still going. Stop it, or wait for it to finish.');
      // The digits as they are when the run starts (null for the seed's random data).
      const onDigits = task === 'digits' ? digits : null;
      if (task === 'digits' && !onDigits) throw new Error('Load the digits first.');
      if (!current) throw new Error('TensorFlow.js has not started yet.');
      const pacer = createPacer(pace, {
        ...(schedule ? { schedule } : {}),
        ...(events.onPaused ? { onPaused: events.onPaused } : {}),
      });
      job = { id: jobId, stop: false, pacer };
      const widths = networkWidths(settings.hiddenSize);
      const network = createNetwork(widths, mulberry32(onDigits ? DIGITS_TRAIN_SEED : SEED_DATA.seed + 1));
      try {
        const data = onDigits?.train ?? (seedData ??= seedDataset());
        const result = await train(network, data, {
          ...settings,
          ...(onDigits ? { shuffle: mulberry32(DIGITS_TRAIN_SEED + 1), heldOut: onDigits.heldOut } : {}),
          onEpoch: events.onEpoch,
          onProgress: events.onProgress,
          shouldStop: () => job?.stop === true,
          beforeEpoch: (epoch) => pacer.beforeEpoch(epoch),
          ...(yieldToEvents ? { yieldToEvents } : {}),
          ...(yieldEveryMs === undefined ? {} : { yieldEveryMs }),
        });
        let misclassified: DigitImage[] = [];
        if (onDigits && result.epochs.length > 0) {
          const { predicted, confidence } = await evaluate(network, onDigits.heldOut);
          misclassified = misclassifiedDigits(onDigits.heldOut, predicted, confidence);
          if (digitsNetwork) disposeNetwork(digitsNetwork);
          digitsNetwork = network;
        } else {
          disposeNetwork(network);
        }
        return {
          task,
          stopped: result.stopped,
          epochs: result.epochs,
          seconds: result.seconds,
          backend: current,
          parameters: countDenseNetwork(widths).total,
          numTensors: tf.memory().numTensors,
          misclassified,
        };
      } catch (error) {
        if (digitsNetwork !== network) disposeNetwork(network);
        throw error;
      } finally {
        job = null;
      }
    },

    stop(jobId) {
      if (job?.id !== jobId) return;
      job.stop = true;
      job.pacer.cancel();
    },

    setPace(jobId, pace) {
      if (job?.id === jobId) job.pacer.setPace(pace);
    },

    step(jobId) {
      if (job?.id === jobId) job.pacer.step();
    },

    async predict(input) {
      if (!digitsNetwork) throw new Error('Train the network on the digits first.');
      return Array.from(await probabilities(digitsNetwork, input));
    },
  };
}
