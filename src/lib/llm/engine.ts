/**
 * The one surface the "One token" and "The loop" chapters talk to. Both the
 * real model (WebLLM in a worker) and the in-page models (the pocket model
 * and its untrained twin, in plain TypeScript) sit behind it, so the chapters, the sampling
 * pipeline and the tests never know which one is running.
 *
 * Why so small: the chapters need the scores for the next position and
 * nothing else. Our own sampling pipeline picks the token (so what the reader
 * sees explained is what produced the text), and the engine only has to be
 * told which token was taken. Rewinding is `reset()` and a new `prefill()`,
 * which every engine can do; no engine has to support cutting its cache.
 */

/** What a chapter says about the engine it runs on. */
export interface EngineInfo {
  /** Short name on screen, e.g. "Mistral-7B-Instruct (WebLLM)" or "Pocket Mistral (trained by this site)". */
  label: string;
  /**
   * `webllm`: a released model the reader loaded in chapter 3, on the GPU.
   * `pocket`: the small model this project trained, in the page.
   * `untrained`: the pocket model's architecture with random weights; its words mean nothing.
   */
  kind: 'webllm' | 'pocket' | 'untrained';
  /** Entries in the vocabulary: the length of every logits array. */
  vocabSize: number;
  /** Ids that end a reply (`</s>`, id 2, for Mistral). */
  stopIds: readonly number[];
  /** Most positions (prompt and reply together) the engine can hold; 4096 for WebLLM's Mistral build. */
  contextWindow: number;
}

/**
 * A causal language model that keeps its own cache of what it has read.
 *
 * Call order: `prefill(promptIds)` once, then `step(id)` for each token
 * taken; `reset()` forgets everything (and is implied by `prefill`). Each
 * returned array is the model's logits for the position after the last id
 * given, `vocabSize` long, owned by the caller (an engine never reuses it).
 */
export interface Engine extends Readonly<EngineInfo> {
  /** Forgets every position read so far. */
  reset(): Promise<void>;
  /** Forgets everything, reads `ids` (the whole prompt) and returns the logits for the next position. */
  prefill(ids: readonly number[]): Promise<Float32Array>;
  /** Appends one token, the one the sampler picked or the reader forced, and returns the next logits. */
  step(id: number): Promise<Float32Array>;
}

/** The engine's facts as a plain object (for a worker message or a store), without its methods. */
export function engineInfo(engine: EngineInfo): EngineInfo {
  const { label, kind, vocabSize, stopIds, contextWindow } = engine;
  return { label, kind, vocabSize, stopIds: [...stopIds], contextWindow };
}
