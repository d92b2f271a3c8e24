import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { llm } from '../page/llm-state';
import {
  createGenerationController,
  type GenerationController,
  type GenerationView,
} from '../../src/lib/generation/controller';
import { connectGlassBox, type RemoteGlassBox } from '../../src/lib/glassbox/client';
import type { EngineInfo } from '../../src/lib/llm/engine';
import type { InPageModelId } from '../../src/lib/pocket/models';
import type { SamplingSettings } from '../../src/lib/sampling/settings';
import { decoding } from '../../src/lib/tokenizer/stream-decode';
import { perFrame } from '../../src/lib/core/per-frame';
import { modelsUrl } from '../page/site-urls';
import { createGlassBoxWorker } from '../page/workers';

const { engine: loadedEngine } = llm();

/** Which engine a panel runs on: an in-page model, or the WebLLM model the loading chapter keeps loaded. */
export type EngineSelection = { inPage: InPageModelId } | { webllm: EngineInfo };

export type WorkerState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  /** The vocabulary is here; the selected in-page model's weights are on their way (bytes so far). */
  | { phase: 'opening'; pieces: string[]; loaded: number; total: number | null }
  | { phase: 'ready'; pieces: string[] }
  | { phase: 'error'; message: string; pieces: string[] };

interface Options {
  candidateCount: number;
  engine: EngineSelection;
  /** The tokenizer's vocabulary, from the page's one tokenizer (useChatPrompt): the pieces on screen and the stream decoder. */
  vocabulary: () => Promise<string[]>;
  /** The prompt's ids; null while they are not ready. A new prompt starts the reply over. */
  promptIds: readonly number[] | null;
  /** The sampling settings; null while what the reader typed is not valid. */
  settings: SamplingSettings | null;
  /** The limit on new tokens; null while what the reader typed is not valid. */
  maxNewTokens: number | null;
  /** Whether a new setting re-samples the newest token from the scores at hand (One token does; the loop keeps its reply). */
  resampleOnSettings?: boolean;
}

export const selectionKey = (engine: EngineSelection) =>
  'inPage' in engine ? engine.inPage : `webllm:${engine.webllm.label}`;

/**
 * A generation controller per engine: the pocket model or its untrained twin
 * (one worker of this panel's own holds both), or the model the loading
 * chapter keeps loaded (WebLLM's worker, through
 * src/lib/llm/webllm-adapter.ts). Nothing starts with the page: on
 * `start()`, the reader's first step, the vocabulary is asked for (needed
 * whichever engine runs), and the in-page models' worker starts when an
 * in-page model is picked. Switching engines keeps each one's reply, so
 * switching back finds it again. The reader's prompt, settings and limit
 * flow into the active controller as they change, so both panels only
 * render and call `start()`.
 */
