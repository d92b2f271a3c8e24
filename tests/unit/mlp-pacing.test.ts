import { describe, expect, it, vi } from 'vitest';
import { createPacer, type Pace, type Schedule } from '../../src/lib/mlp/pacing';
import type { MlpRequest, MlpResponse, RunSummary } from '../../src/lib/mlp/protocol';
import { createMlpRuntime } from '../../src/lib/mlp/runtime';
import { SEED_SETTINGS } from '../../src/lib/mlp/settings';
import { FakeWorker, settle } from './fake-worker';

/** A clock the test moves by hand: timers fire only in `advance`, in order of their due time. */
function fakeClock() {
  let now = 0;
  let timers: { due: number; run: () => void }[] = [];
  const schedule: Schedule = (ms, run) => {
    const timer = { due: now + ms, run };
    timers.push(timer);
    return () => (timers = timers.filter((t) => t !== timer));
  };
  return {
    schedule,
    pending: () => timers.length,
    advance(ms: number) {
      now += ms;
      for (const timer of [...timers].sort((a, b) => a.due - b.due)) {
        if (timer.due > now || !timers.includes(timer)) continue;
        timers = timers.filter((t) => t !== timer);
        timer.run();
      }
    },
  };
}

/** Tracks whether a promise has resolved yet. */
function watch(promise: Promise<void>) {
  const state = { done: false };
  void promise.then(() => (state.done = true));
  return state;
}

const FULL: Pace = { speed: 'full', paused: false };
const SLOW: Pace = { speed: 'slow', paused: false };
const PAUSED: Pace = { speed: 'full', paused: true };

describe('pacing a training run', () => {
  it('at full speed lets every epoch start at once, with no timer', async () => {
    const clock = fakeClock();
    const pacer = createPacer(FULL, { schedule: clock.schedule, slowMs: 700 });
    for (let epoch = 1; epoch <= 3; epoch++) {
      const gate = watch(pacer.beforeEpoch(epoch));
      await settle();
      expect(gate.done).toBe(true);
    }
    expect(clock.pending()).toBe(0);
  });

  it('slowly: the first epoch starts at once, each later one after exactly the slow wait', async () => {
    const clock = fakeClock();
    const pacer = createPacer(SLOW, { schedule: clock.schedule, slowMs: 700 });
    const first = watch(pacer.beforeEpoch(1));
    await settle();
    expect(first.done).toBe(true);

    const second = watch(pacer.beforeEpoch(2));
    clock.advance(699);
    await settle();
    expect(second.done).toBe(false);
    clock.advance(1);
    await settle();
    expect(second.done).toBe(true);
  });

  it('switching to full speed during a slow wait lets the epoch go at once and drops the timer', async () => {
    const clock = fakeClock();
    const pacer = createPacer(SLOW, { schedule: clock.schedule, slowMs: 700 });
    const gate = watch(pacer.beforeEpoch(2));
    expect(clock.pending()).toBe(1);
    pacer.setPace(FULL);
    await settle();
    expect(gate.done).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('paused: waits however long the clock runs, says so once, and one step lets exactly one epoch through', async () => {
    const clock = fakeClock();
    const paused: number[] = [];
    const pacer = createPacer(PAUSED, { schedule: clock.schedule, onPaused: (done) => paused.push(done) });
    const first = watch(pacer.beforeEpoch(1));
    clock.advance(60_000);
    await settle();
    expect(first.done).toBe(false);
    expect(paused).toEqual([0]);

    pacer.step();
    await settle();
    expect(first.done).toBe(true);

    // The step was used up: the next epoch waits again, and the reader is told after how many epochs.
    const second = watch(pacer.beforeEpoch(2));
    clock.advance(60_000);
    await settle();
    expect(second.done).toBe(false);
    expect(paused).toEqual([0, 1]);
    pacer.step();
    await settle();
    expect(second.done).toBe(true);
  });

  it('a step pressed while the epoch is still running is kept for the next gate, not lost', async () => {
    const pacer = createPacer(PAUSED, { schedule: fakeClock().schedule });
    pacer.step();
    const gate = watch(pacer.beforeEpoch(3));
    await settle();
    expect(gate.done).toBe(true);
    const next = watch(pacer.beforeEpoch(4));
    await settle();
    expect(next.done).toBe(false);
  });

  it('ignores Step when not paused, so a resumed run does not carry stale steps into a later pause', async () => {
    const pacer = createPacer(FULL, { schedule: fakeClock().schedule });
    pacer.step();
    pacer.setPace(PAUSED);
    const gate = watch(pacer.beforeEpoch(2));
    await settle();
    expect(gate.done).toBe(false);
  });

  it('resuming a paused run at slow speed waits the slow time, then goes', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ speed: 'slow', paused: true }, { schedule: clock.schedule, slowMs: 500 });
    const gate = watch(pacer.beforeEpoch(2));
    expect(clock.pending()).toBe(0);
    pacer.setPace(SLOW);
    clock.advance(499);
    await settle();
    expect(gate.done).toBe(false);
    clock.advance(1);
    await settle();
    expect(gate.done).toBe(true);
  });

  it('pausing during a slow wait cancels its timer, and a cancelled pacer never holds a run', async () => {
    const clock = fakeClock();
    const pacer = createPacer(SLOW, { schedule: clock.schedule, slowMs: 500 });
    const gate = watch(pacer.beforeEpoch(2));
    pacer.setPace({ speed: 'slow', paused: true });
    expect(clock.pending()).toBe(0);
    clock.advance(10_000);
    await settle();
    expect(gate.done).toBe(false);
    pacer.cancel();
    await settle();
    expect(gate.done).toBe(true);
    const after = watch(pacer.beforeEpoch(3));
    await settle();
    expect(after.done).toBe(true);
  });
});

describe('pacing through the page’s runtime', () => {
  it('sends the pace with the run, then pace and step messages for that run only, and routes "paused"', async () => {
    const worker = new FakeWorker<MlpRequest, MlpResponse>();
    const runtime = createMlpRuntime(() => worker);
    runtime.start();
    await worker.emit({ type: 'backend', current: 'wasm', options: [] });
    const onPaused = vi.fn();
    const listener = { onProgress: vi.fn(), onEpoch: vi.fn(), onDone: vi.fn(), onError: vi.fn(), onPaused };
    const jobId = runtime.train('random', SEED_SETTINGS, listener, PAUSED)!;
    expect(worker.last()).toEqual({
      type: 'train',
      jobId,
      task: 'random',
      settings: SEED_SETTINGS,
      pace: PAUSED,
    });
    runtime.step(jobId);
    runtime.step(jobId + 1);
    runtime.setPace(jobId, SLOW);
    expect(worker.sent.slice(-2)).toEqual([
      { type: 'step', jobId },
      { type: 'pace', jobId, pace: SLOW },
    ]);
    await worker.emit({ type: 'paused', jobId, epochsDone: 3 });
    await worker.emit({ type: 'paused', jobId: jobId + 1, epochsDone: 9 });
    expect(onPaused.mock.calls).toEqual([[3]]);
    // After the run ends, its controls send nothing.
    await worker.emit({ type: 'done', jobId, summary: { epochs: [] } as unknown as RunSummary });
    const sent = worker.sent.length;
    runtime.step(jobId);
    runtime.setPace(jobId, FULL);
    expect(worker.sent).toHaveLength(sent);
  });
});
