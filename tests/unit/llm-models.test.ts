import { describe, expect, it } from 'vitest';
import { MODEL_ORDER, MODELS, modelRecordFor, needsShaderF16, WEBLLM_SOURCE } from '../../src/lib/llm/models';
import { readTestModelHost, TEST_MODEL_HOST_KEY } from '../../src/lib/llm/override';

describe('the model registry', () => {
  it('offers the 16-bit Mistral v0.2 first, the 32-bit v0.3 second, a small different model last', () => {
    expect(MODEL_ORDER.map((key) => MODELS[key].webllmId)).toEqual([
      'Mistral-7B-Instruct-v0.2-q4f16_1-MLC',
      'Mistral-7B-Instruct-v0.3-q4f32_1-MLC',
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    ]);
    expect(MODELS.small.isMistral).toBe(false);
  });

  it('carries the figures WebLLM 0.2.86’s prebuiltAppConfig states for each build', () => {
    // Written here from the upstream config, not read from the generated file the registry reads: a WebLLM
    // upgrade that changes a figure fails this test, and the new figure is checked by hand.
    expect(WEBLLM_SOURCE).toBe('@mlc-ai/web-llm@0.2.86');
    const facts = MODEL_ORDER.map((key) => {
      const { record, contextWindow, gpuMemoryBytes } = MODELS[key];
      return [record.vramRequiredMB, gpuMemoryBytes / 2 ** 20, contextWindow, record.lowResourceRequired];
    });
    expect(facts).toEqual([
      [4573.39, 4573.39, 4096, false],
      [5619.27, 5619.27, 4096, false],
      [1060.2, 1060.2, 4096, true],
    ]);
    const libs =
      'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';
    // WebLLM runs the v0.2 weights with the v0.3 library (same architecture), and Qwen2.5 with Qwen2's.
    expect(MODEL_ORDER.map((key) => MODELS[key].record.modelLibUrl)).toEqual([
      `${libs}Mistral-7B-Instruct-v0.3-q4f16_1_cs1k-webgpu.wasm`,
      `${libs}Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm`,
      `${libs}Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm`,
    ]);
    for (const key of MODEL_ORDER) {
      expect(MODELS[key].record.modelUrl).toBe(`https://huggingface.co/mlc-ai/${MODELS[key].webllmId}`);
    }
  });

  it('knows which builds need shader-f16 and whose ids match the Tokens chapter', () => {
    expect(MODEL_ORDER.map((key) => needsShaderF16(MODELS[key]))).toEqual([true, false, false]);
    expect(MODEL_ORDER.map((key) => MODELS[key].vocabSize)).toEqual([32000, 32768, 151936]);
    expect(MODEL_ORDER.map((key) => MODELS[key].idsMatchTokenizerChapter)).toEqual([true, false, false]);
    expect(MODELS['mistral-f32'].idsNote).toMatch(/32,768.*768 control tokens.*768 higher/);
    expect(MODELS.small.idsNote).toMatch(/151,665 byte-level entries, scored over 151,936 ids/);
  });

  it('keeps the real URLs unless a test host is given, which moves weights and library alike', () => {
    const model = MODELS['mistral-f32'];
    expect(modelRecordFor(model, null)).toBe(model.record);
    const moved = modelRecordFor(model, 'http://127.0.0.1:4000/test-models');
    expect(moved.modelUrl).toBe(
      'http://127.0.0.1:4000/test-models/Mistral-7B-Instruct-v0.3-q4f32_1-MLC/resolve/main/',
    );
    expect(moved.modelLibUrl).toBe(
      'http://127.0.0.1:4000/test-models/libs/Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm',
    );
    expect(moved.vramRequiredMB).toBe(model.record.vramRequiredMB);
  });
});

describe('readTestModelHost', () => {
  const storage = (value: string | null) => ({
    getItem: (key: string) => (key === TEST_MODEL_HOST_KEY ? value : null),
  });
  const origin = 'http://127.0.0.1:4000';

  it('is off for readers (no key) and honours a same-origin URL or path', () => {
    expect(readTestModelHost(storage(null), origin)).toBeNull();
    expect(readTestModelHost(storage('/test-models/'), origin)).toBe('http://127.0.0.1:4000/test-models/');
    expect(readTestModelHost(storage('http://127.0.0.1:4000/x/'), origin)).toBe('http://127.0.0.1:4000/x/');
  });

  it('refuses any other host, and survives storage that throws', () => {
    expect(readTestModelHost(storage('https://evil.example/'), origin)).toBeNull();
    expect(
      readTestModelHost(
        {
          getItem: () => {
            throw new Error('denied');
          },
        },
        origin,
      ),
    ).toBeNull();
    expect(readTestModelHost(null, origin)).toBeNull();
  });
});
