/**
 * The page's side of a worker behind a typed message protocol: numbered
 * requests, each answered by the response that names its id, and every
 * waiting request rejected with a clear message when the worker crashes or
 * is stopped. Framework-free and DOM-free: the worker is passed in, so unit
 * tests use a stand-in (tests/unit/fake-worker.ts).
 */

/** The part of a Worker a client uses; `In` is what the page sends, `Out` what the worker answers. */
export interface WorkerLike<In, Out> {
  postMessage(message: In, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Out>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

/** The text of a worker's `error` event (an ErrorEvent has one; a plain Event does not). */
export function workerErrorMessage(event: ErrorEvent | Event, fallback: string): string {
  return 'message' in event && event.message ? event.message : fallback;
}

/** A request of a protocol without its id (distributed over the union, so each kind keeps its own fields). */
export type WithoutId<R> = R extends { requestId: number } ? Omit<R, 'requestId'> : never;

export interface Port<In, Out> {
  /** Sends a request with a fresh id; resolves with the response naming that id, rejects with its error or a crash. */
  request(message: WithoutId<In>, transfer?: Transferable[]): Promise<Out>;
  /** Sends a message that expects no numbered answer (a `load`). */
  post(message: In, transfer?: Transferable[]): void;
  /** Stops the worker; every waiting request rejects with `reason`. */
  close(reason: string): void;
  /** Why the port no longer works, or null while it does. */
  readonly stopped: string | null;
}

export interface PortOptions<Out> {
  /** The request a response answers, or undefined for a message that answers none (ready, progress). */
  requestIdOf(message: Out): number | undefined;
  /** The error text a response carries, or null when it is not an error. */
  errorOf(message: Out): string | null;
  /** Every message that answers no request. */
  onOther?(message: Out): void;
  /** Called once when the worker crashes or is closed, after the waiting requests were rejected. */
  onStop?(reason: string): void;
  /** What to say when the worker crashes without a message of its own. */
  crashMessage: string;
  /** The words a crash is reported in, around the worker's own message (or `crashMessage`); by default that message alone. */
  describeCrash?(message: string): string;
}

export function createPort<In, Out>(worker: WorkerLike<In, Out>, options: PortOptions<Out>): Port<In, Out> {
  const pending = new Map<number, { resolve: (message: Out) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let stopped: string | null = null;

  const stop = (reason: string) => {
    if (stopped) return;
    stopped = reason;
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
    options.onStop?.(reason);
  };

  worker.addEventListener('message', (event: MessageEvent<Out>) => {
    const message = event.data;
    const requestId = options.requestIdOf(message);
    if (requestId === undefined) return options.onOther?.(message);
    const waiting = pending.get(requestId);
    if (!waiting) return;
    pending.delete(requestId);
    const error = options.errorOf(message);
    if (error !== null) waiting.reject(new Error(error));
    else waiting.resolve(message);
  });
  worker.addEventListener('error', (event) => {
    const message = workerErrorMessage(event, options.crashMessage);
    stop(options.describeCrash ? options.describeCrash(message) : message);
  });

  return {
    request(message, transfer) {
      return new Promise<Out>((resolve, reject) => {
        if (stopped) return reject(new Error(stopped));
        const requestId = nextId++;
        pending.set(requestId, { resolve, reject });
        worker.postMessage({ ...message, requestId } as In, transfer);
      });
    },
    post(message, transfer) {
      if (!stopped) worker.postMessage(message, transfer);
    },
    close(reason) {
      worker.terminate();
      stop(reason);
    },
    get stopped() {
      return stopped;
    },
  };
}
