import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/lib/core/format';
import { bytesIn, GIB, memoryTable, MIB } from '../../src/lib/core/memory';
import { MISTRAL_7B_V02, MISTRAL_7B_V03, QWEN25_05B } from '../../src/lib/llm/architectures';
import {
  bitsPerWeight,
  buildMemory,
  kvCacheBytes,
  kvValuesPerToken,
  Q4F16_1,
  Q4F32_1,
  quantizedWeightBytes,
} from '../../src/lib/llm/memory';
import { MODELS } from '../../src/lib/llm/models';
import { countLayer, countMistral } from '../../src/lib/model/mistral-parameters';

describe('parameter counts', () => {
  it('counts one Mistral layer from the seed’s module tree', () => {
    // q 4096x4096, k and v 4096x1024, o 4096x4096, gate and up 4096x14336, down 14336x4096, two norms of 4096.
    const expected = 4096 * 4096 * 2 + 4096 * 1024 * 2 + 4096 * 14336 * 3 + 2 * 4096;
    expect(countLayer(MISTRAL_7B_V02)).toBe(expected);
    expect(expected).toBe(218_112_000);
  });

  it('gives Mistral-7B v0.2 7,241,732,096 parameters and v0.3 the 768 extra vocabulary rows twice', () => {
    expect(countMistral(MISTRAL_7B_V02).total).toBe(7_241_732_096);
    expect(countMistral(MISTRAL_7B_V03).total - countMistral(MISTRAL_7B_V02).total).toBe(2 * 768 * 4096);
  });

  it('gives Qwen2.5-0.5B the 494,032,768 its model card states (tied embeddings, q/k/v biases)', () => {
    expect(countMistral(QWEN25_05B).total).toBe(494_032_768);
  });
});

describe('weights in memory', () => {
  const params = countMistral(MISTRAL_7B_V02).total;

  it('is parameters times bytes per weight for each plain format', () => {
    const gib = memoryTable(params).map((row) => +(row.bytes / GIB).toFixed(2));
    expect(gib).toEqual([26.98, 13.49, 6.74, 3.37]);
  });

  it('explains the seed’s “about 13 GB”: fp16 Mistral is 13.5 GiB of weights alone', () => {
    expect(formatBytes(bytesIn(params, 'fp16'))).toBe('13.5 GiB');
  });

  it('costs 4.5 bits a weight in q4f16_1 and 5 in q4f32_1 (one scale per 32 weights)', () => {
    expect(bitsPerWeight(Q4F16_1)).toBe(4.5);
    expect(bitsPerWeight(Q4F32_1)).toBe(5);
    expect(quantizedWeightBytes(params, Q4F16_1)).toBe((params * 4.5) / 8);
  });
});

describe('the key/value cache', () => {
  it('holds 2 x 32 layers x 8 heads x 128 values a token under grouped-query attention', () => {
    expect(kvValuesPerToken(MISTRAL_7B_V02)).toBe(65_536);
    expect(kvCacheBytes(MISTRAL_7B_V02, 1, 2)).toBe(128 * 1024);
  });

  it('is 512 MiB in fp16 for WebLLM’s 4,096-token window, and grows linearly with context', () => {
    expect(kvCacheBytes(MISTRAL_7B_V02, 4096, 2)).toBe(512 * MIB);
    expect(kvCacheBytes(MISTRAL_7B_V02, 32768, 2)).toBe(4 * GIB);
    expect(kvCacheBytes(MISTRAL_7B_V02, 4096, 4)).toBe(GIB);
  });

  it('would be four times larger if every one of the 32 query heads kept its own keys and values', () => {
    const withoutGqa = { ...MISTRAL_7B_V02, numKeyValueHeads: MISTRAL_7B_V02.numAttentionHeads };
    expect(kvCacheBytes(withoutGqa, 4096, 2)).toBe(4 * kvCacheBytes(MISTRAL_7B_V02, 4096, 2));
  });
});

describe('a WebLLM build, predicted and as WebLLM states it', () => {
  it('leaves a small remainder of WebLLM’s figure for activations in both Mistral builds', () => {
    for (const key of ['mistral-f16', 'mistral-f32'] as const) {
      const model = MODELS[key];
      const memory = buildMemory(
        model.shape,
        model.parameters,
        model.quantization,
        model.contextWindow,
        model.record.vramRequiredMB,
      );
      expect(memory.rest).toBeGreaterThan(0);
      expect(memory.rest / memory.webllm).toBeLessThan(0.1);
    }
  });

  it('puts the browser’s 16-bit build at about a third of the seed’s fp16 load', () => {
    const model = MODELS['mistral-f16'];
    const ratio = model.gpuMemoryBytes / bytesIn(model.parameters, 'fp16');
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(0.36);
  });
});
