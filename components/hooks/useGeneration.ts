import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { llm } from '../page/llm-state';
import {
  createGenerationController,
  type GenerationController,
  type GenerationView,
} from '../../src/lib/generation/controller';
import { connectGlassBox, type RemoteGlassBox } from '../../src/lib/glassbox/client';
import { withOwnVocabulary } from '../../src/lib/generation/engine-choice';
import type { EngineInfo } from '../../src/lib/llm/engine';
import type { InPageModelId } from '../../src/lib/pocket/models';
import type { SamplingSettings } from '../../src/lib/sampling/settings';
import { decodingFor } from '../../src/lib/tokenizer/stream-decode';
import { displayPieces, type VocabularyFacts } from '../../src/lib/tokenizer/vocabulary';
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
  | { phase: 'opening'; loaded: number; total: number | null }
  | { phase: 'ready' }
  | { phase: 'error'; message: string };

interface Options {
  candidateCount: number;
  engine: EngineSelection;
  /** Names the engine's vocabulary: engines with the same key share ids (useGenerationInputs). */
  vocabularyKey: string;
  /** The engine's vocabulary, from its own tokenizer (useChatPrompt): the pieces on screen, the stream decoder, the stop ids. */
  vocabulary: () => Promise<VocabularyFacts>;
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
  vocabularyKey,
  vocabulary,
  promptIds,
  settings,
  maxNewTokens,
  resampleOnSettings = false,
}: Options) {
  const [state, setState] = useState<WorkerState>({ phase: 'idle' });
  const [view, setView] = useState<GenerationView | null>(null);
  const vocabularyLoads = useRef(new Map<string, Promise<VocabularyFacts | null>>());
  const [vocabularies, setVocabularies] = useState<ReadonlyMap<string, VocabularyFacts>>(new Map());
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
    const controller = controllers.current.get(key);
    setView(controller?.view() ?? null);
    // Another engine's state does not describe this one: it has a controller (ready) or waits for a step.
    setState(controller ? { phase: 'ready' } : { phase: 'idle' });
  }, [key]);

  /** The engine's vocabulary, once per vocabulary; null (with the reason in `state`) if it could not load, and asked again next time. */
  const loadVocabulary = () => {
    const own = vocabularyKey;
    let load = vocabularyLoads.current.get(own);
    if (!load) {
      load = (async () => {
        setState({ phase: 'loading' });
        try {
          const facts = await vocabulary();
          setVocabularies((previous) => new Map(previous).set(own, facts));
          return facts;
        } catch (error) {
          vocabularyLoads.current.delete(own);
          setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
          return null;
        }
      })();
      vocabularyLoads.current.set(own, load);
    }
    return load;
  };

  /** The selected in-page model's engine, its worker started and its weights loaded (with progress) on first use. */
  const openInPage = async (model: InPageModelId) => {
    setState({ phase: 'opening', loaded: 0, total: null });
    try {
      // A worker that stopped (its script did not arrive, or it crashed) cannot answer again: start a fresh one.
      if (inPage.current?.stopped) inPage.current = null;
      inPage.current ??= connectGlassBox(createGlassBoxWorker, modelsUrl());
      const opened = await inPage.current.open(model, (loaded, total) => {
        if (activeKey.current === model) setState({ phase: 'opening', loaded, total });
      });
      setState({ phase: 'ready' });
      return opened.engine;
    } catch (error) {
      setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
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
    const facts = await loadVocabulary();
    if (!facts) return null;
    let controller = controllers.current.get(key);
    if (!controller) {
      let chosen;
      if ('inPage' in engine) chosen = await openInPage(engine.inPage);
      else {
        const info = withOwnVocabulary(engine.webllm, facts);
        if (typeof info === 'string') {
          setState({ phase: 'error', message: info });
          return null;
        }
        chosen = loadedEngine().forwardEngine(info);
      }
      if (!chosen) return null;
      if ('webllm' in engine) setState({ phase: 'ready' });
      controller = createGenerationController({
        engine: chosen,
        prompt,
        settings,
        maxNewTokens,
        candidateCount,
        decoding: decodingFor(facts),
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

  const facts = vocabularies.get(vocabularyKey) ?? null;
  // Computed once per vocabulary (Qwen's has 151,665 entries).
  const pieces = useMemo(() => (facts ? displayPieces(facts) : []), [facts]);
  return { state, pieces, facts, view, controller: active, start };
}
