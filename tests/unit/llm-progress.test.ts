import { describe, expect, it } from 'vitest';
import {
  describeProgress,
  estimateSecondsLeft,
  formatDuration,
  parseProgress,
  totalMiB,
} from '../../src/lib/llm/progress';

/** WebLLM 0.2.86's own sentences (see fetchTensorCacheInternal in @mlc-ai/web-llm). */
const download = {
  progress: 0.42,
  timeElapsed: 72,
  text:
    'Fetching param cache[45/108]: 1632MB fetched. 42% completed, 72 secs elapsed. It can take a while when we ' +
    'first visit this page to populate the cache. Later refreshes will become faster.',
};
const upload = {
  progress: 0.5,
  timeElapsed: 3,
  text: 'Loading model from cache[54/108]: 1943MB loaded. 50% completed, 3 secs elapsed.',
};
const shaders = {
  progress: 0.25,
  timeElapsed: 1,
  text: 'Loading GPU shader modules[10/40]: 25% completed, 1 secs elapsed.',
};

describe('parseProgress', () => {
  it('reads a download report: phase, fraction, MiB and shard counter', () => {
    expect(parseProgress(download)).toEqual({
      phase: 'download',
      fraction: 0.42,
      mib: 1632,
      done: 45,
      total: 108,
      text: download.text,
    });
  });

  it('reads the other phases', () => {
    expect(parseProgress({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' })).toMatchObject({
      phase: 'download',
      fraction: 0,
      mib: null,
    });
    expect(parseProgress(upload)).toMatchObject({ phase: 'gpu-upload', mib: 1943, done: 54, total: 108 });
    expect(parseProgress(shaders)).toMatchObject({ phase: 'shaders', mib: null, done: 10, total: 40 });
    expect(
      parseProgress({ progress: 1, timeElapsed: 90, text: 'Finish loading on WebGPU - nvidia' }),
    ).toMatchObject({ phase: 'done', fraction: 1 });
    expect(parseProgress({ progress: 0.3, timeElapsed: 1, text: 'Something new' })).toMatchObject({
      phase: 'other',
      fraction: 0.3,
    });
  });

  it('clamps fractions WebLLM might report out of range or as NaN', () => {
    expect(parseProgress({ ...download, progress: 1.2 }).fraction).toBe(1);
    expect(parseProgress({ ...download, progress: Number.NaN }).fraction).toBe(0);
  });
});

describe('totalMiB', () => {
  it('extrapolates the phase size from what is done, once 1% is done', () => {
    expect(totalMiB(parseProgress(download))).toBeCloseTo(3885.7, 1);
    expect(totalMiB(parseProgress({ ...download, progress: 0.005 }))).toBeNull();
  });
});

describe('estimateSecondsLeft', () => {
  it('extrapolates the recent rate', () => {
    const samples = [
      { atMs: 0, fraction: 0.1 },
      { atMs: 5000, fraction: 0.2 },
      { atMs: 10_000, fraction: 0.3 },
    ];
    // 0.2 in 10 s: 0.02 a second, 0.7 left: 35 s.
    expect(estimateSecondsLeft(samples)).toBeCloseTo(35);
  });

  it('looks only at the last 30 s, so a fast resumed start does not promise too little', () => {
    const samples = [
      { atMs: 0, fraction: 0 },
      { atMs: 1000, fraction: 0.5 }, // shards already stored, counted in a second
      { atMs: 61_000, fraction: 0.6 },
      { atMs: 91_000, fraction: 0.7 },
    ];
    // Window 61 s..91 s: 0.1 in 30 s, 0.3 left: 90 s.
    expect(estimateSecondsLeft(samples)).toBeCloseTo(90);
  });

  it('says nothing without two samples two seconds apart that show progress', () => {
    expect(estimateSecondsLeft([])).toBeNull();
    expect(estimateSecondsLeft([{ atMs: 0, fraction: 0.1 }])).toBeNull();
    expect(
      estimateSecondsLeft([
        { atMs: 0, fraction: 0.1 },
        { atMs: 1000, fraction: 0.2 },
      ]),
    ).toBeNull();
    expect(
      estimateSecondsLeft([
        { atMs: 0, fraction: 0.2 },
        { atMs: 5000, fraction: 0.2 },
      ]),
    ).toBeNull();
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(8.4)).toBe('8 s');
    expect(formatDuration(72)).toBe('1 min 12 s');
    expect(formatDuration(7500)).toBe('2 h 5 min');
    expect(formatDuration(-3)).toBe('0 s');
  });
});

describe('describeProgress', () => {
  it('gives phase, percent, MiB of the total, elapsed and time left', () => {
    expect(describeProgress(parseProgress(download), 80, 123)).toBe(
      'Downloading the weights: 42% · 1,632 of 3,886 MiB · 1 min 20 s elapsed · about 2 min 3 s left',
    );
  });

  it('before WebLLM’s first report, names the first step and the time so far', () => {
    expect(describeProgress(null, 4, null)).toBe(
      'Fetching the model’s settings, compiled GPU code and tokenizer… · 4 s elapsed',
    );
  });

  it('counts shader modules, and drops the estimate when done', () => {
    expect(describeProgress(parseProgress(shaders), 100, null)).toBe(
      'Preparing the GPU programs: 25% · 10 of 40 · 1 min 40 s elapsed',
    );
    expect(
      describeProgress(
        parseProgress({ progress: 1, timeElapsed: 1, text: 'Finish loading on WebGPU' }),
        101,
        5,
      ),
    ).toBe('Loaded: 100% · 1 min 41 s elapsed');
  });
});
