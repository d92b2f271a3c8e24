import { describe, expect, it } from 'vitest';
import { fromMessages, SEED_CONVERSATION } from '../../src/lib/chat/conversation';
import type { RenderResult } from '../../src/lib/chat/render';
import { promptFrom, SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { loadMistral } from './tokenizer-fixture';
import { SEED_PROMPT } from '../../src/lib/tokenizer/mistral';

const question = fromMessages([{ role: 'user', content: 'Hello' }]);
const ready = (conversation: typeof question, result: RenderResult) =>
  ({ phase: 'ready', rendered: { conversation, result }, busy: false, loadMs: 1 }) as const;

describe('the prompt the chapters feed the model', () => {
  it('the seed ids are what the tokenizer’s own template gives for the seed question', async () => {
    const tokenizer = await loadMistral();
    const { input_ids } = tokenizer.apply_chat_template([{ role: 'user', content: SEED_PROMPT }], {
      tokenize: true,
      return_tensor: false,
    }) as unknown as { input_ids: number[] };
    expect(input_ids).toEqual(SEED_PROMPT_IDS);
  });

  it('uses the seed ids for the seed conversation without a template run', () => {
    expect(promptFrom(SEED_CONVERSATION, null)).toEqual({
      status: 'ready',
      ids: SEED_PROMPT_IDS,
      source: 'seed',
    });
  });

  it('waits for the rendering of the latest conversation, then uses its ids', () => {
    expect(promptFrom(question, null).status).toBe('waiting');
    expect(promptFrom(question, { phase: 'loading' }).status).toBe('waiting');
    const result = { ok: true, ids: [1, 2, 3] } as unknown as RenderResult;
    expect(
      promptFrom(question, ready(fromMessages([{ role: 'user', content: 'Hell' }]), result)).status,
    ).toBe('waiting');
    expect(promptFrom(question, ready(question, result))).toEqual({
      status: 'ready',
      ids: [1, 2, 3],
      source: 'conversation',
    });
  });

  it('explains a conversation that cannot be a prompt', () => {
    const answered = fromMessages([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ]);
    expect(promptFrom(answered, null)).toMatchObject({
      status: 'problem',
      message: expect.stringMatching(/ends with the model’s own turn/),
    });
    expect(promptFrom([], null)).toMatchObject({
      status: 'problem',
      message: expect.stringMatching(/is empty/),
    });
    const refused = {
      ok: false,
      problem: { turnId: 1, templateMessage: 'x', message: 'Roles must alternate.' },
    } as RenderResult;
    expect(promptFrom(question, ready(question, refused))).toMatchObject({
      status: 'problem',
      message:
        'The chat template refuses your conversation: Roles must alternate. Fix it in the chat template chapter.',
    });
    expect(promptFrom(question, { phase: 'error', stage: 'load', message: 'HTTP 404' })).toMatchObject({
      status: 'problem',
      message: 'The tokenizer and chat template could not be loaded (HTTP 404).',
    });
    expect(promptFrom(question, { phase: 'error', stage: 'render', message: 'a bug' })).toMatchObject({
      status: 'problem',
      message: 'Your conversation could not be rendered (a bug).',
    });
  });

  it('knows the seed’s ids only in chapter 1’s vocabulary: another tokenizer renders even the seed', () => {
    expect(promptFrom(SEED_CONVERSATION, null, false).status).toBe('waiting');
    const ids = [1, 3, 3186, 4];
    const result = { ok: true, ids } as unknown as RenderResult;
    expect(promptFrom(SEED_CONVERSATION, ready(SEED_CONVERSATION, result), false)).toEqual({
      status: 'ready',
      ids,
      source: 'seed',
    });
  });
});
