import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/lib/core/format';
import { memoryTable } from '../../src/lib/core/memory';
import { huggingFaceConfig, MISTRAL_7B } from '../../src/lib/model/mistral-config';
import {
  countMistral,
  decoderLayerModules,
  mistralParameterGroups,
  mistralParameterTensors,
} from '../../src/lib/model/mistral-parameters';

describe('Mistral-7B counted from its config', () => {
  it('has 7,241,732,096 parameters in 291 tensors', () => {
    const count = countMistral();
    expect(count.total).toBe(7_241_732_096);
    expect(count.trainable).toBe(count.total);
    expect(mistralParameterTensors()).toHaveLength(1 + 32 * 9 + 2);
  });

  it('matches the module tree the seed printed', () => {
    const shapes = Object.fromEntries(
      mistralParameterGroups().map((group) => [group.name, [group.shape, group.copies]]),
    );
    expect(shapes).toEqual({
      'model.embed_tokens.weight': [[32000, 4096], 1],
      'model.layers.*.input_layernorm.weight': [[4096], 32],
      'model.layers.*.self_attn.q_proj.weight': [[4096, 4096], 32],
      'model.layers.*.self_attn.k_proj.weight': [[1024, 4096], 32],
      'model.layers.*.self_attn.v_proj.weight': [[1024, 4096], 32],
      'model.layers.*.self_attn.o_proj.weight': [[4096, 4096], 32],
      'model.layers.*.post_attention_layernorm.weight': [[4096], 32],
      'model.layers.*.mlp.gate_proj.weight': [[14336, 4096], 32],
      'model.layers.*.mlp.up_proj.weight': [[14336, 4096], 32],
      'model.layers.*.mlp.down_proj.weight': [[4096, 14336], 32],
      'model.norm.weight': [[4096], 1],
      'lm_head.weight': [[32000, 4096], 1],
    });
    const groupTotal = mistralParameterGroups().reduce((sum, group) => sum + group.total, 0);
    expect(groupTotal).toBe(countMistral().total);
  });

  it('needs about 13.5 GiB at fp16 (the seed’s “13 GB”) and about 3.4 GiB at 4 bits', () => {
    const inGiB = (bytes: number) => formatBytes(bytes, { unit: 'GiB', decimals: 2 });
    const rows = memoryTable(countMistral().total);
    const sizes = Object.fromEntries(rows.map((row) => [row.format.id, inGiB(row.bytes)]));
    expect(sizes).toEqual({ fp32: '26.98 GiB', fp16: '13.49 GiB', int8: '6.74 GiB', int4: '3.37 GiB' });
  });

  it('follows the config: a tied lm_head disappears, fewer layers mean fewer tensors', () => {
    const tied = { ...MISTRAL_7B, tieWordEmbeddings: true };
    expect(countMistral(tied).total).toBe(7_241_732_096 - 32000 * 4096);
    const tiny = {
      ...MISTRAL_7B,
      numLayers: 2,
      hiddenSize: 64,
      intermediateSize: 128,
      numAttentionHeads: 4,
      numKeyValueHeads: 2,
      headDim: 16,
      vocabSize: 100,
    };
    // embed + 2 x (2 norms + q + k + v + o + gate + up + down) + norm + lm_head
    const layer = 2 * 64 + 64 * 64 + 2 * (32 * 64) + 64 * 64 + 3 * (64 * 128);
    expect(countMistral(tiny).total).toBe(100 * 64 + 2 * layer + 64 + 100 * 64);
    expect(decoderLayerModules(tiny).map((module) => module.name)).toContain('self_attn.k_proj');
  });

  it('gives the Hugging Face keys for the config', () => {
    expect(huggingFaceConfig()).toMatchObject({
      vocab_size: 32000,
      hidden_size: 4096,
      intermediate_size: 14336,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      tie_word_embeddings: false,
    });
    expect(MISTRAL_7B.headDim * MISTRAL_7B.numAttentionHeads).toBe(MISTRAL_7B.hiddenSize);
  });
});
