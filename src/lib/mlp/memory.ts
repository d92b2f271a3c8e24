/**
 * How much memory a number of parameters takes at each storage type. A
 * parameter is one number; its size depends only on how many bits store it.
 */

/** A way to store each parameter. */
export interface StorageType {
  id: 'fp32' | 'fp16' | 'int8' | 'q4';
  /** The name shown in tables. */
  label: string;
  bits: number;
  /** Where the reader meets it. */
  note: string;
}

export const STORAGE_TYPES: readonly StorageType[] = [
  { id: 'fp32', label: 'float32 (fp32)', bits: 32, note: 'TensorFlow.js and PyTorch train in it by default' },
  { id: 'fp16', label: 'float16 (fp16)', bits: 16, note: 'how the seed notebook loaded Mistral-7B' },
  { id: 'int8', label: 'int8', bits: 8, note: 'quantized: one byte per parameter' },
  { id: 'q4', label: '4-bit', bits: 4, note: 'quantized: two parameters per byte' },
];

export const KIB = 1024;
export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;

/** Bytes needed to store `parameters` numbers at `bits` each (a whole byte count, rounded up). */
export function bytesFor(parameters: number, bits: number): number {
  return Math.ceil((parameters * bits) / 8);
}

export interface MemoryRow {
  type: StorageType;
  bytes: number;
}

/** The memory of `parameters` numbers at every storage type, largest first. */
export function memoryTable(parameters: number): MemoryRow[] {
  return STORAGE_TYPES.map((type) => ({ type, bytes: bytesFor(parameters, type.bits) }));
}

/** `bytes` in MiB or GiB with two decimals, e.g. `0.39 MiB`, `13.49 GiB`. */
export function formatBinary(bytes: number, unit: 'MiB' | 'GiB'): string {
  const value = bytes / (unit === 'MiB' ? MIB : GIB);
  return `${value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${unit}`;
}

/** The unit that reads best for this many bytes: GiB from 1 GiB up, MiB below. */
export function binaryUnitFor(bytes: number): 'MiB' | 'GiB' {
  return bytes >= GIB ? 'GiB' : 'MiB';
}
