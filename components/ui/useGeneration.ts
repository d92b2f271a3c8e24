import { useEffect, useRef, useState } from 'preact/hooks';
import { engine as loadedEngine } from './llm-stores';
import {
  createGenerationController,
  type GenerationController,
  type GenerationView,
} from '../../src/lib/generation/controller';
import { connectGlassBox, type RemoteGlassBox } from '../../src/lib/glassbox/client';
import { engineInfo, type EngineInfo } from '../../src/lib/llm/engine';
import type { SamplingSettings } from '../../src/lib/sampling/settings';
import { createStreamDecoder } from '../../src/lib/tokenizer/stream-decode';
import { MISTRAL_TOKENIZER } from '../../src/lib/tokenizer/mistral';

/** The site's tokenizer folder as a path (transformers.js ignores full URLs with remote models off). */
const modelsUrl = () => `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${MISTRAL_TOKENIZER.folder}`;

export type GlassBoxState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'ready'; info: EngineInfo; pieces: string[]; loadMs: number }
  | { phase: 'error'; message: string };

interface Options {
  candidateCount: number;
  /** Pause between played steps, so the reader sees the tokens arrive. */
  playDelayMs?: number;
  /** The loaded WebLLM model to run on, or null for the glass box. */
  model: EngineInfo | null;
}

/**
 * A generation controller per engine: the glass box, in a worker of this
 * panel's own, or the model the loading chapter keeps loaded (WebLLM's
 * worker, through src/lib/llm/webllm-adapter.ts). Nothing starts with the
 * page: the glass-box worker starts on `ensure()`, the reader's first step,
 * and is needed either way, since it also loads the tokenizer's vocabulary
 * (the pieces on screen and the stream decoder). Switching engines keeps each
 * one's reply, so switching back finds it again.
 */
export function useGeneration({ candidateCount, playDelayMs = 0, model }: Options) {
  const [state, setState] = useState<GlassBoxState>({ phase: 'idle' });
  const [view, setView] = useState<GenerationView | null>(null);
  const box = useRef<Promise<RemoteGlassBox | null> | null>(null);
  const controllers = useRef(new Map<string, GenerationController>());
  /** The prompt each controller runs on, as text, so a re-render with the same ids never starts it over. */
  const prompts = useRef(new WeakMap<GenerationController, string>());
  const key = model?.label ?? 'glass-box';
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
        const remote = await connectGlassBox(
          () =>
            new Worker(new URL('../../src/workers/glassbox.worker.ts', import.meta.url), { type: 'module' }),
          modelsUrl(),
        );
        setState({
          phase: 'ready',
          info: engineInfo(remote.engine),
          pieces: remote.pieces,
          loadMs: remote.loadMs,
        });
        return remote;
      } catch (error) {
        box.current = null;
        setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
        return null;
      }
    })();
    return box.current;
  };

  /** The active engine's controller, created on first use; null (with the reason in `state`) if it could not start. */
  const ensure = async (prompt: readonly number[], settings: SamplingSettings, maxNewTokens: number) => {
    const remote = await startBox();
    if (!remote) return null;
    let controller = controllers.current.get(key);
    if (!controller) {
      controller = createGenerationController({
        engine: model ? loadedEngine().forwardEngine(model) : remote.engine,
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
  const followPrompt = async (controller: GenerationController, prompt: readonly number[]) => {
    const text = prompt.join(' ');
    if (prompts.current.get(controller) === text) return;
    prompts.current.set(controller, text);
    await controller.setPrompt(prompt);
  };

  const active = controllers.current.get(key) ?? null;
  return {
    state,
    view,
    controller: active,
    ensure,
    followPrompt: (prompt: readonly number[]) => (active ? followPrompt(active, prompt) : Promise.resolve()),
  };
}
