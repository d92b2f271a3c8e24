/**
 * WebLLM behind the site's `Engine` interface, for the One token and The loop
 * chapters. It runs inside the WebLLM worker; this file does not import
 * WebLLM, so unit tests drive it with a stand-in (see
 * tests/unit/webllm-adapter.test.ts, whose stand-in gets its scores from the
 * glass box).
 *
 * How the two fit:
 * - We feed our own ids with `forwardTokensAndSample(ids, isPrefill)`, never
 *   through WebLLM's chat API, which would wrap them in its own template.
 *   Each call appends `ids` to the KV cache, computes the scores for the next
 *   position and samples from them. The sampled token is only returned: it
 *   enters the cache only if it is passed in as the next call's input
 *   (WebLLM 0.2.x, `LLMChatPipeline.forwardTokensAndSample`).
 * - A `LogitProcessor` registered for the model sees those scores first
 *   (`processLogits`, on the CPU, before penalties and sampling). Ours copies
 *   them out for our sampling pipeline, and hands WebLLM back an array in
 *   which one entry alone is finite, so WebLLM's own sampler (whatever its
 *   temperature) can only return that entry. The adapter checks that it did:
 *   a mismatch means the processor is not in WebLLM's path, and the chapters
 *   would be explaining numbers that did not produce the text.
 * - Which entry stays finite: WebLLM samples in the same call that computes
 *   the scores, before our pipeline (on the page) has seen them, so our pick
 *   cannot be known then. The processor keeps the top score (ties: lower id,
 *   as our greedy rule), and WebLLM's answer is discarded. Our pick, or the
 *   token the reader forced, reaches the model the only way any token does:
 *   as the input of the next `step(id)`. Forcing is therefore the same path
 *   as sampling.
 * - Rewind is `resetChat()` and a new prefill, as the interface says.
 */
import { formatCount } from '../core/format';
import type { Engine, EngineInfo } from './engine';

/** The part of WebLLM's `MLCEngine` the adapter calls. */
export interface ForwardingEngine {
  resetChat(keepStats?: boolean, modelId?: string): Promise<void>;
  forwardTokensAndSample(inputIds: number[], isPrefill: boolean, modelId?: string): Promise<number>;
}

/** WebLLM's `LogitProcessor` interface, restated so this file needs no import from WebLLM. */
export interface LogitProcessorLike {
  processLogits(logits: Float32Array): Float32Array;
  processSampledToken(token: number): void;
  resetState(): void;
}

export interface WebLlmAdapter {
  engine: Engine;
  /** Register it for the model (`setLogitProcessorRegistry`) before WebLLM loads the model. */
  processor: LogitProcessorLike;
}

/** The lowest id with the highest finite score. */
function topId(logits: Float32Array): number {
  let best = -1;
  for (let i = 0; i < logits.length; i++) if (best < 0 || logits[i]! > logits[best]!) best = i;
  return best;
}

/** What the processor saw during one of the adapter's calls. */
interface Capture {
  logits: Float32Array | null;
  kept: number;
}

/**
 * The logit processor, apart from any one adapter: WebLLM binds the processor
 * registered for a model when it loads the model, so the worker registers
 * this once per load, and each adapter made later arms it for its own calls.
 */
export interface LogitTap {
  processor: LogitProcessorLike;
  /** Starts capturing (and masking) for one call; outside `arm`..`disarm` the processor changes nothing. */
  arm(): Capture;
  disarm(): void;
}

export function createLogitTap(): LogitTap {
  let capture: Capture | null = null;
  return {
    processor: {
      processLogits(logits) {
        if (!capture) return logits;
        capture.logits = Float32Array.from(logits);
        capture.kept = topId(capture.logits);
        const masked = new Float32Array(logits.length).fill(-Infinity);
        masked[capture.kept] = capture.logits[capture.kept]!;
        return masked;
      },
      processSampledToken() {},
      resetState() {},
    },
    arm() {
      capture = { logits: null, kept: -1 };
      return capture;
    },
    disarm() {
      capture = null;
    },
  };
}

