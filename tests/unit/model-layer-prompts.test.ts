import { describe, expect, it } from 'vitest';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import {
  formatIds,
  parseIds,
  presetFor,
  PROMPT_PRESETS,
  tokenLabel,
} from '../../src/lib/model/layer-prompts';

describe('the one-layer panel’s prompt', () => {
  it('reads ids separated by commas or spaces and names the seed prompts', () => {
    expect(parseIds(formatIds(SEED_PROMPT_IDS))).toEqual({ ok: true, ids: [...SEED_PROMPT_IDS] });
    expect(parseIds(' 1 2418,368 ')).toEqual({ ok: true, ids: [1, 2418, 368] });
    expect(presetFor(SEED_PROMPT_IDS)?.id).toBe('seed-template');
    expect(presetFor([1, 2])).toBeNull();
    expect(PROMPT_PRESETS[1]!.ids.map((id) => tokenLabel(id)).join(' ')).toBe(
      '<s> Can you write an email explaining what an LL M is ?',
    );
    expect(tokenLabel(22143)).toBe('#22143');
    expect(tokenLabel(22143, new Map([[22143, 'Dear']]))).toBe('Dear');
  });

  it('explains what it cannot trace', () => {
    expect(parseIds('  ')).toEqual({
      ok: false,
      message: 'Enter at least one token id, for example 1 (<s>).',
    });
    expect(parseIds('1, two')).toEqual({
      ok: false,
      message:
        '“two” is not a token id. Token ids are whole numbers from 0 to 31,999, separated by commas or spaces.',
    });
    expect(parseIds('1, -5')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^“-5” is not a token id/),
    });
    expect(parseIds('1, 32000')).toEqual({
      ok: false,
      message: '32,000 is outside the vocabulary: token ids go from 0 to 31,999.',
    });
    expect(parseIds(Array(97).fill(1).join(' '))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^97 tokens is more than this panel shows \(96\)/),
    });
  });
});
