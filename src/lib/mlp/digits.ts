/**
 * The handwritten digits: where the site serves them, how to read the packed
 * file `scripts/build-mnist.mjs` writes, and the train/held-out split.
 */
import type { Dataset } from './dataset';
import { mulberry32, shuffledIndices } from '../core/random';

export const DIGITS_FILE = {
  /** Path under the site's base URL. */
  path: 'data/mnist-10k.bin.gz',
  /** The gzip file's size, roughly, for the button that downloads it. */
  approximateSize: '1.5 MB',
  count: 10_000,
  side: 28,
} as const;

/** Pixels in one digit image, and so inputs to the network: 28 x 28 = 784. */
export const DIGIT_PIXELS = DIGITS_FILE.side * DIGITS_FILE.side;
/** The network's outputs: one score per digit, 0 to 9. */
export const DIGIT_CLASSES = 10;

/** The layer widths of the network both panels train: a digit's pixels in, one score per digit out. */
export function networkWidths(hiddenSize: number): number[] {
  return [DIGIT_PIXELS, hiddenSize, DIGIT_CLASSES];
}

/** 8,000 digits to learn from, 2,000 the network never trains on: the `mnist` package's own example split. */
export const HELD_OUT_SHARE = 0.2;
export const SPLIT_SEED = 7;
/** Seeds the starting weights (and, plus one, the shuffles): the same settings always train the same way. */
export const DIGITS_TRAIN_SEED = 11;

const MAGIC = 'MNS1';
const HEADER_BYTES = 16;

export interface Digits {
  /** Pixels 0-255, `side * side` per digit, row by row. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  side: number;
}

/** Reads the unpacked file. Throws a message that says what is wrong with it. */
export function decodeDigits(bytes: Uint8Array): Digits {
  const fail = (why: string): never => {
    throw new Error(`The digits file is not usable: ${why}.`);
  };
  if (bytes.length < HEADER_BYTES) fail(`it has only ${bytes.length} bytes`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC)
    fail(`it starts with “${magic}”, not “${MAGIC}” (is it still gzipped, or another file?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const rows = view.getUint16(8, true);
  const columns = view.getUint16(10, true);
  if (rows !== columns || rows === 0) fail(`its images are ${rows}x${columns}`);
  const expected = HEADER_BYTES + count + count * rows * columns;
  if (bytes.length !== expected) fail(`it has ${bytes.length} bytes where ${expected} were expected`);
  const labels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + count);
  if (labels.some((label) => label > 9)) fail('a label is not a digit from 0 to 9');
  return { pixels: bytes.subarray(HEADER_BYTES + count), labels, count, side: rows };
}

/** Whether `bytes` start like a gzip stream (some hosts unpack `.gz` files on the way, some do not). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The digits as network inputs: pixels scaled to 0-1, as the `mnist` package gives them. */
export function digitsDataset(digits: Digits, indices: ArrayLike<number>): Dataset {
  const size = digits.side * digits.side;
  const inputs = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    const source = digits.pixels.subarray(index * size, (index + 1) * size);
    for (let p = 0; p < size; p++) inputs[i * size + p] = source[p]! / 255;
    labels[i] = digits.labels[index]!;
  }
  return { inputs, labels, count: indices.length, inputSize: size, classes: DIGIT_CLASSES };
}

export interface DigitSplit {
  /** Indices into the digits file. */
  train: Uint32Array;
  heldOut: Uint32Array;
}

/** A fixed random split (the file lists all 0s, then all 1s, ...; a plain cut would hold out only 8s and 9s). */
export function splitDigits(count: number, heldOutShare = HELD_OUT_SHARE, seed = SPLIT_SEED): DigitSplit {
  const order = shuffledIndices(count, mulberry32(seed));
  const heldOut = Math.round(count * heldOutShare);
  return { heldOut: order.slice(0, heldOut), train: order.slice(heldOut) };
}

/** Unpacks a gzip stream with the browser's own `DecompressionStream`. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Fetches and reads the digits file; every failure says what to do next.
 * After a failure the next call fetches past the HTTP cache (`cache:
 * 'reload'`), so a damaged copy a host or proxy let the browser keep is not
 * read again.
 */
export async function loadDigits(
  url: string,
  fetcher: typeof fetch = fetch,
): Promise<{ digits: Digits; bytes: number }> {
  const retry = loadFailed;
  loadFailed = true;
  let response: Response;
  try {
    response = await fetcher(url, retry ? { cache: 'reload' } : {});
  } catch (error) {
    throw new Error(
      `Could not download the digits (${error instanceof Error ? error.message : String(error)}). Check your connection and try again.`,
      { cause: error },
    );
  }
  if (!response.ok) throw new Error(`The site answered ${response.status} for ${url}. Try again later.`);
  const damaged = (error: unknown) =>
    new Error(
      'The digits file arrived damaged or incomplete (the connection may have dropped while it downloaded). Try again.',
      { cause: error },
    );
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw damaged(error);
  }
  if (isGzip(raw) && typeof DecompressionStream === 'undefined') {
    throw new Error(
      'This browser cannot unpack the digits (it has no DecompressionStream). A current Chrome, Edge, Firefox or Safari can.',
    );
  }
  let unpacked = raw;
  if (isGzip(raw)) {
    // A cut or corrupted gzip stream fails inside the browser's unpacker with only "Failed to fetch".
    try {
      unpacked = await gunzip(raw);
    } catch (error) {
      throw damaged(error);
    }
  }
  const result = { digits: decodeDigits(unpacked), bytes: raw.length };
  loadFailed = false;
  return result;
}

/** Whether the last load failed, so the next one must not trust the browser's HTTP cache. */
let loadFailed = false;
