import { describe, expect, it } from 'vitest';
import { createLatestOnly, type LatestResponse, type LatestState } from '../../src/lib/worker/latest';
import { FakeWorker } from './fake-worker';

/** A worker that measures text: a load, then one request per text; and, asked once, the unit it measures in. */
type Request =
  | { type: 'load'; from: string }
  | { type: 'measure'; requestId: number; text: string }
  | { type: 'unit'; requestId: number };
type Stage = 'load' | 'measure';
type Response = LatestResponse<number, Stage, { unit: string }>;
type State = LatestState<string, number, Stage>;

function setup({ failToCreate = 0 } = {}) {
  const workers: FakeWorker<Request, Response>[] = [];
  const states: State[] = [];
  let refusals = failToCreate;
  const latest = createLatestOnly<string, number, Stage, Request, { unit: string }>({
    createWorker: () => {
      if (refusals-- > 0) throw new Error('Workers are disabled');
      const worker = new FakeWorker<Request, Response>();
      workers.push(worker);
      return worker;
    },
    load: { type: 'load', from: '/models/' },
    request: (text: string) => ({ type: 'measure' as const, text }),
    crashMessage: 'The measuring worker stopped unexpectedly.',
    onState: (state) => states.push(state),
  });
  const measured = (worker: FakeWorker<Request, Response>) =>
    worker.sent.flatMap((message) => (message.type === 'measure' ? [message.text] : []));
  const result = (worker: FakeWorker<Request, Response>, requestId: number, text: string) =>
    worker.emit({ type: 'result', requestId, result: text.length });
  return { latest, workers, states, measured, result, last: () => states.at(-1)! };
}

