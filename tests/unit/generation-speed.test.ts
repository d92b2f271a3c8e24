import { describe, expect, it } from 'vitest';
import { breakdownOf, describeSpeed, explainGap, rateOf, speedReport } from '../../src/lib/generation/speed';
import type { GenerationTimings, PlayRun } from '../../src/lib/generation/state';

/** The case by hand: a 20-token prefill of 1,200 ms, then 9 decode steps of 10 ms, 10 ms of page time. */
const RUN: PlayRun = {
  tokens: 10,
  ms: 1300,
  computeMs: 1290,
  prefillMs: 1200,
  prefillTokens: 1,
  running: false,
};
const TIMINGS: GenerationTimings = {
  prefill: { tokens: 20, ms: 1200 },
  firstTokenMs: 1201,
  decode: { tokens: 9, ms: 90 },
  played: RUN,
};

describe('the two speeds', () => {
  it('gives tokens per second, and no rate for no tokens or no time', () => {
    expect(rateOf(9, 90)).toEqual({ tokens: 9, ms: 90, perSecond: 100 });
    expect(rateOf(0, 90)).toBeNull();
    expect(rateOf(3, 0)).toBeNull();
  });

  it('a short reply: the model decodes at 100 tokens/s, the reader sees 10 tokens in 1.3 s', () => {
    const report = speedReport(TIMINGS);
    expect(report.compute?.perSecond).toBe(100);
    // 10 tokens / 1.3 s = 7.69 tokens/s: the prefill dominates.
    expect(report.seen?.perSecond).toBeCloseTo(7.6923, 4);
    expect(report.breakdown).toEqual({ prefillMs: 1200, decodeMs: 90, pageMs: 10 });
    expect(describeSpeed(report)).toEqual([
      {
        label: 'Compute',
        value: '100 tokens/s',
        note: 'time inside the model: 9 decode steps took 90 ms in the engine and the sampler',
      },
      {
        label: 'You saw',
        value: '7.7 tokens/s',
        note: 'wall clock from pressing Play to its newest token: 10 tokens in 1,300 ms, drawing the page and the pause between steps included',
      },
      {
        label: 'Time to first token',
        value: '1,201 ms',
        note: 'reading the whole prompt (the prefill) and picking the first token',
      },
    ]);
    expect(explainGap(report)).toBe(
      'Why they differ: of Play’s 1,300 ms, 1,200 ms reading the prompt before the first token (prefill), 90 ms for the decode steps and the sampler’s picks, 10 ms on the page between model calls (drawing the reply, the pause between steps).',
    );
  });

  it('a run without a prefill: its time is decode steps and the page; the parts add up to the wall clock', () => {
    const run: PlayRun = {
      tokens: 50,
      ms: 800,
      computeMs: 500,
      prefillMs: 0,
      prefillTokens: 0,
      running: true,
    };
    const parts = breakdownOf(run);
    expect(parts).toEqual({ prefillMs: 0, decodeMs: 500, pageMs: 300 });
    expect(parts.prefillMs + parts.decodeMs + parts.pageMs).toBe(run.ms);
    const report = speedReport({ ...TIMINGS, played: run });
    // 50 tokens in 0.8 s.
    expect(report.seen?.perSecond).toBe(62.5);
    expect(describeSpeed(report)[1]!.label).toBe('You see');
    expect(explainGap(report)).not.toMatch(/prefill/);
  });

  it('before any token, says nothing; Step alone gives no wall-clock figure', () => {
    const none: GenerationTimings = {
      prefill: null,
      firstTokenMs: null,
      decode: { tokens: 0, ms: 0 },
      played: null,
    };
    expect(describeSpeed(speedReport(none))).toEqual([]);
    const stepped = speedReport({ ...TIMINGS, played: null });
    expect(stepped.seen).toBeNull();
    expect(explainGap(stepped)).toBeNull();
    expect(describeSpeed(stepped).map((line) => line.label)).toEqual(['Compute', 'Time to first token']);
  });
});
