import { describe, expect, it } from 'vitest';
import { addressForSampling, samplingFromAddress } from '../../src/lib/generation/sampling-address';
import { parseSamplingSettings } from '../../src/lib/sampling/settings';
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

  it('carries every stage under Hugging Face’s and OpenAI’s names, and a bad order with its message', () => {
    const state = {
      sampling: {
        ...DEFAULT_SAMPLING_INPUT,
        minP: '0.05',
        typicalP: '0.9',
        repetitionPenalty: '1.2',
        presencePenalty: '0.5',
        frequencyPenalty: '0.25',
        order: 'temperature-last',
      },
      maxNewTokens: DEFAULT_MAX_NEW_TOKENS,
    };
    const href = addressForSampling(page, state);
    expect(href).toBe(
      `${page}?min_p=0.05&typical_p=0.9&repetition_penalty=1.2&presence_penalty=0.5&frequency_penalty=0.25&order=temperature-last`,
    );
    expect(samplingFromAddress(href)).toEqual(state);
    const { sampling } = samplingFromAddress(`${page}?order=sideways&presence_penalty=-1`);
    const parsed = parseSamplingSettings(sampling, 32_000);
    expect(parsed.ok === false && Object.keys(parsed.errors).sort()).toEqual(['order', 'presencePenalty']);
  });

  it('reads a bad value whole, so its box shows it beside the message, never cut without a word', () => {
    const href = `${page}?temperature=${encodeURIComponent('<b>hot</b>')}&seed=${'9'.repeat(500)}`;
    const { sampling } = samplingFromAddress(href);
    expect(sampling.temperature).toBe('<b>hot</b>');
    expect(sampling.seed).toBe('9'.repeat(500));
    const parsed = parseSamplingSettings(sampling, 32_000);
    expect(parsed.ok === false && parsed.errors.seed).toBe(
      '“999999999999999999999999…” (500 characters) is too long to be the seed: a setting has at most 32 characters.',
    );
  });

  it('writes only values that come back unchanged and fit: none over 32 characters or 100 bytes, none with a broken character', () => {
    const state = {
      sampling: {
        ...DEFAULT_SAMPLING_INPUT,
        temperature: '1'.repeat(1_000_000),
        topK: '4\uD800',
        topP: '語'.repeat(32),
        seed: '1'.repeat(33),
      },
      maxNewTokens: '1'.repeat(32),
    };
    const href = addressForSampling(`${page}?temperature=0.5&seed=3`, state);
    // 32 CJK characters take 288 bytes, over a setting's 100 (no number needs them); 32 digits fit, and 10 CJK (96 with the name).
    expect(href).toBe(`${page}?max_new_tokens=${'1'.repeat(32)}`);
    const fits = addressForSampling(page, {
      ...state,
      sampling: { ...state.sampling, topP: '語'.repeat(10) },
    });
    expect(samplingFromAddress(fits).sampling.topP).toBe('語'.repeat(10));
  });
});
