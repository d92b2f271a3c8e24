import { describe, expect, it } from 'vitest';
import { checkMaxNewTokens, checkPromptFits, stopAfter, type StopLimits } from '../../src/lib/sampling/stop';

const limits: StopLimits = { stopIds: [2], maxNewTokens: 100, contextWindow: 4096 };

describe('stop rules', () => {
  it('goes on while no rule applies', () => {
    expect(stopAfter(22143, { promptTokens: 20, newTokens: 1 }, limits)).toEqual({ stop: false });
    expect(stopAfter(22143, { promptTokens: 20, newTokens: 99 }, limits)).toEqual({ stop: false });
    expect(stopAfter(22143, { promptTokens: 4000, newTokens: 95 }, limits)).toEqual({ stop: false });
  });

  it('stops at </s> and says the reply is complete', () => {
    expect(stopAfter(2, { promptTokens: 20, newTokens: 7 }, limits)).toEqual({
      stop: true,
      reason: 'end-of-text',
      message: 'The model picked </s> (id 2), the end-of-text token: the reply is complete after 7 tokens.',
    });
  });

  it('names another vocabulary’s end tokens as that vocabulary writes them (Qwen has two)', () => {
    const qwen: StopLimits = {
      stopIds: [151_643, 151_645],
      maxNewTokens: 3,
      contextWindow: 4096,
      pieceOf: (id) => ({ 151643: '<|endoftext|>', 151645: '<|im_end|>' })[id] ?? '?',
    };
    expect(stopAfter(151_645, { promptTokens: 41, newTokens: 2 }, qwen)).toMatchObject({
      reason: 'end-of-text',
      message:
        'The model picked <|im_end|> (id 151645), the end-of-text token: the reply is complete after 2 tokens.',
    });
    expect(stopAfter(9707, { promptTokens: 41, newTokens: 3 }, qwen)).toMatchObject({
      reason: 'max-new-tokens',
      message: expect.stringContaining('the model had not picked <|endoftext|> or <|im_end|>, so'),
    });
  });

  it('stops at the reader’s limit and says the reply may be unfinished', () => {
    const decision = stopAfter(22143, { promptTokens: 20, newTokens: 100 }, limits);
    expect(decision).toEqual({
      stop: true,
      reason: 'max-new-tokens',
      message:
        'Stopped after 100 tokens, the limit on new tokens: the model had not picked </s>, so the reply may be unfinished. Raise the limit to let it go on.',
    });
  });

  it('stops when prompt and reply fill the context window, exactly at its size', () => {
    expect(stopAfter(22143, { promptTokens: 4000, newTokens: 96 }, limits)).toEqual({
      stop: true,
      reason: 'context-window',
      message:
        'Stopped at 4,096 tokens (prompt 4,000 + reply 96): the context window holds 4,096 and is full, so the reply is cut here, unfinished.',
    });
  });

  it('prefers the model’s own end, then the window, then the reader’s limit', () => {
    const full = { promptTokens: 4000, newTokens: 100 };
    expect(stopAfter(2, full, limits)).toMatchObject({ reason: 'end-of-text' });
    expect(stopAfter(5, full, limits)).toMatchObject({ reason: 'context-window' });
    expect(stopAfter(5, { promptTokens: 10, newTokens: 1 }, { ...limits, maxNewTokens: 1 })).toMatchObject({
      reason: 'max-new-tokens',
      message: expect.stringMatching(/^Stopped after 1 token, /),
    });
  });

  it('refuses a prompt with no room for a reply, and a bad limit', () => {
    expect(checkPromptFits(4095, 4096)).toBeNull();
    expect(checkPromptFits(4096, 4096)).toBe(
      'The prompt has 4,096 tokens, but the context window holds 4,096: there is no room for even one new token. Shorten the conversation.',
    );
    expect(checkPromptFits(0, 4096)).toMatch(/no tokens/);
    expect(checkMaxNewTokens(256, 4096)).toBeNull();
    expect(checkMaxNewTokens(0, 4096)).toBe(
      'The limit on new tokens must be a whole number from 1 to 4,096 (the context window); 0 is not.',
    );
    expect(checkMaxNewTokens(1.5, 4096)).not.toBeNull();
  });
});
