import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import './ui/tokens.css';
import './ui/parameters.css';
import './ui/generation.css';
import { BranchesSection } from './ui/BranchesSection';
import { EngineChoice } from './ui/EngineChoice';
import { LoopControls } from './ui/LoopControls';
import { LoopSpeed } from './ui/LoopSpeed';
import { LoopTimeline } from './ui/LoopTimeline';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { PromptLine } from './ui/PromptLine';
import { ReplyTokens } from './ui/ReplyTokens';
import { SamplingFields } from './ui/SamplingFields';
import { StepDetail } from './ui/StepDetail';
import { useClientStore } from './hooks/useClientStore';
import { useGeneration } from './hooks/useGeneration';
import { useGenerationInputs } from './hooks/useGenerationInputs';
import { generationStatus, loadingMessage, startProblem } from '../src/lib/generation/describe';
import {
  $maxNewTokensInput,
  DEFAULT_MAX_NEW_TOKENS,
  parseMaxNewTokens,
  setSamplingInput,
} from '../src/lib/generation/store';

interface Props {
  /** A line under the prompt, given by the chapter: where the prompt and the settings come from, with links (`ChapterLink`). */
  children?: ComponentChildren;
}

/**
 * The generation loop: step, play, pause, stop; pick any step to see its
 * candidates, force one of them, or go back to that step and go on from
 * there. Every reply tried stays as a branch, beside the replies of greedy
 * and beam search, and any branch can be opened again. On the pocket model
 * (or its untrained twin) in their worker, or on the model the loading
 * chapter keeps loaded, whichever the reader picks (see EngineChoice).
 */
export default function LoopPanel({ children }: Props) {
  const {
    prompt,
    vocabulary,
    vocabularyRef,
    promptLine,
    offer,
    engineKey,
    setEngineKey,
    engine,
    contextWindow,
    vocabSize,
    input,
    parsed,
  } = useGenerationInputs();
  const limitInput = useClientStore($maxNewTokensInput, DEFAULT_MAX_NEW_TOKENS);
  const limit = useMemo(() => parseMaxNewTokens(limitInput, contextWindow), [limitInput, contextWindow]);
  const { state, pieces, facts, view, controller, start } = useGeneration({
    candidateCount: 10,
    engine,
    vocabularyKey: vocabularyRef.key,
    vocabulary,
    promptIds: prompt.status === 'ready' ? prompt.ids : null,
    settings: parsed.ok ? parsed.settings : null,
    maxNewTokens: limit.ok ? limit.value : null,
  });
  const steps = view?.steps ?? [];
  const [chosen, setChosen] = useState<number | null>(null);
  const selected = chosen !== null && chosen < steps.length ? chosen : steps.length - 1;
  const step = steps[selected] ?? null;

  const inputsBlocked =
    prompt.status !== 'ready'
      ? prompt.message
      : !parsed.ok || !limit.ok
        ? 'Fix the settings marked above first.'
        : null;
  const blocked =
    inputsBlocked ?? (view?.ended ? 'The reply has ended: go back to a step, or start over.' : null);
  const starting = state.phase === 'loading' || state.phase === 'opening';
  const withController = async (
    action: (ready: NonNullable<typeof controller>) => Promise<unknown> | void,
  ) => {
    const ready = await start();
    if (ready) await action(ready);
  };
  const select = (index: number | null) => setChosen(index);

  const status = generationStatus({
    starting:
      state.phase === 'loading' || state.phase === 'opening' ? loadingMessage(state, vocabularyRef) : null,
    view,
    pieces,
    idle: 'Press Step or Play to generate a reply.',
    showEnding: true,
  });
  const error: PanelError | null =
    state.phase === 'error'
      ? {
          ...startProblem(state.message),
          action: { label: 'Try again', onAction: () => void withController(() => undefined) },
        }
      : null;

  return (
    <PanelFrame
      title="The loop"
      runs="Runs in your browser: the pocket model or the same model before training, in a Web Worker on the CPU, or the model the loading chapter loaded (WebLLM on WebGPU, with that model’s own tokenizer and template), each with its KV cache; our sampling pipeline picks each token."
      status={status}
      error={error}
    >
      <EngineChoice idPrefix="loop" offer={offer} engineKey={engineKey} onChange={setEngineKey} />
      <PromptLine {...promptLine} pieces={pieces} byteLevel={facts?.scheme === 'bytelevel'}>
        {children}
      </PromptLine>
      <SamplingFields
        idPrefix="loop"
        input={input}
        errors={parsed.ok ? {} : parsed.errors}
        onChange={setSamplingInput}
        extra={{
          label: 'Max new tokens',
          hint: `1 to ${contextWindow.toLocaleString('en')} (the context window)`,
          value: limitInput,
          error: limit.ok ? null : limit.error,
          onChange: (value) => $maxNewTokensInput.set(value),
        }}
      />
      <LoopControls
        canStep={blocked === null}
        playing={view?.playing ?? false}
        busy={starting || (!!view?.busy && !view.playing)}
        hasSteps={steps.length > 0}
        ended={view?.ended !== null && view?.ended !== undefined}
        blocked={blocked}
        onStep={() => void withController((ready) => (select(null), ready.step()))}
        onPlay={() => void withController((ready) => (select(null), ready.play()))}
        onPause={() => controller?.pause()}
        onStop={() => void controller?.stop()}
        onRestart={() => void controller?.rewind(0)}
      />
      <div class="reply" aria-busy={view?.playing || undefined}>
        <p class="field-label">The reply so far</p>
        <p class="reply__text">{view?.text || '(nothing yet)'}</p>
        <ReplyTokens steps={steps} pieces={pieces} selected={selected} onSelect={select} />
      </div>
      <LoopTimeline
        steps={steps}
        pieces={pieces}
        promptLength={view?.promptLength ?? 0}
        ended={!!view?.ended}
        playing={view?.playing ?? false}
        selected={selected}
        onSelect={select}
      />
      {view && <LoopSpeed timings={view.timings} />}
      {step && !view?.playing && (
        <StepDetail
          step={step}
          pieces={pieces}
          onRewind={(keep) => void controller?.rewind(keep)}
          onForce={(index, id) => void controller?.force(index, id)}
          vocabSize={vocabSize}
        />
      )}
      <BranchesSection
        view={view}
        pieces={pieces}
        blocked={inputsBlocked}
        busy={starting || !!view?.busy || !!view?.playing}
        onSearch={(request) => void withController((ready) => (select(null), ready.search(request)))}
        onCancel={() => controller?.cancelSearch()}
        onOpen={(key) => void controller?.reopen(key).then(() => select(null))}
      />
    </PanelFrame>
  );
}
