import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import {
  fromMessages,
  MULTI_TURN_EXAMPLE,
  SEED_CONVERSATION,
  toMessages,
  type Message,
} from '../../src/lib/chat/conversation';
import { createChatRenderer, type ChatRenderer, type RenderResult } from '../../src/lib/chat/render';
import { loadMistral } from './tokenizer-fixture';

let tokenizer: PreTrainedTokenizer;
let renderer: ChatRenderer;

beforeAll(async () => {
  tokenizer = await loadMistral();
  renderer = createChatRenderer(tokenizer);
});

function rendered(messages: Message[]): Extract<RenderResult, { ok: true }> {
  const result = renderer.render(fromMessages(messages));
  if (!result.ok) throw new Error(`expected a rendering, got: ${result.problem.message}`);
  return result;
}

const SEED_IDS = [
  1, 733, 16289, 28793, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804, 733, 28748,
  16289, 28793,
];
const MULTI_TURN_IDS = [
  1, 733, 16289, 28793, 22557, 28725, 910, 460, 368, 28804, 733, 28748, 16289, 28793, 28737, 28742, 28719,
  2548, 1598, 28723, 1602, 541, 315, 1316, 368, 3154, 28804, 2, 28705, 733, 16289, 28793, 315, 28742, 28715,
  737, 298, 1347, 805, 910, 10706, 5752, 1077, 3791, 28808, 733, 28748, 16289, 28793,
];
/** The ids transformers.js itself gives for the template, to compare against. */
const referenceIds = (messages: Message[]) =>
  (
    tokenizer.apply_chat_template(messages, { tokenize: true, return_tensor: false }) as unknown as {
      input_ids: number[];
    }
  ).input_ids;

const templateIds = (result: ReturnType<typeof rendered>) =>
  result.tokens.filter((token) => token.origin === 'template').map((token) => token.id);

describe('rendering a conversation with Mistral’s own chat template', () => {
  it('gives the seed notebook’s ids for its single user turn', () => {
    const result = renderer.render(SEED_CONVERSATION);
    expect(result.ok && result.text).toBe(
      '<s>[INST] Can you write an email explaining what an LLM is? [/INST]',
    );
    expect(result.ok && result.ids).toEqual(SEED_IDS);
  });

  it('marks exactly <s>, [INST] and [/INST] as the template’s: 8 ids, against 12 of the reader’s', () => {
    const result = rendered(toMessages(SEED_CONVERSATION));
    expect(templateIds(result)).toEqual([1, 733, 16289, 28793, 733, 28748, 16289, 28793]);
    expect(result.counts).toEqual({ total: 20, reader: 12, template: 8 });
    // ▁Can holds the template's space after [INST] and the reader's "Can": it counts as the reader's.
    expect(result.tokens[4]).toMatchObject({ piece: '▁Can', origin: 'reader', turnId: 1 });
    expect(result.text.slice(result.tokens[4]!.start, result.tokens[4]!.end)).toBe(' Can');
  });

  it('gives the ids transformers.js documents for its three-turn example', () => {
    const result = rendered(toMessages(MULTI_TURN_EXAMPLE));
    expect(result.ids).toEqual(MULTI_TURN_IDS);
    expect(referenceIds(toMessages(MULTI_TURN_EXAMPLE))).toEqual(MULTI_TURN_IDS);
    expect(result.text).toBe(
      "<s>[INST] Hello, how are you? [/INST]I'm doing great. How can I help you today?</s> [INST] I'd like to show off how chat templating works! [/INST]",
    );
    expect(templateIds(result)).toEqual([
      1, 733, 16289, 28793, 733, 28748, 16289, 28793, 2, 28705, 733, 16289, 28793, 733, 28748, 16289, 28793,
    ]);
    expect(result.counts).toEqual({ total: 49, reader: 32, template: 17 });
  });

  it('cuts the string into template and reader parts that concatenate back to it', () => {
    const result = rendered(toMessages(MULTI_TURN_EXAMPLE));
    expect(result.segments.map(({ kind, text, turnId }) => [kind, text, turnId])).toEqual([
      ['template', '<s>[INST] ', null],
      ['reader', 'Hello, how are you?', 1],
      ['template', ' [/INST]', null],
      ['reader', "I'm doing great. How can I help you today?", 2],
      ['template', '</s> [INST] ', null],
      ['reader', "I'd like to show off how chat templating works!", 3],
      ['template', ' [/INST]', null],
    ]);
    expect(result.segments.map((segment) => segment.text).join('')).toBe(result.text);
  });

  it('keeps typed special tokens and markup as the reader’s, and labels byte pieces by their character', () => {
    const result = rendered([{ role: 'user', content: '<b>x</b> </s> [INST] 🦩\n' }]);
    expect(result.ids).toEqual(referenceIds([{ role: 'user', content: '<b>x</b> </s> [INST] 🦩\n' }]));
    const eos = result.tokens.find((token) => token.id === 2)!;
    expect(eos.origin).toBe('reader');
    const flamingo = result.tokens.filter((token) => token.kind === 'byte' && token.byte?.char === '🦩');
    expect(flamingo).toHaveLength(4);
    expect(
      flamingo.every(
        (token) => token.origin === 'reader' && result.text.slice(token.start, token.end) === '🦩',
      ),
    ).toBe(true);
  });

  it('matches transformers.js’s own ids, and labels every reader character, for any alternating conversation', () => {
    const content = fc.string({
      unit: fc.constantFrom(
        'a',
        'b',
        ' ',
        '  ',
        '\n',
        'é',
        '🦩',
        '<s>',
        '</s>',
        '[INST]',
        '▁',
        '*',
        'Hello',
        '?',
      ),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(content, { maxLength: 5 }), (contents) => {
        const messages: Message[] = contents.map((text, i) => ({
          role: i % 2 === 0 ? 'user' : 'assistant',
          content: text,
        }));
        const result = rendered(messages);
        expect(result.ids).toEqual(referenceIds(messages));
        // Every character of the reader's text lies in a token marked as the reader's.
        const covered = new Set<number>();
        for (const token of result.tokens)
          if (token.origin === 'reader') for (let i = token.start; i < token.end; i++) covered.add(i);
        for (const segment of result.segments.filter((s) => s.kind === 'reader')) {
          for (let i = segment.start; i < segment.start + segment.text.length; i++)
            expect(covered.has(i)).toBe(true);
        }
        expect(result.counts.reader + result.counts.template).toBe(result.ids.length);
      }),
      { numRuns: 150 },
    );
  });
});

