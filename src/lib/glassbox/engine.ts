/**
 * An in-page model behind the engine interface: what the chapters run on
 * without WebGPU, and what the tests run the chapters' logic against. The
 * work is synchronous and takes milliseconds, so the promises resolve at
 * once; the interface is asynchronous for the models in workers.
 */
import type { Engine } from '../llm/engine';
import { IN_PAGE_MODELS, type InPageModelId } from '../pocket/models';
import { createGlassBoxModel, type GlassBoxModel, type GlassBoxOptions, type LayerAttention } from './model';

export interface GlassBoxEngine extends Engine {
  /** The model underneath, for panels that show its insides. */
  readonly model: GlassBoxModel;
  /** The last token's attention weights, `[layer][head]` (see `GlassBoxModel.lastAttention`). */
  lastAttention(): LayerAttention[];
}

export interface GlassBoxEngineOptions extends GlassBoxOptions {
  /** Which in-page model these weights are, for its label (default: before training, drawn from `seed`). */
  identity?: InPageModelId;
}

export function createGlassBoxEngine({
  identity = 'untrained',
  ...options
}: GlassBoxEngineOptions = {}): GlassBoxEngine {
  const model = createGlassBoxModel(options);
  const { config } = model;
  const { label, kind } = IN_PAGE_MODELS[identity];
  const contextWindow = config.maxPositionEmbeddings;
  return {
    label,
    kind,
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
          `The prompt has ${ids.length.toLocaleString('en')} tokens; ${label} holds ${contextWindow.toLocaleString('en')}.`,
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
