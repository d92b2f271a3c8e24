import type { EngineInfo } from '../llm/engine';

/** Messages the page sends to the glass-box worker (src/workers/glassbox.worker.ts). */
export type GlassBoxRequest =
  | { type: 'load'; modelsUrl: string }
  | { type: 'reset'; requestId: number }
  | { type: 'prefill'; requestId: number; ids: number[] }
  | { type: 'step'; requestId: number; id: number };

/** Messages the glass-box worker sends back; all but `ready` and a load error name the request they answer. */
export type GlassBoxResponse =
  | {
      type: 'ready';
      info: EngineInfo;
      /** Every vocabulary entry by id, for the candidate table and the stream decoder. */
      pieces: string[];
      loadMs: number;
    }
  | { type: 'done'; requestId: number }
  /** The scores for the next position; the array's buffer is transferred, not copied. */
  | { type: 'logits'; requestId: number; logits: Float32Array; ms: number }
  | { type: 'error'; stage: 'load' | 'run'; message: string; requestId?: number };
