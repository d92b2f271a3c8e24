/**
 * The surprisal panel's numbers from the real models: the pocket model's
 * shipped weights and the same model before training (seed 0, as the
 * glass-box worker draws it), on text split by the site's real tokenizer,
 * and the text's ids from each kind of tokenizer the panel meets.
 */
import { readFileSync } from 'node:fs';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import type { Engine } from '../../src/lib/llm/engine';
import { pocketWeights } from '../../src/lib/pocket/weights';
import { scoreIds, summarise } from '../../src/lib/sampling/surprisal';
import { createChunkedEncoder } from '../../src/lib/tokenizer/chunked-encoder';
import { encodeText } from '../../src/lib/tokenizer/encode-text';
import { loadModelTokenizer } from '../../src/lib/tokenizer/load';
import { fetchFixture, fixtureFolderUrl, loadMistral } from './tokenizer-fixture';

const file = readFileSync(new URL('../../public/models/pocket/model.safetensors', import.meta.url));
const weights = pocketWeights(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
const VOCAB = 32_000;

let mistral: PreTrainedTokenizer;
beforeAll(async () => {
  mistral = await loadMistral();
});

/** Wraps an engine so the test sees every logits array it returned. */
function recording(engine: Engine) {
  const seen: Float32Array[] = [];
  const keep = (logits: Float32Array) => (seen.push(logits), logits);
  return {
    seen,
    engine: {
      prefill: async (ids: readonly number[]) => keep(await engine.prefill(ids)),
      step: async (id: number) => keep(await engine.step(id)),
    },
  };
}

// Sentences in the style of the pocket model's corpus (Austen, plain English prose).
const AUSTEN =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife. However little known the feelings or views of such a man may be on his first entering a neighbourhood, this truth is so well fixed in the minds of the surrounding families.';

describe('the pocket model against the same model before training', () => {
  it('finds English far less surprising than random weights do, which do worse than even guessing', async () => {
    const ids = encodeText(mistral, AUSTEN, true).ids;
    expect(ids[0]).toBe(1);
    expect(ids.length).toBeGreaterThan(50);
    const trained = summarise((await scoreIds(createGlassBoxEngine({ weights, identity: 'pocket' }), ids))!);
    const random = recording(createGlassBoxEngine({ seed: 0, identity: 'untrained' }));
    const untrained = summarise((await scoreIds(random.engine, ids))!);
    expect(trained.tokens).toBe(ids.length - 1);
    // The shipped model's held-out perplexity on Austen is about 50 (src/lib/pocket/report.json).
    expect(trained.perplexity).toBeLessThan(150);
    expect(untrained.perplexity / trained.perplexity).toBeGreaterThan(1000);

    // An independent expectation for weights that know nothing of the text: each token is as good as a random
    // id, whose mean surprisal is the mean of -log2 p over the whole vocabulary. By Jensen's inequality that is
    // at least log2(32,000), with equality only for even scores: random logits (spread about 3 here) are
    // confidently wrong, so the perplexity is far above the vocabulary's size, not near it.
    const randomTarget = random.seen.slice(0, untrained.tokens).map((logits) => {
      const values = Array.from(logits);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const max = Math.max(...values);
      const lse = max + Math.log(values.reduce((a, b) => a + Math.exp(b - max), 0));
      return (lse - mean) / Math.LN2;
    });
    const expected = randomTarget.reduce((a, b) => a + b, 0) / randomTarget.length;
    expect(expected).toBeGreaterThan(Math.log2(VOCAB));
    expect(untrained.perplexity).toBeGreaterThan(VOCAB);
    // Measured: 20.1 bits a token (a perplexity near 1.1 million) against 21.3 expected, and log2(32,000) = 15.0.
    // The text's 62 tokens are a small sample (each token's surprisal spreads by about 4 bits), so the test
    // allows 2 bits (a factor of 4 in perplexity) around the expectation, and asks for 3 bits above even odds.
    expect(Math.abs(untrained.bitsPerToken - expected)).toBeLessThan(2);
    expect(untrained.bitsPerToken).toBeGreaterThan(Math.log2(VOCAB) + 3);
  });
});

describe('the text’s ids for the panel', () => {
  it('are chapter 1’s ids in the site’s tokenizer, typed special tokens and markup included, shown as pieces', () => {
    const chunked = createChunkedEncoder(mistral);
    for (const text of ['', '</s>', '[INST] hi [/INST]', '<b>x</b> & 🦩', 'a\u0000b\n']) {
      const { ids, pieces } = encodeText(mistral, text, true);
      expect(ids, text).toEqual(chunked.encode(text));
      expect(pieces).toHaveLength(ids.length);
    }
    expect(encodeText(mistral, '', true)).toEqual({ ids: [1], pieces: ['<s>'] });
    // `</s>` typed is the special token, as chapter 1 says; `[INST]` is not special in v0.1: three pieces.
    expect(encodeText(mistral, '</s>', true).ids).toEqual([1, 2]);
    expect(encodeText(mistral, '[INST]', true).pieces).toEqual(['<s>', '▁[', 'INST', ']']);
    expect(encodeText(mistral, '🦩', true).pieces).toEqual([
      '<s>',
      '▁',
      '<0xF0>',
      '<0x9F>',
      '<0xA6>',
      '<0xA9>',
    ]);
  });

  it('come from a loaded model’s own tokenizer, with its own start (none for Qwen) and readable pieces', async () => {
    const { tokenizer } = await loadModelTokenizer(
      fixtureFolderUrl('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'),
      fetchFixture,
    );
    const { ids, pieces } = encodeText(tokenizer, 'Hello world, <b>hi</b> <|im_end|>', false);
    expect(ids).toEqual(tokenizer.encode('Hello world, <b>hi</b> <|im_end|>'));
    expect(pieces.join('')).toBe('Hello world, <b>hi</b> <|im_end|>');
    expect(pieces.at(-1)).toBe('<|im_end|>');
    // A piece that holds part of a character is shown as its bytes, never as a broken character.
    const emoji = encodeText(tokenizer, 'Hello 🦩', false);
    expect(emoji.ids).toEqual(tokenizer.encode('Hello 🦩'));
    expect(emoji.pieces.join('')).toMatch(/^Hello(<0x[0-9A-F]{2}>| |🦩)+$/);
  });
});
