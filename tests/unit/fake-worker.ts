/**
 * One stand-in for a Worker, for the tests of every worker client: it records
 * what the client posted, lets the test answer or send anything a worker
 * might, crash with an `error` event, and tells whether it was terminated.
 */
import type { WorkerLike } from '../../src/lib/worker/port';

/** Lets the client's promise callbacks run (a response resolves a promise; its `then` runs a turn later). */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
}

export class FakeWorker<In, Out> implements WorkerLike<In, Out> {
  /** Every message the client posted, oldest first. */
  readonly sent: In[] = [];
  terminated = false;
  private readonly listeners = {
    message: [] as ((event: MessageEvent<Out>) => void)[],
    error: [] as ((event: ErrorEvent | Event) => void)[],
  };

  postMessage(message: In): void {
    this.sent.push(message);
  }

  addEventListener(type: 'message', listener: (event: MessageEvent<Out>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    (this.listeners[type] as unknown[]).push(listener);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The last message posted. */
  last(): In {
    const message = this.sent.at(-1);
    if (message === undefined) throw new Error('Nothing was posted to the worker.');
    return message;
  }

  /** Sends `message` as the worker would; the promise resolves once the client has reacted. */
  emit(message: Out): Promise<void> {
    for (const listener of this.listeners.message) listener({ data: message } as MessageEvent<Out>);
    return settle();
  }

  /** Answers the newest request that carries an id with what `respond` makes of it. */
  answer(respond: (request: Extract<In, { requestId: number }>) => Out): Promise<void> {
    const request = this.sent.findLast(
      (message): message is Extract<In, { requestId: number }> =>
        typeof (message as { requestId?: unknown }).requestId === 'number',
    );
    if (!request) throw new Error('No request with an id was posted to the worker.');
    return this.emit(respond(request));
  }

  /**
   * Fires an `error` event, as a worker that crashed does: with `message` (an ErrorEvent has one), or
   * without (a plain Event, as for a worker script that failed to load).
   */
  crash(message?: string): Promise<void> {
    const event = Object.assign(new Event('error'), message === undefined ? {} : { message });
    for (const listener of this.listeners.error) listener(event);
    return settle();
  }
}
