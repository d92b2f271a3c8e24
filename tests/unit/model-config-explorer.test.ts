import { describe, expect, it } from 'vitest';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import { createWeights, namedTensors } from '../../src/lib/glassbox/weights';
import {
  checkConfigField,
  configCost,
  configInput,
  EDITABLE_FIELDS,
  parseConfigInput,
  type ConfigInput,
} from '../../src/lib/model/config-explorer';
import { MISTRAL_7B } from '../../src/lib/model/mistral-config';
import { moduleParameterTable, moduleTree, printModuleTree } from '../../src/lib/model/module-tree';

const withField = (changes: Partial<ConfigInput>): ConfigInput => ({
  ...configInput(MISTRAL_7B),
  ...changes,
});

describe('the config explorer', () => {
  it('gives Mistral-7B’s known totals from its config', () => {
    const cost = configCost(MISTRAL_7B);
    expect(cost.total).toBe(7_241_732_096);
    expect(cost.perLayer).toBe(218_112_000);
    expect(cost.memory.map((row) => [row.format.id, row.bytes])).toEqual([
      ['fp32', 28_966_928_384],
      ['fp16', 14_483_464_192],
      ['int8', 7_241_732_096],
      ['int4', 3_620_866_048],
    ]);
    // 2 x 32 layers x 8 kv heads x 128 = 65,536 numbers, 128 KiB at fp16; 512 MiB for a full 4,096 window.
    expect(cost.kvValuesPerToken).toBe(65_536);
    expect(cost.kvBytesPerToken).toBe(128 * 1024);
    expect(cost.kvBytesFullWindow).toBe(512 * 1024 * 1024);
  });

  it('parses the untouched fields back into Mistral-7B’s config', () => {
    const parsed = parseConfigInput(configInput(MISTRAL_7B));
    expect(parsed).toEqual({ ok: true, config: MISTRAL_7B });
  });

  it('recounts an edited config', () => {
    const fewerLayers = parseConfigInput(withField({ numLayers: '16' }));
    if (!fewerLayers.ok) throw new Error('expected a config');
    expect(configCost(fewerLayers.config).total).toBe(7_241_732_096 - 16 * 218_112_000);
    expect(configCost(fewerLayers.config).kvValuesPerToken).toBe(32_768);

    // Multi-head attention (32 kv heads): k and v grow to 4096 x 4096 each, the cache fourfold.
    const mha = parseConfigInput(withField({ numKeyValueHeads: '32' }));
    if (!mha.ok) throw new Error('expected a config');
    expect(configCost(mha.config).perLayer).toBe(218_112_000 + 2 * 4096 * (4096 - 1024));
    expect(configCost(mha.config).kvBytesPerToken).toBe(4 * 128 * 1024);

    // The head size follows hidden size / heads, as in v0.1's config.
    const wideHeads = parseConfigInput(withField({ numAttentionHeads: '16', numKeyValueHeads: '4' }));
    if (!wideHeads.ok) throw new Error('expected a config');
    expect(wideHeads.config.headDim).toBe(256);
    expect(configCost(wideHeads.config).total).toBe(7_241_732_096);

    // The vocabulary moves the embedding and lm_head; thousands separators are fine.
    const bigVocab = parseConfigInput(withField({ vocabSize: '32,768' }));
    if (!bigVocab.ok) throw new Error('expected a config');
    expect(configCost(bigVocab.config).total).toBe(7_241_732_096 + 2 * 768 * 4096);

    // A tied output head drops lm_head's 32,000 x 4,096 and leaves the cache alone.
    const tied = configCost({ ...MISTRAL_7B, tieWordEmbeddings: true });
    expect(tied.total).toBe(7_241_732_096 - 131_072_000);
    expect(tied.kvBytesPerToken).toBe(128 * 1024);

    // The window changes no parameter, only the most the cache holds.
    const window = parseConfigInput(withField({ slidingWindow: '1024' }));
    if (!window.ok) throw new Error('expected a config');
    expect(configCost(window.config).total).toBe(7_241_732_096);
    expect(configCost(window.config).kvBytesFullWindow).toBe(128 * 1024 * 1024);
  });

  it('explains a value that is not a whole number in range', () => {
    const layers = EDITABLE_FIELDS.find((spec) => spec.field === 'numLayers')!;
    expect(checkConfigField(layers, '')).toBe('Enter the number of layers: a whole number from 1 to 1,024.');
    expect(checkConfigField(layers, '3.5')).toBe(
      '“3.5” is not a whole number. The number of layers is a whole number from 1 to 1,024.',
    );
    expect(checkConfigField(layers, '<b>32</b>')).toMatch(/^“<b>32<\/b>” is not a whole number/);
    expect(checkConfigField(layers, '0')).toBe(
      '0 is too small for the number of layers: use a whole number from 1 to 1,024.',
    );
    expect(checkConfigField(layers, '5000')).toBe(
      '5,000 is too large for the number of layers: use a whole number from 1 to 1,024.',
    );
    expect(checkConfigField(layers, ' 32 ')).toBeNull();
    const parsed = parseConfigInput(withField({ numLayers: 'many', hiddenSize: '0' }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors).sort()).toEqual(['hiddenSize', 'numLayers']);
  });

  it('names each field as one quantity in its messages, so the verb agrees: “the number of layers is”', () => {
    const messages = EDITABLE_FIELDS.map((spec) => checkConfigField(spec, 'x'));
    expect(messages).toEqual([
      '“x” is not a whole number. The vocabulary size is a whole number from 1 to 1,000,000.',
      '“x” is not a whole number. The hidden size is a whole number from 2 to 65,536.',
      '“x” is not a whole number. The MLP width is a whole number from 1 to 262,144.',
      '“x” is not a whole number. The number of layers is a whole number from 1 to 1,024.',
      '“x” is not a whole number. The number of query heads is a whole number from 1 to 1,024.',
      '“x” is not a whole number. The number of key/value heads is a whole number from 1 to 1,024.',
      '“x” is not a whole number. The sliding window is a whole number from 1 to 1,048,576.',
    ]);
  });

  it('explains heads that do not fit the hidden size or each other', () => {
    const uneven = parseConfigInput(withField({ numAttentionHeads: '24' }));
    expect(uneven).toEqual({
      ok: false,
      errors: {
        numAttentionHeads: '24 heads cannot split a hidden size of 4,096 evenly: pick a divisor of 4,096.',
      },
    });
    expect(parseConfigInput(withField({ numKeyValueHeads: '6' }))).toEqual({
      ok: false,
      errors: {
        numKeyValueHeads:
          '32 query heads cannot be shared evenly by 6 key/value heads: pick a divisor of 32.',
      },
    });
    const tooManyKv = parseConfigInput(withField({ numKeyValueHeads: '64' }));
    expect(tooManyKv).toEqual({
      ok: false,
      errors: {
        numKeyValueHeads: '64 key/value heads is more than the 32 query heads that would share them.',
      },
    });
    // A bad field elsewhere does not hide the heads' message.
    const both = parseConfigInput(withField({ numAttentionHeads: '24', numLayers: 'x' }));
    expect(both.ok ? [] : Object.keys(both.errors).sort()).toEqual(['numAttentionHeads', 'numLayers']);
    const oddHead = parseConfigInput(withField({ hiddenSize: '96', numAttentionHeads: '32' }));
    expect(oddHead.ok).toBe(false);
    if (!oddHead.ok)
      expect(oddHead.errors.numAttentionHeads).toMatch(/3 numbers; the rotary embedding turns them in pairs/);
  });
});

