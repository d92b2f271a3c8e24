import type { EngineInfo } from '../llm/engine';
import type { InPageModelId } from '../pocket/models';

/**
 * Messages the page sends to the in-page model worker (src/workers/glassbox.worker.ts).
 * The worker holds models only: the vocabulary the page shows comes from the
 * chat-template worker's tokenizer (src/lib/chat/client.ts), loaded once.
 */
export type GlassBoxRequest =
  /** Loads a model's weights (the pocket model's download from `modelsUrl`, or the untrained model's draw). */
  | { type: 'open'; requestId: number; model: InPageModelId; modelsUrl: string }
  | { type: 'reset'; requestId: number; model: InPageModelId }
  | { type: 'prefill'; requestId: number; model: InPageModelId; ids: number[] }
  | { type: 'step'; requestId: number; model: InPageModelId; id: number };

/** Messages the worker sends back; all but `progress` name the request they answer. */
export type GlassBoxResponse =
  /** Bytes of the pocket model's weights received so far (`total` null when the server does not say). */
  | { type: 'progress'; model: InPageModelId; loaded: number; total: number | null }
  | { type: 'opened'; requestId: number; info: EngineInfo; loadMs: number }
  | { type: 'done'; requestId: number }
  /** The scores for the next position; the array's buffer is transferred, not copied. */
  | { type: 'logits'; requestId: number; logits: Float32Array; ms: number }
  | { type: 'error'; stage: 'open' | 'run'; message: string; requestId: number };
