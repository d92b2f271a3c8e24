/**
 * A worker asked about what the reader is typing: one request in flight, and
 * while it runs, newer input replaces any waiting input, so fast typing never
 * builds a queue and the panel always ends on the reader's last edit. Built on
 * the port (./port.ts); the tokenizer and chat-template clients are thin users.
 *
 * Beside that stream of input, `request` asks the same worker a one-off
 * question about what it loaded (the chat-template worker's vocabulary), so
 * a page that needs both never loads the model twice.
 */
import { createPort, type Port, type WithoutId, type WorkerLike } from './port';

/**
 * What such a worker answers: `ready` once loaded, a `result` per request, an
 * `answer` per one-off request (if it takes any), or an `error` at some stage.
 */
export type LatestResponse<Result, Stage extends string, Answer = never> =
  | { type: 'ready'; loadMs: number }
  | { type: 'result'; requestId: number; result: Result }
  | { type: 'answer'; requestId: number; answer: Answer }
  | { type: 'error'; stage: Stage; message: string; requestId?: number };

export type LatestState<Input, Result, Stage extends string> =
  | { phase: 'loading' }
  | {
      phase: 'ready';
      /** The newest result, and the input it is for (which may be a few keystrokes old). */
      latest: { input: Input; result: Result } | null;
      busy: boolean;
      loadMs: number;
    }
  /** A crash, or a worker that could not be created, is a failed load. */
  | { phase: 'error'; stage: Stage | 'load'; message: string };

export interface LatestOnlyOptions<Input, Result, Stage extends string, In, Answer = never> {
  createWorker: () => WorkerLike<In, LatestResponse<Result, Stage, Answer>>;
  /** The message that loads the worker, sent first to each new one. */
  load: In;
  /** The request for one input, without its id. */
  request(input: Input): WithoutId<In>;
  /** What to say when the worker crashes without a message of its own. */
  crashMessage: string;
  onState(state: LatestState<Input, Result, Stage>): void;
}

export interface LatestOnly<Input, In = never, Answer = never> {
  /** Asks about `input`; only the newest input is ever worked on. */
  ask(input: Input): void;
  /**
   * Sends `message` once the worker is ready, beside the input, and resolves
   * with the worker's answer to it. After a failure it starts a new worker
   * first, as `retry` does; it rejects when the worker fails or was disposed.
   */
  request(message: WithoutId<In>): Promise<Answer>;
  /** Starts over after a failure: a new worker, a new load, the last input again. */
  retry(): void;
  /** Stops the worker. */
  dispose(): void;
}

export function createLatestOnly<Input, Result, Stage extends string, In, Answer = never>(
  options: LatestOnlyOptions<Input, Result, Stage, In, Answer>,
): LatestOnly<Input, In, Answer> {
  type Out = LatestResponse<Result, Stage, Answer>;
  let port: Port<In, Out> | null = null;
  let disposed = false;
  let ready = false;
  let busy = false;
  let loadMs = 0;
  // Boxed, so that an input which is itself empty or null still counts as waiting.
  let waiting: { input: Input } | null = null;
  let last: { input: Input } | null = null;
  let latest: { input: Input; result: Result } | null = null;
  /** One-off requests not sent yet: they wait for the worker to be ready. */
  const oneOffs: {
    message: WithoutId<In>;
    resolve: (answer: Answer) => void;
    reject: (error: Error) => void;
  }[] = [];

  const report = () => options.onState({ phase: 'ready', latest, busy, loadMs });

  /** Reports the failure and stops the worker; `retry` starts a new one. */
  const fail = (stage: Stage | 'load', message: string) => {
    const stopping = port;
    port = null;
    ready = false;
    busy = false;
    options.onState({ phase: 'error', stage, message });
    // Closing the port rejects the one-off requests already sent; these never were.
    for (const oneOff of oneOffs.splice(0)) oneOff.reject(new Error(message));
    stopping?.close(message);
  };

  const sendOneOffs = () => {
    if (!port || !ready) return;
    for (const { message, resolve, reject } of oneOffs.splice(0)) {
      port.request(message).then((reply) => {
        if (reply.type === 'answer') resolve(reply.answer);
        else reject(new Error(`The worker answered “${reply.type}” to a one-off request.`));
      }, reject);
    }
  };

  const pump = () => {
    if (!port || !ready || busy || !waiting) return;
    const asked = port;
    const { input } = waiting;
    waiting = null;
    busy = true;
    asked.request(options.request(input)).then(
      (answer) => {
        if (port !== asked || answer.type !== 'result') return;
        busy = false;
        latest = { input, result: answer.result };
        if (!waiting) report();
        pump();
      },
      () => {}, // the port stopped, and fail() has said why
    );
    report();
  };

  const start = () => {
    ready = false;
    busy = false;
    options.onState({ phase: 'loading' });
    let worker: WorkerLike<In, Out>;
    try {
      worker = options.createWorker();
    } catch (error) {
      return fail('load', error instanceof Error ? error.message : String(error));
    }
    const opened = createPort<In, Out>(worker, {
      // An error keeps its stage by coming to onOther; a request's error ends the worker as a load's does.
      requestIdOf: (message) =>
        message.type === 'result' || message.type === 'answer' ? message.requestId : undefined,
      errorOf: () => null,
      crashMessage: options.crashMessage,
      onOther(message) {
        if (port !== opened) return;
        if (message.type === 'ready') {
          ready = true;
          loadMs = message.loadMs;
          report();
          pump();
          sendOneOffs();
        } else if (message.type === 'error') {
          fail(message.stage, message.message);
        }
      },
      onStop: (reason) => {
        if (port === opened) fail('load', reason);
      },
    });
    port = opened;
    opened.post(options.load);
  };

  start();
  return {
    ask(input) {
      waiting = last = { input };
      pump();
    },
    request(message) {
      if (disposed) return Promise.reject(new Error('Stopped.'));
      const answer = new Promise<Answer>((resolve, reject) => oneOffs.push({ message, resolve, reject }));
      if (port) sendOneOffs();
      else {
        // The worker failed: start over, with the last input, as `retry` does.
        waiting = last;
        start();
      }
      return answer;
    },
    retry() {
      const stopping = port;
      port = null;
      stopping?.close('Started over.');
      waiting = last;
      start();
    },
    dispose() {
      disposed = true;
      for (const oneOff of oneOffs.splice(0)) oneOff.reject(new Error('Stopped.'));
      const stopping = port;
      port = null;
      stopping?.close('Stopped.');
    },
  };
}
