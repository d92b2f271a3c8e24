import { describe, expect, it, vi } from 'vitest';
import { createPort, workerErrorMessage, type PortOptions } from '../../src/lib/worker/port';
import { FakeWorker } from './fake-worker';

/** A protocol small enough to read at a glance: a load, and numbers to double. */
type Request = { type: 'load' } | { type: 'double'; requestId: number; value: number };
type Response =
  | { type: 'ready' }
  | { type: 'doubled'; requestId: number; value: number }
  | { type: 'error'; requestId: number; message: string };

function setup(options: Partial<PortOptions<Response>> = {}) {
  const worker = new FakeWorker<Request, Response>();
  const others: Response[] = [];
  const onStop = vi.fn();
  const port = createPort<Request, Response>(worker, {
    requestIdOf: (message) => ('requestId' in message ? message.requestId : undefined),
    errorOf: (message) => (message.type === 'error' ? message.message : null),
    onOther: (message) => others.push(message),
    onStop,
    crashMessage: 'The doubling worker stopped unexpectedly.',
    ...options,
  });
  return { worker, port, others, onStop };
}

describe('the worker port', () => {
  it('numbers requests from 1 and resolves each with the response that names it, in any order', async () => {
    const { worker, port } = setup();
    const two = port.request({ type: 'double', value: 1 });
    const six = port.request({ type: 'double', value: 3 });
    expect(worker.sent).toEqual([
      { type: 'double', value: 1, requestId: 1 },
      { type: 'double', value: 3, requestId: 2 },
    ]);
    await worker.emit({ type: 'doubled', requestId: 2, value: 6 });
    await worker.emit({ type: 'doubled', requestId: 1, value: 2 });
    await expect(two).resolves.toEqual({ type: 'doubled', requestId: 1, value: 2 });
    await expect(six).resolves.toEqual({ type: 'doubled', requestId: 2, value: 6 });
  });

  it('rejects only the request an error names, with the error’s text', async () => {
    const { worker, port } = setup();
    const failing = port.request({ type: 'double', value: Number.NaN });
    const fine = port.request({ type: 'double', value: 4 });
    await worker.emit({ type: 'error', requestId: 1, message: 'Not a number.' });
    await worker.emit({ type: 'doubled', requestId: 2, value: 8 });
    await expect(failing).rejects.toThrow('Not a number.');
    await expect(fine).resolves.toMatchObject({ value: 8 });
  });

  it('passes on what answers no request, and ignores an answer to a request nobody waits for', async () => {
    const { worker, port, others } = setup();
    port.post({ type: 'load' });
    expect(worker.sent).toEqual([{ type: 'load' }]);
    const waiting = port.request({ type: 'double', value: 5 });
    await worker.emit({ type: 'ready' });
    await worker.emit({ type: 'doubled', requestId: 7, value: 0 });
    await worker.emit({ type: 'doubled', requestId: 1, value: 10 });
    await worker.emit({ type: 'doubled', requestId: 1, value: -1 });
    expect(others).toEqual([{ type: 'ready' }]);
    await expect(waiting).resolves.toMatchObject({ value: 10 });
  });

  it('rejects everything waiting with the worker’s message when it crashes, and every request after', async () => {
    const { worker, port, onStop } = setup();
    const first = port.request({ type: 'double', value: 1 });
    const second = port.request({ type: 'double', value: 2 });
    await worker.crash('Uncaught RangeError: Array buffer allocation failed');
    await expect(first).rejects.toThrow('Uncaught RangeError: Array buffer allocation failed');
    await expect(second).rejects.toThrow('Uncaught RangeError: Array buffer allocation failed');
    expect(onStop).toHaveBeenCalledTimes(1);
    expect(onStop).toHaveBeenCalledWith('Uncaught RangeError: Array buffer allocation failed');
    expect(port.stopped).toBe('Uncaught RangeError: Array buffer allocation failed');
    await expect(port.request({ type: 'double', value: 3 })).rejects.toThrow(
      'Array buffer allocation failed',
    );
    expect(worker.sent).toHaveLength(2);
  });

  it('says so in its own words when the worker crashes without a message, and wraps it if asked', async () => {
    const plain = setup();
    const waiting = plain.port.request({ type: 'double', value: 1 });
    await plain.worker.crash();
    await expect(waiting).rejects.toThrow('The doubling worker stopped unexpectedly.');

    const described = setup({
      crashMessage: 'it stopped',
      describeCrash: (message) => `Doubling failed: ${message}.`,
    });
    const pending = described.port.request({ type: 'double', value: 1 });
    await described.worker.crash('out of memory');
    await expect(pending).rejects.toThrow('Doubling failed: out of memory.');
    expect(described.onStop).toHaveBeenCalledWith('Doubling failed: out of memory.');
  });

  it('stops the worker on close: waiting requests reject with the reason, later ones too, and nothing more is sent', async () => {
    const { worker, port, onStop } = setup();
    expect(port.stopped).toBeNull();
    const waiting = port.request({ type: 'double', value: 1 });
    port.close('The panel went away.');
    expect(worker.terminated).toBe(true);
    await expect(waiting).rejects.toThrow('The panel went away.');
    await expect(port.request({ type: 'double', value: 2 })).rejects.toThrow('The panel went away.');
    port.post({ type: 'load' });
    expect(worker.sent).toHaveLength(1);
    await worker.crash('late');
    expect(onStop).toHaveBeenCalledTimes(1);
    expect(port.stopped).toBe('The panel went away.');
  });

  it('reads the text of an error event, or falls back when it has none', () => {
    const withText = Object.assign(new Event('error'), { message: 'boom' });
    expect(workerErrorMessage(withText, 'fallback')).toBe('boom');
    expect(workerErrorMessage(Object.assign(new Event('error'), { message: '' }), 'fallback')).toBe(
      'fallback',
    );
    expect(workerErrorMessage(new Event('error'), 'fallback')).toBe('fallback');
  });
});
