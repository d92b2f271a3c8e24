import { describe, expect, it } from 'vitest';
import { formatTick, niceTicks, pixelsPerMs, timelineOf } from '../../src/lib/generation/timeline';
import { describeBar, describeTimeline } from '../../src/lib/generation/describe-timeline';
import type { LogitsSource, StepRecord } from '../../src/lib/generation/state';

const PIECES = ['<unk>', '<s>', '</s>', '▁Dear', '▁Anna', ','];

/** A step record with only what the timeline reads (the rest is never looked at). */
const record = (
  index: number,
  id: number,
  source: LogitsSource,
  engineMs: number,
  samplingMs: number,
  probability: number | null,
  forced = false,
) => ({ index, id, source, engineMs, samplingMs, probability, forced }) as unknown as StepRecord;

const STEPS = [
  record(0, 3, 'prefill', 280, 6, 0.75),
  record(1, 4, 'decode', 9, 1, 0.5, true),
  record(2, 5, 'decode', 8, 2, 0.25),
  record(3, 2, 'decode', 10, 0, null),
];

describe('the loop’s timeline', () => {
  it('lays the steps end to end on model time, a prefill reading the prompt, a decode one token', () => {
    const timeline = timelineOf(STEPS, 20, true);
    expect(timeline.totalMs).toBe(316);
    expect(timeline.bars.map((bar) => [bar.startMs, bar.ms, bar.read, bar.source])).toEqual([
      [0, 286, 20, 'prefill'],
      [286, 10, 1, 'decode'],
      [296, 10, 1, 'decode'],
      [306, 10, 1, 'decode'],
    ]);
    expect(timeline.bars.map((bar) => bar.last)).toEqual([false, false, false, true]);
    expect(timeline.bars[1]!.forced).toBe(true);
    // About five ticks: 316 / 5 = 63.2 ms, rounded up to the next 1-2-5 step, 100 ms.
    expect(timeline.ticks).toEqual([0, 100, 200, 300]);
  });

  it('a prefill after going back reads the prompt and the kept reply; an unended reply marks no last token', () => {
    const again = [
      ...STEPS.slice(0, 2),
      record(2, 5, 'prefill', 300, 1, 0.5),
      record(3, 3, 'reuse', 0, 2, 0.1),
    ];
    const timeline = timelineOf(again, 20, false);
    expect(timeline.bars.map((bar) => bar.read)).toEqual([20, 1, 22, 0]);
    expect(timeline.bars.some((bar) => bar.last)).toBe(false);
  });

  it('rounds the axis to 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(9)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6]);
    expect([0, 0.2, 2000, 15000].map(formatTick)).toEqual(['0 ms', '0.2 ms', '2,000 ms', '15,000 ms']);
  });

  it('gives the median step 8 px, within the bounds of the box', () => {
    const timeline = timelineOf(STEPS, 20, true);
    // Median of [286, 10, 10, 10] is 10 ms: 0.8 px/ms; 316 ms is then 252.8 px, under the 280 px floor.
    expect(pixelsPerMs(timeline)).toBeCloseTo(280 / 316, 10);
    expect(pixelsPerMs(timeline, { minPx: 100 })).toBeCloseTo(0.8, 10);
    // A cap of 200 px for 316 ms.
    expect(pixelsPerMs(timeline, { minPx: 100, maxPx: 200 })).toBeCloseTo(200 / 316, 10);
  });

  it('says each step in words, and the whole in its accessible name', () => {
    const timeline = timelineOf(STEPS, 20, true);
    expect(describeBar(timeline.bars[0]!, 3, PIECES)).toBe(
      'Step 1: “▁Dear” (id 3), 75.0%; a prefill: read 20 tokens, 286 ms.',
    );
    expect(describeBar(timeline.bars[1]!, 4, PIECES)).toBe(
      'Step 2: “▁Anna” (id 4), 50.0% (forced by you); a decode step: read 1 token, 10 ms.',
    );
    expect(describeBar(timeline.bars[3]!, 2, PIECES)).toBe(
      'Step 4: “</s>” (id 2), probability unknown (the last token); a decode step: read 1 token, 10 ms.',
    );
    expect(describeTimeline(timeline)).toBe(
      'Timeline of the loop: 4 steps in 316 ms of model time: 1 prefill (286 ms, first reading 20 tokens), then 3 decode steps (30 ms, 10 ms each on average). Each bar is one step, as wide as its time, as tall as its token’s probability.',
    );
    expect(describeTimeline(timelineOf([], 20, false))).toBe('Timeline of the loop: no step yet.');
  });
});
