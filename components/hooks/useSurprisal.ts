import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { llm } from '../page/llm-state';
import { modelsUrl } from '../page/site-urls';
import { createChatTemplateWorker, createGlassBoxWorker } from '../page/workers';
import { selectionKey, type EngineSelection } from './useGeneration';
import { createChatTemplateClient, type ChatTemplateClient } from '../../src/lib/chat/client';
import { withOwnVocabulary } from '../../src/lib/generation/engine-choice';
import { connectGlassBox, type RemoteGlassBox } from '../../src/lib/glassbox/client';
import type { Engine } from '../../src/lib/llm/engine';
import {
  createLatestScorer,
  planScoring,
  summarise,
  type ScoringPlan,
  type SurprisalSummary,
  type TokenScore,
} from '../../src/lib/sampling/surprisal';
import type { VocabularyRef } from '../../src/lib/tokenizer/vocabulary';

const { engine: loadedEngine } = llm();

/** One text scored on one engine. */
export interface SurprisalResult {
  text: string;
  engineKey: string;
  engineLabel: string;
  /** The piece the model read before the first scored token (`<s>`), shown in the summary. */
  start: string;
  /** Each scored token's piece as the panels show it, beside its score. */
  pieces: string[];
  scores: TokenScore[];
  summary: SurprisalSummary;
  plan: ScoringPlan;
}

export type SurprisalState =
  | { phase: 'idle' }
  | { phase: 'tokenizing' }
  | { phase: 'opening'; loaded: number; total: number | null }
  | { phase: 'scoring'; done: number; total: number }
  | { phase: 'done' }
  | { phase: 'error'; message: string };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Scores the reader's text on the chosen engine, on request: nothing loads
 * until `score()`, the reader's press of the button. From then on a new
 * text or another engine scores again by itself, cancelling the run in
 * flight (createLatestScorer), and only the newest run's result is kept.
 * The text is tokenized by the engine's own tokenizer, in a chat-template
 * worker per vocabulary (its `encode`); the in-page models run in this
 * panel's glass-box worker, the loaded model in the loading chapter's WebLLM
 * worker, the same engines the generation chapters open.
 */
export function useSurprisal(text: string, selection: EngineSelection, vocabulary: VocabularyRef) {
  const [state, setState] = useState<SurprisalState>({ phase: 'idle' });
  const [results, setResults] = useState<ReadonlyMap<string, SurprisalResult>>(new Map());
  const [latest, setLatest] = useState<SurprisalResult | null>(null);
  const [live, setLive] = useState(false);
  const tokenizers = useRef(new Map<string, ChatTemplateClient>());
  const inPage = useRef<RemoteGlassBox | null>(null);
  const [scorer] = useState(createLatestScorer);
  /** Counts runs, so a run that was overtaken while it waited for a tokenizer or weights reports nothing. */
  const runs = useRef(0);
  useEffect(
    () => () => {
      scorer.cancel();
      for (const client of tokenizers.current.values()) client.dispose();
      inPage.current?.dispose();
    },
    [scorer],
  );

  const engineKey = selectionKey(selection);

  const tokenizer = () => {
    let client = tokenizers.current.get(vocabulary.key);
    if (!client) {
      // Only its one-off requests are used (`encode`, `vocabulary`); no conversation is ever rendered.
      client = createChatTemplateClient(createChatTemplateWorker, vocabulary.source, () => {});
      tokenizers.current.set(vocabulary.key, client);
    }
    return client;
  };

  const openEngine = async (run: number, client: ChatTemplateClient): Promise<Engine> => {
    if ('webllm' in selection) {
      const info = withOwnVocabulary(selection.webllm, await client.vocabulary());
      if (typeof info === 'string') throw new Error(info);
      return loadedEngine().forwardEngine(info);
    }
    // A worker that stopped (its script did not arrive, or it crashed) cannot answer again: start a fresh one.
    if (inPage.current?.stopped) inPage.current = null;
    inPage.current ??= connectGlassBox(createGlassBoxWorker, modelsUrl());
    const opened = await inPage.current.open(selection.inPage, (loaded, total) => {
      if (runs.current === run) setState({ phase: 'opening', loaded, total });
    });
    return opened.engine;
  };

  /** What the newest run was asked to score, so that turning `live` on does not start a second run. */
  const asked = useRef('');
  const score = async () => {
    const run = ++runs.current;
    asked.current = `${engineKey}\u0000${text}`;
    setLive(true);
    setState({ phase: 'tokenizing' });
    try {
      const client = tokenizer();
      const encoded = await client.encode(text);
      if (runs.current !== run) return;
      const engine = await openEngine(run, client);
      if (runs.current !== run) return;
      const plan = planScoring(encoded.ids, engine.contextWindow);
      setState({ phase: 'scoring', done: 0, total: plan.ids.length - 1 });
      const scores = await scorer.run(
        engine,
        plan.ids,
        (done, total) => {
          if (runs.current === run) setState({ phase: 'scoring', done, total });
        },
        engine.contextWindow,
      );
      if (!scores || runs.current !== run) return;
      const result: SurprisalResult = {
        text,
        engineKey,
        engineLabel: engine.label,
        start: encoded.pieces[0] ?? '',
        pieces: encoded.pieces.slice(1, plan.ids.length),
        scores,
        summary: summarise(scores),
        plan,
      };
      setResults((previous) => new Map(previous).set(engineKey, result));
      setLatest(result);
      setState({ phase: 'done' });
    } catch (error) {
      if (runs.current === run) setState({ phase: 'error', message: describe(error) });
    }
  };
  const scoreNow = useRef(score);
  scoreNow.current = score;
  // Once the reader has asked, another text or engine is scored again at once.
  useEffect(() => {
    if (live && asked.current !== `${engineKey}\u0000${text}`) void scoreNow.current();
  }, [live, text, engineKey]);

  const retry = useCallback(() => void scoreNow.current(), []);
  /** Whether the result on screen is for another text or engine than the ones chosen now (a new run is on its way). */
  const stale = latest !== null && (latest.text !== text || latest.engineKey !== engineKey);
  return { state, result: latest, results, stale, score: retry };
}
