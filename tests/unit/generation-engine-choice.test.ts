import { describe, expect, it } from 'vitest';
import { offerLoadedModel } from '../../src/lib/generation/engine-choice';

describe('which engine the generation chapters offer', () => {
  it('offers the loaded Mistral build whose ids match the tokenizer, with its facts', () => {
    expect(offerLoadedModel({ phase: 'ready', model: 'mistral-f16', loadMs: 1 })).toEqual({
      available: true,
      key: 'mistral-f16',
      info: {
        label: 'Mistral-7B-Instruct v0.2 (WebLLM, 4-bit weights, 16-bit floats (q4f16_1))',
        kind: 'webllm',
        vocabSize: 32000,
        stopIds: [2],
        contextWindow: 4096,
      },
    });
  });

  it('offers no released model, and says why, without one or with another vocabulary', () => {
    expect(offerLoadedModel({ phase: 'idle' })).toMatchObject({
      available: false,
      note: expect.stringMatching(/^No released model is loaded/),
    });
    expect(
      offerLoadedModel({
        phase: 'loading',
        model: 'mistral-f16',
        startedAt: 0,
        progress: null,
        secondsLeft: null,
      }),
    ).toMatchObject({ available: false });
    for (const model of ['mistral-f32', 'small'] as const)
      expect(offerLoadedModel({ phase: 'ready', model, loadMs: 1 })).toMatchObject({
        available: false,
        note: expect.stringMatching(/its vocabulary is not the one these ids and pieces come from/),
      });
  });
});
