/**
 * How much memory numbers take. A parameter is one number; its size depends
 * only on how many bits store it, so one table of number formats (bits each)
 * serves every chapter: the Parameters chapter's storage table, the config
 * explorer's, and the loading chapter's weight formats. Binary units
 * throughout (1 GiB = 2^30 bytes), the way nvidia-smi and WebLLM count.
 */

export const KIB = 1024;
export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;

export type NumberFormatId = 'fp32' | 'fp16' | 'int8' | 'int4';

/** A way to store each number of a model. */
export interface NumberFormat {
  id: NumberFormatId;
  /** The name shown in tables. */
  label: string;
  bits: number;
  /** Where the reader meets it. */
  note: string;
}

/** The plain formats, largest first. (Group-quantised builds such as q4f16_1 are in src/lib/llm/memory.ts.) */
export const NUMBER_FORMATS: readonly NumberFormat[] = [
  {
    id: 'fp32',
    label: 'fp32 (32-bit float)',
    bits: 32,
    note: 'TensorFlow.js and PyTorch train in it by default',
  },
  { id: 'fp16', label: 'fp16 (16-bit float)', bits: 16, note: 'how the seed notebook loaded Mistral-7B' },
  { id: 'int8', label: 'int8 (8-bit integer)', bits: 8, note: 'quantized: one byte per parameter' },
  { id: 'int4', label: '4-bit integer', bits: 4, note: 'quantized: two parameters per byte' },
];

/** The format with this id. */
export function numberFormat(id: NumberFormatId): NumberFormat {
  return NUMBER_FORMATS.find((format) => format.id === id)!;
}

/** Bytes needed to store `count` numbers at `bits` each (a whole byte count, rounded up). */
export function bytesFor(count: number, bits: number): number {
  return Math.ceil((count * bits) / 8);
}

/** Bytes needed to store `count` numbers in the format `id`. */
export function bytesIn(count: number, id: NumberFormatId): number {
  return bytesFor(count, numberFormat(id).bits);
}

export interface MemoryRow {
  format: NumberFormat;
  bytes: number;
}

/** The memory of `count` numbers in every plain format, largest first. */
export function memoryTable(count: number): MemoryRow[] {
  return NUMBER_FORMATS.map((format) => ({ format, bytes: bytesFor(count, format.bits) }));
}