describe('what the template refuses', () => {
  it('names the second of two user turns in a row, in plain words', () => {
    const conversation = fromMessages([
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Are you there?' },
    ]);
    const result = renderer.render(conversation);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.turnId).toBe(2);
    expect(result.problem.templateMessage).toBe(
      'Conversation roles must alternate user/assistant/user/assistant/...',
    );
    expect(result.problem.message).toMatchInlineSnapshot(
      `"Turn 2 is a user turn right after another user turn. Mistral’s template needs the roles to take turns, user first, so it refused the whole conversation (the template’s words: “Conversation roles must alternate user/assistant/user/assistant/...”). Change this turn’s role, merge it into the turn before, or put an assistant turn between them."`,
    );
  });

  it('names an opening assistant turn', () => {
    const result = renderer.render(
      fromMessages([
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Hi' },
      ]),
    );
    expect(result.ok || result.problem).toMatchObject({ turnId: 1 });
    expect(result.ok || result.problem.message).toMatch(
      /^Turn 1 is the assistant’s, but Mistral’s template needs the user to speak first/,
    );
  });

  it('points at the first break when several turns break the rule', () => {
    const roles = ['user', 'assistant', 'assistant', 'user', 'user'] as const;
    const result = renderer.render(fromMessages(roles.map((role) => ({ role, content: role }))));
    expect(result.ok || result.problem.turnId).toBe(3);
  });
});

describe('templates the renderer refuses to label', () => {
  it('fails loudly when a template edits the reader’s text instead of copying it', () => {
    // The same template, but trimming each message: the placeholders no longer line up with the real string.
    const trimming = Object.create(tokenizer, {
      chat_template: {
        value: tokenizer.chat_template!.replace(
          "message['content'] + ' [/INST]'",
          "message['content'] | trim + ' [/INST]'",
        ),
      },
    }) as PreTrainedTokenizer;
    const result = () =>
      createChatRenderer(trimming).render(fromMessages([{ role: 'user', content: ' padded ' }]));
    expect(result).toThrow('The chat template changes message text');
  });
});

describe('finding the turn at fault', () => {
  it('finds the first broken turn wherever it is', () => {
    for (let broken = 0; broken < 12; broken++) {
      // Alternating roles, except turn `broken` takes its predecessor's role (or the assistant's, first).
      const roles = Array.from(
        { length: 12 },
        (_, i) => (i % 2 === 0 ? 'user' : 'assistant') as 'user' | 'assistant',
      );
      roles[broken] = broken === 0 ? 'assistant' : roles[broken - 1]!;
      const conversation = fromMessages(roles.map((role, i) => ({ role, content: `turn ${i + 1}` })));
      const result = renderer.render(conversation);
      expect(result.ok || result.problem.turnId).toBe(broken + 1);
    }
  });
});

describe('the words for two assistant turns in a row', () => {
  it('uses the right article', () => {
    const roles = ['user', 'assistant', 'assistant'] as const;
    const result = renderer.render(fromMessages(roles.map((role) => ({ role, content: 'x' }))));
    expect(result.ok || result.problem.message).toMatch(
      /^Turn 3 is an assistant turn right after another assistant turn\. .* or put a user turn between them\.$/,
    );
  });
});
