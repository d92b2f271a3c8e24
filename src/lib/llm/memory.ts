import type { DecoderShape } from './architectures';

/**
 * Memory arithmetic for a transformer: weights are parameters x bytes per
 * weight; the key/value cache is what attention keeps per token of context.
 * Binary units throughout (1 GiB = 2^30 bytes), the way nvidia-smi and
 * WebLLM count.
 */

export const GIB = 2 ** 30;
export const MIB = 2 ** 20;

/** Plain number formats: bytes per weight. */
export const WEIGHT_FORMATS = [
  { id: 'fp32', label: 'fp32 (32-bit float)', bytesPerWeight: 4 },
  { id: 'fp16', label: 'fp16 (16-bit float)', bytesPerWeight: 2 },
  { id: 'int8', label: 'int8 (8-bit integer)', bytesPerWeight: 1 },
  { id: 'int4', label: '4-bit integer', bytesPerWeight: 0.5 },
] as const;

export type WeightFormatId = (typeof WEIGHT_FORMATS)[number]['id'];

/**
 * An MLC group quantisation such as `q4f16_1`: each group of `groupSize`
 * weights is stored as 4-bit integers plus one scale in the float type
 * (`scaleBits`), so a weight costs 4 + scaleBits / groupSize bits. The same
 * float type holds the key/value cache and the activations.
 */
export interface GroupQuantization {
  name: string;
  weightBits: number;
  groupSize: number;
  scaleBits: number;
}

export const Q4F16_1: GroupQuantization = { name: 'q4f16_1', weightBits: 4, groupSize: 32, scaleBits: 16 };
export const Q4F32_1: GroupQuantization = { name: 'q4f32_1', weightBits: 4, groupSize: 32, scaleBits: 32 };

export function bitsPerWeight(quantization: GroupQuantization): number {
  return quantization.weightBits + quantization.scaleBits / quantization.groupSize;
}

export function weightBytes(parameters: number, bytesPerWeight: number): number {
  return parameters * bytesPerWeight;
}

/** Bytes of a group-quantised model's weights (every weight quantised; the norms' few floats are ignored). */
export function quantizedWeightBytes(parameters: number, quantization: GroupQuantization): number {
  return (parameters * bitsPerWeight(quantization)) / 8;
}

/**
 * Values the key/value cache holds per token: a key and a value vector for
 * every key/value head in every layer. Under grouped-query attention several
 * query heads share one key/value head, so this uses `keyValueHeads`, not
 * `attentionHeads`.
 */
export function kvValuesPerToken(shape: DecoderShape): number {
  return 2 * shape.layers * shape.keyValueHeads * shape.headDim;
}

export function kvCacheBytes(shape: DecoderShape, contextTokens: number, bytesPerValue: number): number {
  return kvValuesPerToken(shape) * contextTokens * bytesPerValue;
}

/** What a WebLLM build needs, predicted, set beside WebLLM's own figure for the same build. */
export interface BuildMemory {
  weights: number;
  kvCache: number;
  /** WebLLM's `vram_required_MB` in bytes (read as MiB). */
  webllm: number;
  /** WebLLM's figure minus weights and cache: activations, logits and scratch buffers. */
  rest: number;
}

export function buildMemory(
  shape: DecoderShape,
  parameters: number,
  quantization: GroupQuantization,
  contextTokens: number,
  webllmMB: number,
): BuildMemory {
  const weights = quantizedWeightBytes(parameters, quantization);
  const kvCache = kvCacheBytes(shape, contextTokens, quantization.scaleBits / 8);
  const webllm = webllmMB * MIB;
  return { weights, kvCache, webllm, rest: webllm - weights - kvCache };
}

/** "13.5 GiB", "512 MiB", "64 KiB": one decimal for GiB, whole MiB and KiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unknown';
  const sign = bytes < 0 ? '−' : '';
  const size = Math.abs(bytes);
  if (size >= GIB) return `${sign}${(size / GIB).toFixed(1)} GiB`;
  if (size >= MIB) return `${sign}${Math.round(size / MIB).toLocaleString('en')} MiB`;
  if (size >= 1024) return `${sign}${Math.round(size / 1024).toLocaleString('en')} KiB`;
  return `${sign}${Math.round(size)} bytes`;
}
