import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../../src/lib/mlp/epochs';
import {
  chartRuns,
  clearEarlier,
  EMPTY_HISTORY,
  formatTick,
  overlayData,
  overlaySummary,
  recordRun,
  RUN_STYLES,
  runLabels,
  RUNS_KEPT,
  styleOf,
  logAxisTicks,
  wantsLogScale,
} from '../../src/lib/mlp/run-history';
import { SEED_SETTINGS, type TrainingSettings } from '../../src/lib/mlp/settings';
import { IDLE, runReducer, runStatus } from '../../src/lib/mlp/run-state';

const epochsOf = (...losses: number[]): EpochReport[] =>
  losses.map((loss, i) => ({ epoch: i + 1, epochs: losses.length, loss, seconds: i + 1 }));
const at = (learningRate: number, more: Partial<TrainingSettings> = {}) => ({
  ...SEED_SETTINGS,
  learningRate,
  ...more,
});

describe('the runs a training panel keeps', () => {
  it('keeps the latest four, oldest first, numbering each run once', () => {
    let history = EMPTY_HISTORY;
    for (const rate of [0.01, 0.1, 1, 0.001, 0.5]) history = recordRun(history, at(rate), epochsOf(2), false);
    expect(RUNS_KEPT).toBe(4);
    expect(history.runs.map((run) => [run.id, run.settings.learningRate])).toEqual([
      [2, 0.1],
      [3, 1],
      [4, 0.001],
      [5, 0.5],
    ]);
    expect(history.nextId).toBe(6);
  });

  it('does not keep a run stopped before its first epoch: it has no line to draw', () => {
    expect(recordRun(EMPTY_HISTORY, SEED_SETTINGS, [], true)).toBe(EMPTY_HISTORY);
  });

  it('clears all but the latest run, and keeps counting from where it was', () => {
    let history = recordRun(EMPTY_HISTORY, at(0.01), epochsOf(2.3), false);
    history = recordRun(history, at(0.1), epochsOf(2.3), false);
    history = clearEarlier(history);
    expect(history.runs.map((run) => run.id)).toEqual([2]);
    expect(recordRun(history, at(1), epochsOf(9), false).runs.map((run) => run.id)).toEqual([2, 3]);
  });

  it('draws the run in progress after the kept ones, with the id it will keep, four lines at most', () => {
    let history = EMPTY_HISTORY;
    for (const rate of [0.01, 0.1, 1, 0.001]) history = recordRun(history, at(rate), epochsOf(2), false);
    const live = { settings: at(0.05), epochs: epochsOf(2.3) };
    const runs = chartRuns(history, live);
    expect(runs.map((run) => run.id)).toEqual([2, 3, 4, 5]);
    expect(runs.at(-1)).toMatchObject({ id: 5, settings: { learningRate: 0.05 } });
    // Once it ends it is recorded under that id: its line keeps its style.
    const after = chartRuns(recordRun(history, live.settings, live.epochs, false), null);
    expect(after.at(-1)!.id).toBe(5);
    expect(chartRuns(history, null)).toHaveLength(4);
  });

  it('gives each of four runs in a row its own dash pattern, not only its own colour', () => {
    const styles = [1, 2, 3, 4].map(styleOf);
    expect(new Set(styles.map((style) => style.dash.join(','))).size).toBe(4);
    expect(new Set(styles.map((style) => style.color)).size).toBe(4);
    expect(styleOf(5)).toBe(RUN_STYLES[0]);
  });
});

describe('naming runs by their settings', () => {
  it('names two runs by the learning rate when that is all that differs', () => {
    const runs = [
      { id: 1, settings: at(0.01) },
      { id: 2, settings: at(0.1) },
    ];
    expect(runLabels(runs)).toEqual(['lr 0.01', 'lr 0.1']);
  });

  it('names every setting that differs, in a fixed order', () => {
    const runs = [
      { id: 1, settings: at(0.01) },
      { id: 2, settings: at(0.5, { batchSize: 100 }) },
      { id: 3, settings: at(0.5, { hiddenSize: 2 }) },
    ];
    expect(runLabels(runs)).toEqual([
      'lr 0.01, batch 1, hidden 256',
      'lr 0.5, batch 100, hidden 256',
      'lr 0.5, batch 1, hidden 2',
    ]);
  });

  it('adds the run number when two runs had the same settings', () => {
    const runs = [
      { id: 3, settings: at(0.01) },
      { id: 4, settings: at(0.01) },
    ];
    expect(runLabels(runs)).toEqual(['lr 0.01 (run 3)', 'lr 0.01 (run 4)']);
    expect(runLabels([{ id: 1, settings: SEED_SETTINGS }])).toEqual(['lr 0.01']);
  });
});

