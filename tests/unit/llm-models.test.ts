import { describe, expect, it } from 'vitest';
import generated from '../../src/lib/llm/generated/webllm-models.json';
import { MODEL_ORDER, MODELS, modelRecordFor, needsShaderF16 } from '../../src/lib/llm/models';
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

  it('takes URLs and memory figures from WebLLM’s prebuiltAppConfig, as generated', () => {
    for (const key of MODEL_ORDER) {
      const model = MODELS[key];
      expect(model.record).toEqual(generated.models[model.webllmId as keyof typeof generated.models]);
      expect(model.record.modelUrl).toBe(`https://huggingface.co/mlc-ai/${model.webllmId}`);
      expect(model.record.modelLibUrl).toMatch(
        /^https:\/\/raw\.githubusercontent\.com\/mlc-ai\/binary-mlc-llm-libs\/.+\.wasm$/,
      );
    }
    expect(generated.source).toMatch(/^@mlc-ai\/web-llm@\d+\.\d+\.\d+$/);
  });

  it('knows which builds need shader-f16 and whose ids match the Tokens chapter', () => {
    expect(MODEL_ORDER.map((key) => needsShaderF16(MODELS[key]))).toEqual([true, false, false]);
    expect(MODEL_ORDER.map((key) => MODELS[key].vocabSize)).toEqual([32000, 32768, 151936]);
    expect(MODEL_ORDER.map((key) => MODELS[key].idsMatchTokenizerChapter)).toEqual([true, false, false]);
    expect(MODELS['mistral-f32'].idsNote).toMatch(/32,768.*differ/);
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
