/**
 * Memory arithmetic for a transformer: weights are parameters x bits per
 * weight (the plain formats' table is src/lib/core/memory.ts; the group
 * quantisations WebLLM builds use are here); the key/value cache is what
 * attention keeps per token of context. Binary units throughout.
 */
import { MIB } from '../core/memory';
import type { DecoderShape } from '../model/mistral-config';

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

/** Bytes of a group-quantised model's weights (every weight quantised; the norms' few floats are ignored). */
export function quantizedWeightBytes(parameters: number, quantization: GroupQuantization): number {
  return (parameters * bitsPerWeight(quantization)) / 8;
}

/**
 * Values the key/value cache holds per token: a key and a value vector for
 * every key/value head in every layer. Under grouped-query attention several
 * query heads share one key/value head, so this uses `numKeyValueHeads`, not
 * `numAttentionHeads`.
 */
export function kvValuesPerToken(shape: DecoderShape): number {
  return 2 * shape.numLayers * shape.numKeyValueHeads * shape.headDim;
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
