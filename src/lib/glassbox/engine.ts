/**
 * The glass box behind the engine interface: what the chapters run on
 * without WebGPU, and what the tests run the chapters' logic against. The
 * work is synchronous and takes milliseconds, so the promises resolve at
 * once; the interface is asynchronous for the real model in its worker.
 */
import type { Engine } from '../llm/engine';
import { GLASS_BOX } from './config';
import { createGlassBoxModel, type GlassBoxModel, type GlassBoxOptions, type LayerAttention } from './model';

export interface GlassBoxEngine extends Engine {
  readonly kind: 'demo';
  /** The model underneath, for panels that show its insides. */
  readonly model: GlassBoxModel;
  /** The last token's attention weights, `[layer][head]` (see `GlassBoxModel.lastAttention`). */
  lastAttention(): LayerAttention[];
}

/** What the chapters say about it, next to its name. */
export const GLASS_BOX_NOTE = 'An untrained model with Mistral’s shape: watch the mechanics, not the words.';

export function createGlassBoxEngine(options: GlassBoxOptions = {}): GlassBoxEngine {
  const model = createGlassBoxModel(options);
  const { config } = model;
  const contextWindow = config.maxPositionEmbeddings;
  return {
    label: 'Glass box (tiny, untrained, Mistral-shaped)',
    kind: 'demo',
    vocabSize: config.vocabSize,
    stopIds: [config.eosTokenId],
    contextWindow,
    model,
    async reset() {
      model.reset();
    },
    async prefill(ids) {
      if (ids.length === 0) throw new Error('Prefill needs at least one token (the prompt starts with <s>).');
      if (ids.length > contextWindow)
        throw new Error(
          `The prompt has ${ids.length.toLocaleString('en')} tokens; the glass box holds ${contextWindow.toLocaleString('en')}.`,
        );
      model.reset();
      // Only the last position's logits are needed: the earlier ones only fill the KV cache.
      for (let i = 0; i < ids.length - 1; i++) model.append(ids[i]!, false);
      return model.append(ids[ids.length - 1]!, true)!;
    },
    async step(id) {
      if (model.length === 0) throw new Error('Call prefill with the prompt before the first step.');
      return model.append(id, true)!;
    },
    lastAttention: () => model.lastAttention(),
  };
}

export { GLASS_BOX };
