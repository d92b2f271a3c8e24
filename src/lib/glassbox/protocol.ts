import type { EngineInfo } from '../llm/engine';
import type { InPageModelId } from '../pocket/models';

/** Messages the page sends to the in-page model worker (src/workers/glassbox.worker.ts). */
export type GlassBoxRequest =
  /** Loads the tokenizer's vocabulary (the pieces on screen and the stream decoder). */
  | { type: 'load'; modelsUrl: string }
  /** Loads a model's weights (the pocket model's download, or the untrained model's draw). */
  | { type: 'open'; requestId: number; model: InPageModelId }
  | { type: 'reset'; requestId: number; model: InPageModelId }
  | { type: 'prefill'; requestId: number; model: InPageModelId; ids: number[] }
  | { type: 'step'; requestId: number; model: InPageModelId; id: number };

/** Messages the worker sends back; all but `ready`, `progress` and a load error name the request they answer. */
export type GlassBoxResponse =
  | {
      type: 'ready';
      /** Every vocabulary entry by id, for the candidate table and the stream decoder. */
      pieces: string[];
      loadMs: number;
    }
  /** Bytes of the pocket model's weights received so far (`total` null when the server does not say). */
  | { type: 'progress'; model: InPageModelId; loaded: number; total: number | null }
  | { type: 'opened'; requestId: number; info: EngineInfo; loadMs: number }
  | { type: 'done'; requestId: number }
  /** The scores for the next position; the array's buffer is transferred, not copied. */
  | { type: 'logits'; requestId: number; logits: Float32Array; ms: number }
  | { type: 'error'; stage: 'load' | 'open' | 'run'; message: string; requestId?: number };