export function useGeneration({
  candidateCount,
  engine,
  vocabulary,
  promptIds,
  settings,
  maxNewTokens,
  resampleOnSettings = false,
}: Options) {
  const [state, setState] = useState<WorkerState>({ phase: 'idle' });
  const [view, setView] = useState<GenerationView | null>(null);
  const vocabularyLoad = useRef<Promise<string[] | null> | null>(null);
  const inPage = useRef<RemoteGlassBox | null>(null);
  const controllers = useRef(new Map<string, GenerationController>());
  /** The prompt each controller runs on, as text, so a re-render with the same ids never starts it over. */
  const prompts = useRef(new WeakMap<GenerationController, string>());
  const key = selectionKey(engine);
  // Leaving the page stops everything: a loop left playing on the loaded model would keep its GPU busy unseen.
  useEffect(
    () => () => {
      for (const controller of controllers.current.values()) controller.pause();
      inPage.current?.dispose();
    },
    [],
  );
  /** The engine on screen now; each controller reports only while it is the active one. */
  const activeKey = useRef(key);
  activeKey.current = key;
  /**
   * A controller's news, rendered only while it is on screen, and at most
   * every other animation frame (about 30 times a second): the loop picks a
   * token every few milliseconds, and drawing the panel costs more than
   * that on a slow machine (measured on 2 cores: rendering every frame held
   * Play to 90-125 tokens/s, every other frame lets it reach 160-170).
   */
  const [showView] = useState(() =>
    perFrame<{ own: string; view: GenerationView }>(
      ({ own, view: next }) => {
        if (activeKey.current === own) setView(next);
      },
      (run) => requestAnimationFrame(() => requestAnimationFrame(run)),
    ),
  );
  useEffect(() => {
    // Only the engine on screen may run: switching pauses the other one's play.
    for (const [other, controller] of controllers.current) if (other !== key) controller.pause();
    setView(controllers.current.get(key)?.view() ?? null);
  }, [key]);

  /** The vocabulary, once; null (with the reason in `state`) if it could not load, and asked again next time. */
  const loadVocabulary = () => {
    vocabularyLoad.current ??= (async () => {
      setState({ phase: 'loading' });
      try {
        return await vocabulary();
      } catch (error) {
        vocabularyLoad.current = null;
        setState({
          phase: 'error',
          message: error instanceof Error ? error.message : String(error),
          pieces: [],
        });
        return null;
      }
    })();
    return vocabularyLoad.current;
  };

  /** The selected in-page model's engine, its worker started and its weights loaded (with progress) on first use. */
  const openInPage = async (pieces: string[], model: InPageModelId) => {
    setState({ phase: 'opening', pieces, loaded: 0, total: null });
    try {
      // A worker that stopped (its script did not arrive, or it crashed) cannot answer again: start a fresh one.
      if (inPage.current?.stopped) inPage.current = null;
      inPage.current ??= connectGlassBox(createGlassBoxWorker, modelsUrl());
      const opened = await inPage.current.open(model, (loaded, total) => {
        if (activeKey.current === model) setState({ phase: 'opening', pieces, loaded, total });
      });
      setState({ phase: 'ready', pieces });
      return opened.engine;
    } catch (error) {
      setState({ phase: 'error', message: error instanceof Error ? error.message : String(error), pieces });
      return null;
    }
  };

  /**
   * The active engine's controller for the reader's inputs, created on first
   * use; null while an input is not ready, or (with the reason in `state`)
   * if the engine could not start.
   */
  const start = async () => {
    if (!promptIds || !settings || maxNewTokens === null) return null;
    const prompt = promptIds;
    const pieces = await loadVocabulary();
    if (!pieces) return null;
    let controller = controllers.current.get(key);
    if (!controller) {
      const chosen =
        'inPage' in engine
          ? await openInPage(pieces, engine.inPage)
          : loadedEngine().forwardEngine(engine.webllm);
      if (!chosen) return null;
      if ('webllm' in engine) setState({ phase: 'ready', pieces });
      controller = createGenerationController({
        engine: chosen,
        prompt,
        settings,
        maxNewTokens,
        candidateCount,
        decoding: decoding(pieces),
        // No pause between played steps beyond a turn for the page: Play delivers tokens as fast as the
        // model computes them, so the speed the panel shows is the speed the reader sees.
        betweenSteps: () => new Promise((resolve) => setTimeout(resolve, 0)),
      });
      // Subscribed at once, not in an effect after the next render, so the first step's "busy" is not missed.
      const own = key;
      controller.subscribe((next) => showView({ own, view: next }));
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

  // The reader's inputs flow into the active controller as they change.
  useEffect(() => {
    if (!active || !settings) return;
    active.setSettings(settings);
    // A new setting re-picks from the scores at hand: no engine call, so it can follow every keystroke.
    if (resampleOnSettings) void active.resample();
  }, [active, settings, resampleOnSettings]);
  useEffect(() => {
    if (active && maxNewTokens !== null) active.setMaxNewTokens(maxNewTokens);
  }, [active, maxNewTokens]);
  // Another conversation is another prompt (followPrompt ignores the ids the controller already runs on).
  useEffect(() => {
    if (active && promptIds) void followPrompt(active, promptIds);
  }, [active, followPrompt, promptIds]);

  const pieces = state.phase === 'idle' || state.phase === 'loading' ? [] : state.pieces;
  return { state, pieces, view, controller: active, start };
}
