import { describe, expect, it } from 'vitest';
import { offerLoadedModel, withOwnVocabulary } from '../../src/lib/generation/engine-choice';
import type { VocabularyFacts } from '../../src/lib/tokenizer/vocabulary';
import { MODELS, modelRecordFor } from '../../src/lib/llm/models';

describe('which engine the generation chapters offer', () => {
  it('offers the loaded build, whichever it is, with its facts and its own vocabulary', () => {
    expect(offerLoadedModel({ phase: 'ready', model: 'mistral-f16', loadMs: 1 })).toEqual({
      available: true,
      key: 'mistral-f16',
      info: {
        label: 'Mistral-7B-Instruct v0.2 (WebLLM, 4-bit weights, 16-bit floats (q4f16_1))',
        kind: 'webllm',
        vocabSize: 32000,
        // Filled in from the model's own files when they load (useGeneration's withOwnVocabulary).
        stopIds: [],
        contextWindow: 4096,
      },
      vocabulary: {
        key: 'Mistral-7B-Instruct-v0.2-q4f16_1-MLC',
        title: 'Mistral-7B-Instruct v0.2',
        source: {
          kind: 'model',
          folderUrl: 'https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC/resolve/main/',
          title: 'Mistral-7B-Instruct v0.2',
        },
      },
      idsNote: MODELS['mistral-f16'].idsNote,
    });
    for (const model of ['mistral-f32', 'small'] as const) {
      const offer = offerLoadedModel({ phase: 'ready', model, loadMs: 1 });
      expect(offer).toMatchObject({ available: true, info: { vocabSize: MODELS[model].vocabSize } });
      // The tokenizer files come from the folder WebLLM loaded the weights from, never a third host.
      expect(offer.available && offer.vocabulary.source).toEqual({
        kind: 'model',
        folderUrl: `${MODELS[model].record.modelUrl}/resolve/main/`,
        title: MODELS[model].title,
      });
    }
  });

  it('reads the files from wherever the weights came from (the tests’ own host included)', () => {
    const host = 'http://127.0.0.1:4321/test-models/';
    const offer = offerLoadedModel({ phase: 'ready', model: 'small', loadMs: 1 }, (key) =>
      modelRecordFor(MODELS[key], host),
    );
    expect(offer.available && offer.vocabulary.source).toMatchObject({
      folderUrl: `${host}Qwen2.5-0.5B-Instruct-q4f32_1-MLC/resolve/main/`,
    });
  });

  it('offers no released model, and says why, while none is ready', () => {
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
  });
});

describe('a loaded model completed from its own files', () => {
  const offer = offerLoadedModel({ phase: 'ready', model: 'small', loadMs: 1 });
  const info = offer.available ? offer.info : null!;
  const facts = (fields: Partial<VocabularyFacts>): VocabularyFacts => ({
    pieces: [],
    scheme: 'bytelevel',
    tokenizerSize: 151_665,
    modelVocabSize: 151_936,
    addedIds: [],
    specialIds: [],
    stopIds: [151_643, 151_645],
    contextWindow: 32_768,
    ...fields,
  });

  it('takes its stop ids and its number of scores from the files, its window from WebLLM’s record', () => {
    expect(withOwnVocabulary(info, facts({}))).toEqual({
      ...info,
      vocabSize: 151_936,
      stopIds: [151_643, 151_645],
      contextWindow: MODELS.small.contextWindow,
    });
    // Without a model config the registry's size stands.
    expect(withOwnVocabulary(info, facts({ modelVocabSize: null }))).toMatchObject({ vocabSize: 151_936 });
  });

  it('refuses files that do not belong to the model, or that name no end token, and says why', () => {
    expect(withOwnVocabulary(info, facts({ modelVocabSize: 32_000, tokenizerSize: 151_665 }))).toBe(
      `${info.label} scores 32,000 tokens but its tokenizer has 151,665: the files do not belong to this model.`,
    );
    expect(withOwnVocabulary(info, facts({ stopIds: [] }))).toMatch(/name no end-of-reply token/);
  });
});
