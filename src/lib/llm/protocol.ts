import type { EngineInfo } from './engine';
import type { WebLlmRecord } from './models';

/** WebLLM's own progress report (`InitProgressReport`), passed through unchanged. */
export interface InitProgressReport {
  /** 0..1 within the current step (WebLLM restarts it for each step). */
  progress: number;
  /** Seconds since the step began, as WebLLM counts them. */
  timeElapsed: number;
  text: string;
}

/**
 * An error that crossed the worker boundary. Structured cloning keeps only
 * the built-in error names, and WebLLM's errors are custom classes, so the
 * worker sends name and message as plain strings and errors.ts maps them.
 */
export interface WireError {
  name: string;
  message: string;
  /** What the worker found when it re-asked the model host after a failed download. */
  probe?: FetchProbe[];
}

/** The answer to one HEAD request for a model file: an HTTP status, or null when the host could not be reached. */
export interface FetchProbe {
  url: string;
  status: number | null;
}

/** Messages the page sends to the WebLLM worker. */
export type EngineRequest =
  /** A load's id is below zero: it is answered many times, so the client numbers loads apart (client.ts). */
  | { type: 'load'; requestId: number; record: WebLlmRecord }
  | { type: 'cancel'; requestId: number }
  | { type: 'unload'; requestId: number }
  | { type: 'cache-check'; requestId: number; record: WebLlmRecord }
  | { type: 'cache-delete'; requestId: number; record: WebLlmRecord }
  /** The generation chapters' engine (src/lib/llm/webllm-adapter.ts): forget the cache, read a prompt, read one token. */
  | { type: 'forward-reset'; requestId: number }
  | { type: 'forward-prefill'; requestId: number; ids: number[]; info: EngineInfo }
  | { type: 'forward-step'; requestId: number; id: number };

/** Messages the WebLLM worker sends back; each names the request it answers. */
export type EngineResponse =
  | { type: 'progress'; requestId: number; report: InitProgressReport }
  | { type: 'ready'; requestId: number; modelId: string; loadMs: number }
  | { type: 'cancelled'; requestId: number }
  | { type: 'unloaded'; requestId: number }
  | { type: 'cache'; requestId: number; modelId: string; cached: boolean }
  | { type: 'forward-done'; requestId: number }
  /** The scores for the next position, read through the logit processor; the buffer is transferred. */
  | { type: 'logits'; requestId: number; logits: Float32Array }
  | { type: 'error'; requestId: number; stage: 'load' | 'cache' | 'generate'; error: WireError };
