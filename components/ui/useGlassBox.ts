import { useEffect, useRef, useState } from 'preact/hooks';
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
}

/**
 * A generation controller on the glass box, in a worker of this panel's own.
 * Nothing starts with the page: the worker (and the tokenizer's vocabulary
 * it loads) starts on `ensure()`, the reader's first step, and stops with the
 * panel.
 */
export function useGlassBox({ candidateCount, playDelayMs = 0 }: Options) {
  const [state, setState] = useState<GlassBoxState>({ phase: 'idle' });
  const [view, setView] = useState<GenerationView | null>(null);
  const remote = useRef<RemoteGlassBox | null>(null);
  const starting = useRef<Promise<GenerationController | null> | null>(null);
  const controller = useRef<GenerationController | null>(null);
  useEffect(() => () => remote.current?.dispose(), []);

  /** The controller, once the worker is ready; null (with the reason in `state`) if it could not start. */
  const ensure = (prompt: readonly number[], settings: SamplingSettings, maxNewTokens: number) => {
    starting.current ??= (async () => {
      setState({ phase: 'loading' });
      try {
        const box = await connectGlassBox(
          () => new Worker(new URL('../../src/workers/glassbox.worker.ts', import.meta.url), { type: 'module' }),
          modelsUrl(),
        );
        remote.current = box;
        const created = createGenerationController({
          engine: box.engine,
          prompt,
          settings,
          maxNewTokens,
          candidateCount,
          createDecoder: () => createStreamDecoder(box.pieces),
          betweenSteps: () => new Promise((resolve) => setTimeout(resolve, playDelayMs)),
        });
        created.subscribe(setView);
        controller.current = created;
        setState({ phase: 'ready', info: engineInfo(box.engine), pieces: box.pieces, loadMs: box.loadMs });
        return created;
      } catch (error) {
        starting.current = null;
        setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
        return null;
      }
    })();
    return starting.current;
  };

  return { state, view, controller: controller.current, ensure };
}
