import { describe, expect, it } from 'vitest';
import {
  addressForSampling,
  MAX_VALUE_CHARS,
  samplingFromAddress,
} from '../../src/lib/generation/sampling-address';
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_SAMPLING_INPUT } from '../../src/lib/generation/store';

const page = 'https://site.example/chapters/one-token/';

describe('sampling settings in the address', () => {
  it('gives the defaults for a plain address and writes nothing for them', () => {
    const state = samplingFromAddress(page);
    expect(state).toEqual({ sampling: { ...DEFAULT_SAMPLING_INPUT }, maxNewTokens: DEFAULT_MAX_NEW_TOKENS });
    expect(addressForSampling(`${page}?chat=abc#top`, state)).toBe(`${page}?chat=abc#top`);
  });

  it('round-trips changed settings, keeping other parameters, and drops one set back to its default', () => {
    const state = {
      sampling: { ...DEFAULT_SAMPLING_INPUT, temperature: '0.7', topP: '0.9', seed: '7' },
      maxNewTokens: '128',
    };
    const href = addressForSampling(`${page}?chat=abc`, state);
    expect(href).toBe(`${page}?chat=abc&temperature=0.7&top_p=0.9&seed=7&max_new_tokens=128`);
    expect(samplingFromAddress(href)).toEqual(state);
    const back = addressForSampling(href, {
      ...state,
      sampling: { ...state.sampling, temperature: DEFAULT_SAMPLING_INPUT.temperature },
    });
    expect(new URL(back).searchParams.has('temperature')).toBe(false);
  });

  it('keeps a bad value as typed, so its box shows it beside the message, but cuts a hostile length', () => {
    const href = `${page}?temperature=${encodeURIComponent('<b>hot</b>')}&seed=${'9'.repeat(500)}`;
    const { sampling } = samplingFromAddress(href);
    expect(sampling.temperature).toBe('<b>hot</b>');
    expect(sampling.seed).toHaveLength(MAX_VALUE_CHARS);
  });
});
