import { describe, expect, it } from 'vitest';
import { SLIDER_SCALES, TOP_K_STOPS } from '../../src/lib/sampling/draw-sliders';
import { parseSamplingSettings } from '../../src/lib/sampling/settings';
import { DEFAULT_SAMPLING_INPUT } from '../../src/lib/generation/store';

const { temperature, topK, topP } = SLIDER_SCALES;

describe('the sliders’ scales', () => {
  it('temperature: 0 to 2 in steps of 0.05, written as a box would hold it', () => {
    expect([temperature.min, temperature.max, temperature.step]).toEqual([0, 2, 0.05]);
    expect(temperature.toPosition(0.73)).toBe(0.75);
    expect(temperature.toPosition(1)).toBe(1);
    expect(temperature.toPosition(7)).toBe(2);
    // A position the browser reports with a binary tail reads back as the short decimal.
    expect(temperature.fromPosition(0.1 + 0.2)).toBe('0.3');
    expect(temperature.fromPosition(0.35000000000000003)).toBe('0.35');
    expect(temperature.describe(0)).toBe('0, greedy');
  });

  it('top-k: off, 1 to 10 one by one, then coarser stops up to 1,000', () => {
    expect(topK.min).toBe(0);
    expect(topK.max).toBe(TOP_K_STOPS.length - 1);
    expect(topK.fromPosition(topK.toPosition(50))).toBe('50');
    expect(topK.fromPosition(0)).toBe('0');
    expect(topK.fromPosition(topK.max)).toBe('1000');
    // Between stops: the next stop up; past the last: the end of the slider.
    expect(topK.fromPosition(topK.toPosition(37))).toBe('40');
    expect(topK.toPosition(32_000)).toBe(topK.max);
    for (const stop of TOP_K_STOPS) expect(topK.fromPosition(topK.toPosition(stop))).toBe(String(stop));
    expect(topK.describe(0)).toBe('0, off');
    expect(topK.describe(1000)).toBe('1,000 tokens');
  });

  it('top-p: 0.01 to 1 in hundredths, never 0 (which the pipeline refuses)', () => {
    expect([topP.min, topP.max, topP.step]).toEqual([0.01, 1, 0.01]);
    expect(topP.toPosition(0.005)).toBe(0.01);
    expect(topP.fromPosition(0.9)).toBe('0.9');
    expect(topP.describe(1)).toBe('1, off');
  });

  it('every position of every slider writes a setting the pipeline takes', () => {
    for (const scale of Object.values(SLIDER_SCALES))
      for (let position = scale.min; position <= scale.max + 1e-9; position += scale.step) {
        const text = scale.fromPosition(position);
        const parsed = parseSamplingSettings({ ...DEFAULT_SAMPLING_INPUT, [scale.field]: text }, 32_000);
        expect(parsed.ok, `${scale.field} ${text}`).toBe(true);
      }
  });
});