/**
 * An engine that drives `backend` (the loaded MLCEngine) for `modelId`
 * through `tap`, whose processor must be registered for that model before it
 * loads. Calls must not overlap (the generation controller never overlaps them).
 */
export function createWebLlmAdapter(
  backend: ForwardingEngine,
  info: EngineInfo,
  modelId: string,
  tap: LogitTap = createLogitTap(),
): WebLlmAdapter {
  let length = 0;

  const forward = async (ids: number[], isPrefill: boolean): Promise<Float32Array> => {
    if (length + ids.length > info.contextWindow)
      throw new Error(
        `${formatCount(length + ids.length, 'position')} do not fit the context window of ${formatCount(info.contextWindow)}.`,
      );
    const capture = tap.arm();
    try {
      const returned = await backend.forwardTokensAndSample(ids, isPrefill, modelId);
      const { logits, kept } = capture;
      if (!logits)
        throw new Error(
          `WebLLM did not call the logit processor for ${modelId}, so the scores cannot be read. It must be registered before the model loads.`,
        );
      if (logits.length !== info.vocabSize)
        throw new Error(
          `WebLLM returned ${formatCount(logits.length, 'score')}; ${info.label} has ${formatCount(info.vocabSize, 'token')}.`,
        );
      if (returned !== kept)
        throw new Error(
          `WebLLM sampled token ${returned}, but the logit processor left only token ${kept} possible: its sampler did not follow the processor.`,
        );
      length += ids.length;
      return logits;
    } catch (error) {
      length = 0; // after a failure the cache's contents are unknown: the next call must prefill
      throw error;
    } finally {
      tap.disarm();
    }
  };

  const engine: Engine = {
    ...info,
    async reset() {
      await backend.resetChat(false, modelId);
      length = 0;
    },
    async prefill(ids) {
      if (ids.length === 0) throw new Error('Prefill needs at least one token (the prompt starts with <s>).');
      await engine.reset();
      return forward([...ids], true);
    },
    step(id) {
      if (length === 0)
        return Promise.reject(new Error('Call prefill with the prompt before the first step.'));
      if (!Number.isInteger(id) || id < 0 || id >= info.vocabSize)
        return Promise.reject(
          new Error(`Token id ${id} is outside the vocabulary (0 to ${info.vocabSize - 1}).`),
        );
      return forward([id], false);
    },
  };
  return { engine, processor: tap.processor };
}

/** The loaded model, as the worker keeps it: its id, the tap registered for it, the adapter of the last prefill. */
export interface ForwardSession {
  modelId: string;
  tap: LogitTap;
  adapter: Engine | null;
}

export type ForwardRequest =
  | { type: 'forward-reset' }
  | { type: 'forward-prefill'; ids: number[]; info: EngineInfo }
  | { type: 'forward-step'; id: number };

/**
 * The worker's answer to one generation request. A prefill makes a new
 * adapter with the page's facts about the model (its vocabulary size and
 * context window come from the model registry on the page).
 */
export async function answerForward(
  backend: ForwardingEngine,
  session: ForwardSession | null,
  request: ForwardRequest,
): Promise<{ type: 'forward-done' } | { type: 'logits'; logits: Float32Array }> {
  if (!session) throw new Error('No model is loaded; load one in the loading chapter first.');
  if (request.type === 'forward-prefill')
    session.adapter = createWebLlmAdapter(backend, request.info, session.modelId, session.tap).engine;
  const adapter = session.adapter;
  if (!adapter) throw new Error('Call prefill with the prompt before the first step.');
  if (request.type === 'forward-reset') {
    await adapter.reset();
    return { type: 'forward-done' };
  }
  const logits =
    request.type === 'forward-prefill' ? await adapter.prefill(request.ids) : await adapter.step(request.id);
  return { type: 'logits', logits };
}
