import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { engine as loadedEngine } from './llm-stores';
import {
  createGenerationController,
  type GenerationController,
  type GenerationView,
} from '../../src/lib/generation/controller';
import { connectGlassBox, type RemoteGlassBox } from '../../src/lib/glassbox/client';
import type { EngineInfo } from '../../src/lib/llm/engine';
import type { InPageModelId } from '../../src/lib/pocket/models';
import type { SamplingSettings } from '../../src/lib/sampling/settings';
import { createStreamDecoder } from '../../src/lib/tokenizer/stream-decode';
import { modelsUrl } from './site-urls';

/** Which engine a panel runs on: an in-page model, or the WebLLM model the loading chapter keeps loaded. */
export type EngineSelection = { inPage: InPageModelId } | { webllm: EngineInfo };

export type WorkerState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  /** The vocabulary is here; the selected in-page model's weights are on their way (bytes so far). */
  | { phase: 'opening'; pieces: string[]; loaded: number; total: number | null }
  | { phase: 'ready'; pieces: string[]; loadMs: number }
  | { phase: 'error'; message: string; pieces: string[] };

interface Options {
  candidateCount: number;
  /** Pause between played steps, so the reader sees the tokens arrive. */
  playDelayMs?: number;
  engine: EngineSelection;
}

export const selectionKey = (engine: EngineSelection) =>
  'inPage' in engine ? engine.inPage : `webllm:${engine.webllm.label}`;

/**
 * A generation controller per engine: the pocket model or its untrained twin
 * (one worker of this panel's own holds both), or the model the loading
 * chapter keeps loaded (WebLLM's worker, through
 * src/lib/llm/webllm-adapter.ts). Nothing starts with the page: the worker
 * starts on `ensure()`, the reader's first step, and is needed either way,
 * since it also loads the tokenizer's vocabulary (the pieces on screen and
 * the stream decoder). Switching engines keeps each one's reply, so
 * switching back finds it again.
 */
export function useGeneration({ candidateCount, playDelayMs = 0, engine }: Options) {
  const [state, setState] = useState<WorkerState>({ phase: 'idle' });
  const [view, setView] = useState<GenerationView | null>(null);
  const box = useRef<Promise<RemoteGlassBox | null> | null>(null);
  const controllers = useRef(new Map<string, GenerationController>());
  /** The prompt each controller runs on, as text, so a re-render with the same ids never starts it over. */
  const prompts = useRef(new WeakMap<GenerationController, string>());
  const key = selectionKey(engine);
  // Leaving the page stops everything: a loop left playing on the loaded model would keep its GPU busy unseen.
  useEffect(
    () => () => {
      for (const controller of controllers.current.values()) controller.pause();
      void box.current?.then((remote) => remote?.dispose());
    },
    [],
  );
  /** The engine on screen now; each controller reports only while it is the active one. */
  const activeKey = useRef(key);
  activeKey.current = key;
  useEffect(() => {
    // Only the engine on screen may run: switching pauses the other one's play.
    for (const [other, controller] of controllers.current) if (other !== key) controller.pause();
    setView(controllers.current.get(key)?.view() ?? null);
  }, [key]);

  const startBox = () => {
    box.current ??= (async () => {
      setState({ phase: 'loading' });
      try {
        return await connectGlassBox(
          () =>
            new Worker(new URL('../../src/workers/glassbox.worker.ts', import.meta.url), { type: 'module' }),
          modelsUrl(),
        );
      } catch (error) {
        box.current = null;
        setState({
          phase: 'error',
          message: error instanceof Error ? error.message : String(error),
          pieces: [],
        });
        return null;
      }
    })();
    return box.current;
  };

  /** The selected in-page model's engine, its weights loaded (with progress) on first use. */
  const openInPage = async (remote: RemoteGlassBox, model: InPageModelId) => {
    const { pieces } = remote;
    setState({ phase: 'opening', pieces, loaded: 0, total: null });
    try {
      const opened = await remote.open(model, (loaded, total) => {
        if (activeKey.current === model) setState({ phase: 'opening', pieces, loaded, total });
      });
      setState({ phase: 'ready', pieces, loadMs: opened.loadMs });
      return opened.engine;
    } catch (error) {
      setState({ phase: 'error', message: error instanceof Error ? error.message : String(error), pieces });
      return null;
    }
  };

  /** The active engine's controller, created on first use; null (with the reason in `state`) if it could not start. */
  const ensure = async (prompt: readonly number[], settings: SamplingSettings, maxNewTokens: number) => {
    const remote = await startBox();
    if (!remote) return null;
    let controller = controllers.current.get(key);
    if (!controller) {
      const chosen =
        'inPage' in engine
          ? await openInPage(remote, engine.inPage)
          : loadedEngine().forwardEngine(engine.webllm);
      if (!chosen) return null;
      if ('webllm' in engine) setState({ phase: 'ready', pieces: remote.pieces, loadMs: remote.loadMs });
      controller = createGenerationController({
        engine: chosen,
        prompt,
        settings,
        maxNewTokens,
        candidateCount,
        createDecoder: () => createStreamDecoder(remote.pieces),
        betweenSteps: () => new Promise((resolve) => setTimeout(resolve, playDelayMs)),
      });
      // Subscribed at once, not in an effect after the next render, so the first step's "busy" is not missed.
      const own = key;
      controller.subscribe((next) => {
        if (activeKey.current === own) setView(next);
      });
      controllers.current.set(key, controller);
      prompts.current.set(controller, prompt.join(' '));
      setView(controller.view());
    } else await followPrompt(controller, prompt);
    return controller;
  };

  /** Starts `controller` over on `prompt` if it runs on other ids (the reader changed the conversation). */
  const followPrompt = useCallback(async (controller: GenerationController, prompt: readonly number[]) => {
    const text = prompt.join(' ');
    if (prompts.current.get(controller) === text) return;
    prompts.current.set(controller, text);
    await controller.setPrompt(prompt);
  }, []);

  const active = controllers.current.get(key) ?? null;
  /** `followPrompt` for the active controller: a new function only when the active controller changes. */
  const followActive = useCallback(
    (prompt: readonly number[]) => (active ? followPrompt(active, prompt) : Promise.resolve()),
    [active, followPrompt],
  );
  const pieces = state.phase === 'idle' || state.phase === 'loading' ? [] : state.pieces;
  return {
    state,
    pieces,
    view,
    controller: active,
    ensure,
    followPrompt: followActive,
  };
}
