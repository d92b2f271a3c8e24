/**
 * A worker asked about what the reader is typing: one request in flight, and
 * while it runs, newer input replaces any waiting input, so fast typing never
 * builds a queue and the panel always ends on the reader's last edit. Built on
 * the port (./port.ts); the tokenizer and chat-template clients are thin users.
 */
import { createPort, type Port, type WithoutId, type WorkerLike } from './port';

/** What such a worker answers: `ready` once loaded, a `result` per request, or an `error` at some stage. */
export type LatestResponse<Result, Stage extends string> =
  | { type: 'ready'; loadMs: number }
  | { type: 'result'; requestId: number; result: Result }
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

export interface LatestOnlyOptions<Input, Result, Stage extends string, In> {
  createWorker: () => WorkerLike<In, LatestResponse<Result, Stage>>;
  /** The message that loads the worker, sent first to each new one. */
  load: In;
  /** The request for one input, without its id. */
  request(input: Input): WithoutId<In>;
  /** What to say when the worker crashes without a message of its own. */
  crashMessage: string;
  onState(state: LatestState<Input, Result, Stage>): void;
}

export interface LatestOnly<Input> {
  /** Asks about `input`; only the newest input is ever worked on. */
  ask(input: Input): void;
  /** Starts over after a failure: a new worker, a new load, the last input again. */
  retry(): void;
  /** Stops the worker. */
  dispose(): void;
}

export function createLatestOnly<Input, Result, Stage extends string, In>(
  options: LatestOnlyOptions<Input, Result, Stage, In>,
): LatestOnly<Input> {
  let port: Port<In, LatestResponse<Result, Stage>> | null = null;
  let ready = false;
  let busy = false;
  let loadMs = 0;
  // Boxed, so that an input which is itself empty or null still counts as waiting.
  let waiting: { input: Input } | null = null;
  let last: { input: Input } | null = null;
  let latest: { input: Input; result: Result } | null = null;

  const report = () => options.onState({ phase: 'ready', latest, busy, loadMs });

  /** Reports the failure and stops the worker; `retry` starts a new one. */
  const fail = (stage: Stage | 'load', message: string) => {
    const stopping = port;
    port = null;
    ready = false;
    busy = false;
    options.onState({ phase: 'error', stage, message });
    stopping?.close(message);
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
    let worker: WorkerLike<In, LatestResponse<Result, Stage>>;
    try {
      worker = options.createWorker();
    } catch (error) {
      return fail('load', error instanceof Error ? error.message : String(error));
    }
    const opened = createPort<In, LatestResponse<Result, Stage>>(worker, {
      // An error keeps its stage by coming to onOther; a request's error ends the worker as a load's does.
      requestIdOf: (message) => (message.type === 'result' ? message.requestId : undefined),
      errorOf: () => null,
      crashMessage: options.crashMessage,
      onOther(message) {
        if (port !== opened) return;
        if (message.type === 'ready') {
          ready = true;
          loadMs = message.loadMs;
          report();
          pump();
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
    retry() {
      const stopping = port;
      port = null;
      stopping?.close('Started over.');
      waiting = last;
      start();
    },
    dispose() {
      const stopping = port;
      port = null;
      stopping?.close('Stopped.');
    },
  };
}