describe('a latest-only worker', () => {
  it('loads first, then asks about the input it was given while loading', async () => {
    const { latest, workers, states, measured } = setup();
    expect(workers[0]!.sent).toEqual([{ type: 'load', from: '/models/' }]);
    latest.ask('hello');
    expect(measured(workers[0]!)).toEqual([]);
    await workers[0]!.emit({ type: 'ready', loadMs: 12 });
    expect(workers[0]!.last()).toEqual({ type: 'measure', requestId: 1, text: 'hello' });
    expect(states).toEqual([
      { phase: 'loading' },
      { phase: 'ready', latest: null, busy: false, loadMs: 12 },
      { phase: 'ready', latest: null, busy: true, loadMs: 12 },
    ]);
  });

  it('keeps one request in flight, skips input replaced while waiting, and pairs each result with its input', async () => {
    const { latest, workers, measured, result, last } = setup();
    const worker = workers[0]!;
    await worker.emit({ type: 'ready', loadMs: 1 });
    latest.ask('a');
    latest.ask('ab');
    latest.ask('abc');
    expect(measured(worker)).toEqual(['a']);
    await result(worker, 1, 'a');
    expect(measured(worker)).toEqual(['a', 'abc']);
    expect(last()).toEqual({ phase: 'ready', latest: { input: 'a', result: 1 }, busy: true, loadMs: 1 });
    await result(worker, 1, 'stale');
    await result(worker, 2, 'abc');
    expect(last()).toEqual({ phase: 'ready', latest: { input: 'abc', result: 3 }, busy: false, loadMs: 1 });
  });

  it('asks about empty input too', async () => {
    const { latest, workers, measured } = setup();
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    latest.ask('');
    expect(measured(workers[0]!)).toEqual(['']);
  });

  it('reports an error with its stage, stops the worker, and retries on a new one with the last input', async () => {
    const { latest, workers, measured, last } = setup();
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    latest.ask('keep me');
    await workers[0]!.emit({
      type: 'error',
      stage: 'measure',
      requestId: 1,
      message: 'Too long to measure.',
    });
    expect(last()).toEqual({ phase: 'error', stage: 'measure', message: 'Too long to measure.' });
    expect(workers[0]!.terminated).toBe(true);
    latest.ask('later');
    expect(measured(workers[0]!)).toEqual(['keep me']);
    latest.retry();
    expect(last()).toEqual({ phase: 'loading' });
    await workers[1]!.emit({ type: 'ready', loadMs: 1 });
    expect(measured(workers[1]!)).toEqual(['later']);
  });

  it('reports a crash as a failed load, in the worker’s words or its own', async () => {
    const { latest, workers, measured, last } = setup();
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    latest.ask('in flight');
    await workers[0]!.crash('Uncaught RangeError: out of memory');
    expect(last()).toEqual({ phase: 'error', stage: 'load', message: 'Uncaught RangeError: out of memory' });
    expect(workers[0]!.terminated).toBe(true);
    latest.retry();
    await workers[1]!.crash();
    expect(last()).toEqual({
      phase: 'error',
      stage: 'load',
      message: 'The measuring worker stopped unexpectedly.',
    });
    latest.retry();
    await workers[2]!.emit({ type: 'ready', loadMs: 1 });
    expect(measured(workers[2]!)).toEqual(['in flight']);
  });

  it('reports a worker that cannot be created, and creates one on retry', () => {
    const { latest, workers, last } = setup({ failToCreate: 1 });
    expect(last()).toEqual({ phase: 'error', stage: 'load', message: 'Workers are disabled' });
    latest.ask('waits');
    latest.retry();
    expect(workers).toHaveLength(1);
    expect(last()).toEqual({ phase: 'loading' });
  });

  it('stops the worker on dispose and reports nothing after', async () => {
    const { latest, workers, states } = setup();
    const worker = workers[0]!;
    await worker.emit({ type: 'ready', loadMs: 1 });
    latest.ask('a');
    const reported = states.length;
    latest.dispose();
    expect(worker.terminated).toBe(true);
    await worker.emit({ type: 'result', requestId: 1, result: 1 });
    await worker.crash();
    latest.ask('b');
    expect(states).toHaveLength(reported);
    expect(worker.sent).toHaveLength(2);
  });

  it('ignores what a worker it replaced still says', async () => {
    const { latest, workers, states } = setup();
    latest.retry();
    expect(workers[0]!.terminated).toBe(true);
    const reported = states.length;
    await workers[0]!.emit({ type: 'ready', loadMs: 1 });
    await workers[0]!.crash();
    expect(states).toHaveLength(reported);
  });

  describe('a one-off request beside the input', () => {
    const unitsAsked = (worker: FakeWorker<Request, Response>) =>
      worker.sent.filter((message) => message.type === 'unit');

    it('goes to the same worker once it is ready, and resolves with its answer', async () => {
      const { latest, workers, measured } = setup();
      latest.ask('abc');
      const unit = latest.request({ type: 'unit' });
      expect(unitsAsked(workers[0]!)).toEqual([]);
      await workers[0]!.emit({ type: 'ready', loadMs: 1 });
      expect(measured(workers[0]!)).toEqual(['abc']);
      expect(unitsAsked(workers[0]!)).toEqual([{ type: 'unit', requestId: 2 }]);
      await workers[0]!.emit({ type: 'answer', requestId: 2, answer: { unit: 'characters' } });
      await expect(unit).resolves.toEqual({ unit: 'characters' });
      // One worker, one load, for both.
      expect(workers).toHaveLength(1);
      expect(workers[0]!.sent.filter((message) => message.type === 'load')).toHaveLength(1);
    });

    it('fails with the worker, and after a failure starts a new worker with the last input', async () => {
      const { latest, workers, measured, last } = setup();
      await workers[0]!.emit({ type: 'ready', loadMs: 1 });
      latest.ask('kept');
      const lost = latest.request({ type: 'unit' });
      await workers[0]!.crash('out of memory');
      await expect(lost).rejects.toThrow('out of memory');
      const again = latest.request({ type: 'unit' });
      expect(workers).toHaveLength(2);
      expect(last()).toEqual({ phase: 'loading' });
      await workers[1]!.emit({ type: 'ready', loadMs: 1 });
      expect(measured(workers[1]!)).toEqual(['kept']);
      await workers[1]!.answer(({ requestId }) => ({ type: 'answer', requestId, answer: { unit: 'bytes' } }));
      await expect(again).resolves.toEqual({ unit: 'bytes' });
    });

    it('rejects one still waiting for the load when the load fails, and any after dispose', async () => {
      const { latest, workers } = setup();
      const waiting = latest.request({ type: 'unit' });
      await workers[0]!.emit({ type: 'error', stage: 'load', message: 'tokenizer.json: HTTP 404' });
      await expect(waiting).rejects.toThrow('tokenizer.json: HTTP 404');
      latest.dispose();
      await expect(latest.request({ type: 'unit' })).rejects.toThrow('Stopped.');
      expect(workers).toHaveLength(1);
    });
  });
});
