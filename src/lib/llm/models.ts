/**
 * The one registry of the models this site can load through WebLLM. URLs,
 * memory figures and required GPU features come from WebLLM's own
 * `prebuiltAppConfig`, copied at build time into generated/webllm-models.json
 * by scripts/build-webllm-models.mjs; what each model is *for* lives here.
 */
import generated from './generated/webllm-models.json';
import { MIB } from '../core/memory';
import type { DecoderShape } from '../model/mistral-config';
import { countMistral } from '../model/mistral-parameters';
import { MISTRAL_7B_V02, MISTRAL_7B_V03, QWEN25_05B } from './architectures';
import { Q4F16_1, Q4F32_1, quantizedWeightBytes, type GroupQuantization } from './memory';

export type ModelKey = 'mistral-f16' | 'mistral-f32' | 'small';

/** A WebLLM model record as the generator writes it. */
export interface WebLlmRecord {
  modelId: string;
  modelUrl: string;
  modelLibUrl: string;
  vramRequiredMB: number;
  lowResourceRequired: boolean;
  requiredFeatures: string[];
  contextWindowSize: number | null;
  slidingWindowSize: number | null;
}

export interface ModelEntry {
  key: ModelKey;
  /** WebLLM's model id, the key of its cache entries. */
  webllmId: string;
  /** What the reader sees, e.g. "Mistral-7B-Instruct v0.2". */
  title: string;
  /** The build in words: weight and float formats. */
  build: string;
  /** True for the seed's model family (Mistral-7B-Instruct); false for the small stand-in. */
  isMistral: boolean;
  vocabSize: number;
  /** Whether its token ids are the ones the Tokens and Chat template chapters show (same 32000-entry vocabulary). */
  idsMatchTokenizerChapter: boolean;
  /** One sentence for wherever this model's ids are shown. */
  idsNote: string;
  shape: DecoderShape;
  parameters: number;
  quantization: GroupQuantization;
  record: WebLlmRecord;
  /** Positions (prompt and reply together) the build holds: its record's `context_window_size`. */
  contextWindow: number;
  /** WebLLM's memory figure in bytes (its `vram_required_MB`, read as MiB). */
  gpuMemoryBytes: number;
  /** Estimated download: parameters x bits per weight. WebLLM's config does not list file sizes. */
  downloadBytes: number;
}

const records: Record<string, WebLlmRecord> = generated.models;

function entry(
  key: ModelKey,
  webllmId: string,
  fields: Omit<
    ModelEntry,
    'key' | 'webllmId' | 'parameters' | 'record' | 'contextWindow' | 'gpuMemoryBytes' | 'downloadBytes'
  >,
): ModelEntry {
  const record = records[webllmId];
  if (!record)
    throw new Error(`models.ts: ${webllmId} is missing from webllm-models.json; run npm run webllm-models.`);
  // Without the override WebLLM would take the window from the model's own mlc-chat-config.json, which
  // this registry never reads: refuse rather than guess a number.
  if (record.contextWindowSize === null)
    throw new Error(`models.ts: ${webllmId} has no context_window_size in WebLLM's prebuiltAppConfig.`);
  const parameters = countMistral(fields.shape).total;
  return {
    key,
    webllmId,
    ...fields,
    parameters,
    record,
    contextWindow: record.contextWindowSize,
    gpuMemoryBytes: record.vramRequiredMB * MIB,
    downloadBytes: quantizedWeightBytes(parameters, fields.quantization),
  };
}

export const MODELS: Record<ModelKey, ModelEntry> = {
  'mistral-f16': entry('mistral-f16', 'Mistral-7B-Instruct-v0.2-q4f16_1-MLC', {
    title: 'Mistral-7B-Instruct v0.2',
    build: '4-bit weights, 16-bit floats (q4f16_1)',
    isMistral: true,
    vocabSize: MISTRAL_7B_V02.vocabSize,
    idsMatchTokenizerChapter: true,
    idsNote:
      'Same 32,000-token vocabulary as the Tokens chapter: the ids match, and the chapters that run it read its own tokenizer files.',
    shape: MISTRAL_7B_V02,
    quantization: Q4F16_1,
  }),
  'mistral-f32': entry('mistral-f32', 'Mistral-7B-Instruct-v0.3-q4f32_1-MLC', {
    title: 'Mistral-7B-Instruct v0.3',
    build: '4-bit weights, 32-bit floats (q4f32_1)',
    isMistral: true,
    vocabSize: MISTRAL_7B_V03.vocabSize,
    idsMatchTokenizerChapter: false,
    idsNote:
      'v0.3 has a 32,768-token vocabulary: 768 control tokens ([INST], [/INST] among them) come right after </s>, so every other id is 768 higher than in the Tokens chapter. The chapters that run it use its own tokenizer and template.',
    shape: MISTRAL_7B_V03,
    quantization: Q4F32_1,
  }),
  small: entry('small', 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', {
    title: 'Qwen2.5-0.5B-Instruct',
    build: '4-bit weights, 32-bit floats (q4f32_1)',
    isMistral: false,
    vocabSize: QWEN25_05B.vocabSize,
    idsMatchTokenizerChapter: false,
    idsNote:
      'A different, much smaller model (not Mistral) with a tokenizer of its own: 151,665 byte-level entries, scored over 151,936 ids, so its ids have nothing in common with the Tokens chapter’s. The chapters that run it use its own tokenizer and template.',
    shape: QWEN25_05B,
    quantization: Q4F32_1,
  }),
};

/** Models in the order the chapter offers them: the seed's model first, the small stand-in last. */
export const MODEL_ORDER: readonly ModelKey[] = ['mistral-f16', 'mistral-f32', 'small'];

/** The installed WebLLM, e.g. "@mlc-ai/web-llm@0.2.86", for "runs on" lines. */
export const WEBLLM_SOURCE: string = generated.source;

/** True when the model needs `shader-f16` (16-bit floats in GPU shaders). */
export function needsShaderF16(model: ModelEntry): boolean {
  return model.record.requiredFeatures.includes('shader-f16');
}

/**
 * The model's files as WebLLM should fetch them. Readers always get the
 * record's real URLs; `testHost` (set only by the end-to-end tests, see
 * override.ts) moves both the weights folder and the compiled library to
 * another host with the same file names.
 */
export function modelRecordFor(model: ModelEntry, testHost: string | null): WebLlmRecord {
  if (!testHost) return model.record;
  const host = testHost.endsWith('/') ? testHost : `${testHost}/`;
  const libName = model.record.modelLibUrl.split('/').pop() ?? 'model.wasm';
  return {
    ...model.record,
    modelUrl: `${host}${model.webllmId}/resolve/main/`,
    modelLibUrl: `${host}libs/${libName}`,
  };
}
