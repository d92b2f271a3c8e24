/**
 * The rows of the memory predictor's tables, so the panel only lays them out.
 */
import { formatBytes, formatCount, formatPercent } from '../core/format';
import { bytesIn, memoryTable } from '../core/memory';
import { buildMemory, kvCacheBytes, type BuildMemory } from './memory';
import { MODEL_ORDER, MODELS, type ModelEntry } from './models';

export interface WeightRow {
  label: string;
  bytesPerWeight: number;
  bytes: number;
}

/** Mistral-7B v0.2's weights in each plain number format, largest first. */
export function weightRows(model: ModelEntry = MODELS['mistral-f16']): WeightRow[] {
  return memoryTable(model.parameters).map(({ format, bytes }) => ({
    label: format.label,
    bytesPerWeight: format.bits / 8,
    bytes,
  }));
}

export interface BuildRow extends BuildMemory {
  model: ModelEntry;
  contextTokens: number;
}

/** Each WebLLM build, predicted at WebLLM's own context window, beside WebLLM's figure. */
export function buildRows(): BuildRow[] {
  return MODEL_ORDER.map((key) => {
    const model = MODELS[key];
    const contextTokens = model.contextWindow;
    const memory = buildMemory(
      model.shape,
      model.parameters,
      model.quantization,
      contextTokens,
      model.record.vramRequiredMB,
    );
    return { model, contextTokens, ...memory };
  });
}

/** Context lengths the slider offers: powers of two from 512 to Mistral v0.2's 32,768-token limit. */
export const CONTEXT_STEPS: readonly number[] = [512, 1024, 2048, 4096, 8192, 16384, 32768];

/** Where the slider starts: the context WebLLM reserves for the 16-bit build. */
export const START_CONTEXT_STEP = Math.max(0, CONTEXT_STEPS.indexOf(MODELS['mistral-f16'].contextWindow));

export interface ContextRow {
  contextTokens: number;
  kvCache: number;
  /** 4-bit weights (q4f16_1) plus the fp16 cache. */
  total: number;
  /** The same cache if all 32 query heads kept their own keys and values (no grouped-query attention). */
  kvWithoutGqa: number;
}

/** Mistral-7B v0.2 in the 16-bit build, at one context length. */
export function contextRow(contextTokens: number, model: ModelEntry = MODELS['mistral-f16']): ContextRow {
  const bytesPerValue = model.quantization.scaleBits / 8;
  const kvCache = kvCacheBytes(model.shape, contextTokens, bytesPerValue);
  const withoutGqa = { ...model.shape, numKeyValueHeads: model.shape.numAttentionHeads };
  const weights = buildMemory(model.shape, model.parameters, model.quantization, 0, 0).weights;
  return {
    contextTokens,
    kvCache,
    total: weights + kvCache,
    kvWithoutGqa: kvCacheBytes(withoutGqa, contextTokens, bytesPerValue),
  };
}

/** The seed's fp16 load over the browser's 16-bit build, as WebLLM sizes it: "about a third". */
export function browserShareOfSeed(): { seedBytes: number; browserBytes: number; share: number } {
  const model = MODELS['mistral-f16'];
  const seedBytes = bytesIn(model.parameters, 'fp16');
  return { seedBytes, browserBytes: model.gpuMemoryBytes, share: model.gpuMemoryBytes / seedBytes };
}

/**
 * The numbers the chapter's prose quotes, computed from the registry and the
 * architecture so the text cannot drift from the panels (MDX imports this).
 */
export function chapterFigures() {
  const f16 = MODELS['mistral-f16'];
  const f32 = MODELS['mistral-f32'];
  const small = MODELS.small;
  const share = browserShareOfSeed();
  const contextWindow = f16.contextWindow;
  return {
    parameters: formatCount(f16.parameters),
    parametersBillions: (f16.parameters / 1e9).toFixed(2),
    fp32: formatBytes(bytesIn(f16.parameters, 'fp32')),
    fp16: formatBytes(share.seedBytes),
    int8: formatBytes(bytesIn(f16.parameters, 'int8')),
    int4: formatBytes(bytesIn(f16.parameters, 'int4')),
    q4f16Weights: formatBytes(f16.downloadBytes),
    q4f32Weights: formatBytes(f32.downloadBytes),
    kvPerToken: formatBytes(kvCacheBytes(f16.shape, 1, 2)),
    kvWindow: formatBytes(kvCacheBytes(f16.shape, contextWindow, 2)),
    kvLongest: formatBytes(kvCacheBytes(f16.shape, 32768, 2)),
    window: formatCount(contextWindow),
    webllmF16: formatBytes(f16.gpuMemoryBytes),
    webllmF32: formatBytes(f32.gpuMemoryBytes),
    webllmSmall: formatBytes(small.gpuMemoryBytes),
    smallDownload: formatBytes(small.downloadBytes),
    share: formatPercent(share.share, 0),
    f16Id: f16.webllmId,
    f32Id: f32.webllmId,
    smallId: small.webllmId,
    smallTitle: small.title,
  };
}