describe('the overlay’s data', () => {
  it('lines up runs of different lengths on epochs 1..longest, with gaps for missing or non-numbers', () => {
    const short = { epochs: epochsOf(2.3, 1.5) };
    const long = { epochs: epochsOf(2.3, Number.NaN, 0.5, Number.POSITIVE_INFINITY) };
    expect(overlayData([short, long])).toEqual([
      [1, 2, 3, 4],
      [2.3, 1.5, null, null],
      [2.3, null, 0.5, null],
    ]);
    expect(overlayData([])).toEqual([[1]]);
  });

  it('says in one line what each run’s loss did', () => {
    expect(
      overlaySummary([
        { label: 'lr 0.01', epochs: epochsOf(2.31, 0.0213) },
        { label: 'lr 0.1', epochs: epochsOf(2.31) },
        { label: 'lr 1', epochs: [] },
      ]),
    ).toBe('Loss per epoch, 2 runs. lr 0.01: from 2.31 to 0.0213 at epoch 2; lr 0.1: 2.31 after epoch 1.');
  });
});

describe('a paced run’s state and status line', () => {
  const report = (epoch: number, loss: number): EpochReport => ({ epoch, epochs: 10, loss, seconds: 0.1 });
  const started = runReducer(IDLE, {
    type: 'started',
    jobId: 1,
    settings: SEED_SETTINGS,
    steps: 1000,
    pace: { speed: 'slow', paused: false },
  });

  it('says when a run goes slowly, is about to pause, and is paused', () => {
    expect(runStatus(started, 'wasm')).toBe('Training: epoch 1 of 10 (slowly).');
    let state = runReducer(started, { type: 'pace', pace: { speed: 'slow', paused: true } });
    expect(runStatus(state, 'wasm')).toBe('Training: epoch 1 of 10 (pausing after it).');
    state = runReducer(state, { type: 'epoch', report: report(1, 2.3456) });
    state = runReducer(state, { type: 'paused' });
    expect(runStatus(state, 'wasm')).toBe(
      'Paused after epoch 1 of 10. Epoch 1 loss 2.35. Step runs one more epoch; Resume runs the rest.',
    );
    // Step: the next epoch runs; the run is no longer waiting.
    expect(runReducer(state, { type: 'stepped' })).toMatchObject({ waiting: false });
    // Resume: not waiting, not pausing.
    const resumed = runReducer(state, { type: 'pace', pace: { speed: 'full', paused: false } });
    expect(runStatus(resumed, 'wasm')).toBe('Training: epoch 2 of 10. Epoch 1 loss 2.35.');
  });

  it('ignores a late "paused" from the worker after the reader resumed', () => {
    const state = runReducer(started, { type: 'paused' });
    expect(state).toMatchObject({ waiting: false });
    const first = runReducer(runReducer(started, { type: 'pace', pace: { speed: 'full', paused: true } }), {
      type: 'paused',
    });
    expect(runStatus(first, 'wasm')).toBe(
      'Paused before the first epoch. Step runs one more epoch; Resume runs the rest.',
    );
  });
});

describe('the loss axis', () => {
  const run = (...losses: number[]) => ({ epochs: epochsOf(...losses) });

  it('turns logarithmic only when the losses drawn span more than 50 times', () => {
    expect(wantsLogScale([run(2.3, 1.2, 0.5)])).toBe(false);
    // The seed run: 2.3 down to 0.02 is a factor of 115.
    expect(wantsLogScale([run(2.3, 0.02)])).toBe(true);
    // A diverging run beside a learning one.
    expect(wantsLogScale([run(2.3, 1.1), run(49.4, 9800)])).toBe(true);
    // Overflowed losses and zeros are not drawn on a log axis, so they do not count.
    expect(wantsLogScale([run(2.3, Number.NaN, Number.POSITIVE_INFINITY, 0)])).toBe(false);
  });

  it('writes ticks short enough for a phone', () => {
    expect([0, 0.01, 0.1, 2.5, 100, 1000, 10_000, 1e6, 0.0001].map(formatTick)).toEqual([
      '0',
      '0.01',
      '0.1',
      '2.5',
      '100',
      '1000',
      '1e+4',
      '1e+6',
      '1e-4',
    ]);
  });
});

describe('the log loss axis', () => {
  it('keeps only powers of ten, thinned to at most six', () => {
    // What uPlot offers between 1 and 1,000: every multiple of each power of ten.
    const offered = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000];
    expect(logAxisTicks(offered)).toEqual([1, null, null, null, 10, null, null, 100, null, null, 1000]);
    // Fifteen powers of ten (1e0 to 1e14): every third is kept, five lines.
    const decades = Array.from({ length: 15 }, (_, power) => 10 ** power);
    expect(logAxisTicks(decades).filter((tick) => tick !== null)).toEqual([1, 1e3, 1e6, 1e9, 1e12]);
    // Below one too, and nulls uPlot already dropped stay dropped.
    expect(logAxisTicks([0.01, 0.05, null, 0.1, 1])).toEqual([0.01, null, null, 0.1, 1]);
  });
});