describe('the module tree and the per-module table', () => {
  it('prints Mistral-7B the way the seed notebook’s print(model) did', () => {
    expect(printModuleTree(moduleTree(MISTRAL_7B))).toBe(
      [
        'MistralForCausalLM(',
        '  (model): MistralModel(',
        '    (embed_tokens): Embedding(32000, 4096)',
        '    (layers): ModuleList(',
        '      (0-31): 32 x MistralDecoderLayer(',
        '        (self_attn): MistralAttention(',
        '          (q_proj): Linear(in_features=4096, out_features=4096, bias=False)',
        '          (k_proj): Linear(in_features=4096, out_features=1024, bias=False)',
        '          (v_proj): Linear(in_features=4096, out_features=1024, bias=False)',
        '          (o_proj): Linear(in_features=4096, out_features=4096, bias=False)',
        '          (rotary_emb): MistralRotaryEmbedding()',
        '        )',
        '        (mlp): MistralMLP(',
        '          (gate_proj): Linear(in_features=4096, out_features=14336, bias=False)',
        '          (up_proj): Linear(in_features=4096, out_features=14336, bias=False)',
        '          (down_proj): Linear(in_features=14336, out_features=4096, bias=False)',
        '          (act_fn): SiLU()',
        '        )',
        '        (input_layernorm): MistralRMSNorm()',
        '        (post_attention_layernorm): MistralRMSNorm()',
        '      )',
        '    )',
        '    (norm): MistralRMSNorm()',
        '  )',
        '  (lm_head): Linear(in_features=4096, out_features=32000, bias=False)',
        ')',
      ].join('\n'),
    );
  });

  it('counts parameters through the tree: the root holds the total, one layer 218,112,000', () => {
    const root = moduleTree(MISTRAL_7B);
    expect(root.parameters).toBe(7_241_732_096);
    const layers = root.children[0]!.children[1]!.children[0]!;
    expect(layers.copies).toBe(32);
    expect(layers.parameters / layers.copies).toBe(218_112_000);
  });

  it('prints a single layer without a range, as PyTorch does', () => {
    expect(printModuleTree(moduleTree({ ...MISTRAL_7B, numLayers: 1 }))).toContain(
      '      (0): MistralDecoderLayer(\n',
    );
  });

  it('tabulates every module with its share, adding up to the total', () => {
    const { rows, total } = moduleParameterTable(MISTRAL_7B);
    expect(total).toBe(7_241_732_096);
    expect(rows.reduce((sum, row) => sum + row.parameters, 0)).toBe(total);
    expect(rows.reduce((sum, row) => sum + row.share, 0)).toBeCloseTo(1, 12);
    expect(rows[0]).toMatchObject({
      module: 'model.embed_tokens',
      shape: [32000, 4096],
      copies: 1,
      parameters: 131_072_000,
    });
    const up = rows.find((row) => row.module === 'model.layers.*.mlp.up_proj')!;
    expect(up).toMatchObject({
      shape: [14336, 4096],
      copies: 32,
      parameters: 32 * 58_720_256,
    });
    expect(up.share).toBeCloseTo(0.2595, 4);
    expect(rows.map((row) => row.module).at(-1)).toBe('lm_head');
  });

  it('gives the pocket model its own count, equal to the sizes of its real tensors', () => {
    const { total } = moduleParameterTable(POCKET_CONFIG);
    const tensors = namedTensors(createWeights(POCKET_CONFIG, 0), POCKET_CONFIG);
    expect(total).toBe(tensors.reduce((sum, tensor) => sum + tensor.data.length, 0));
    expect(total).toBe(5_424_768);
    // q and o 128 x 128, k and v 64 x 128 (2 key/value heads of 32), gate, up and down 448 x 128, two norms of 128.
    expect(configCost(POCKET_CONFIG).perLayer).toBe(2 * 16_384 + 2 * 8_192 + 3 * 57_344 + 2 * 128);
    expect(moduleTree(POCKET_CONFIG).parameters).toBe(total);
    expect(printModuleTree(moduleTree(POCKET_CONFIG))).toContain('(0-5): 6 x MistralDecoderLayer(');
  });
});
