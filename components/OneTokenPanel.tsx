import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import './ui/parameters.css';
import './ui/generation.css';
import './ui/tokens.css';
import { CandidateTable } from './ui/CandidateTable';
import { DrawFigure } from './ui/DrawFigure';
import { EngineChoice } from './ui/EngineChoice';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { PromptLine } from './ui/PromptLine';
import { SamplingFields } from './ui/SamplingFields';
import { SamplingLab } from './ui/SamplingLab';
import { StageSummary } from './ui/StageSummary';
import { TokenChip } from './ui/TokenChip';
import { useGeneration } from './hooks/useGeneration';
import { useGenerationInputs } from './hooks/useGenerationInputs';
import {
  describeTimings,
  formatProbability,
  generationStatus,
  loadingMessage,
  showPiece,
  startProblem,
} from '../src/lib/generation/describe';
import { setSamplingInput } from '../src/lib/generation/store';
import { topCandidates } from '../src/lib/sampling/pipeline';
import { kindOfPiece } from '../src/lib/tokenizer/token-view';
import { penaltiesOn } from '../src/lib/sampling/settings';

/** Candidate rows at first, and how many each "Show more" adds. */
const ROWS_STEP = 15;
/** The longest candidate table: more is the distribution chart's and the token finder's job. */
const MAX_ROWS = 100;

interface Props {
  /** A line under the prompt, given by the chapter: its link back to the chat template chapter (a `ChapterLink`). */
  children?: ComponentChildren;
}

/**
 * One forward pass and one pick: the templated ids go in, a score for every
 * token of the engine's vocabulary comes out, and the sampling pipeline
 * chooses one. After the run, changing a setting re-samples from the same
 * scores at once; the candidate table grows on demand, and the sampling lab
 * shows the whole distribution, any token stage by stage, and 1,000 draws.
 */
export default function OneTokenPanel({ children }: Props) {
  const {
    prompt,
    vocabulary,
    vocabularyRef,
    promptLine,
    offer,
    engineKey,
    setEngineKey,
    engine,
    vocabSize,
    input,
    parsed,
  } = useGenerationInputs();
  const promptIds = prompt.status === 'ready' ? prompt.ids : null;
  const { state, pieces, facts, view, start } = useGeneration({
    candidateCount: 15,
    engine,
    vocabularyKey: vocabularyRef.key,
    vocabulary,
    promptIds,
    settings: parsed.ok ? parsed.settings : null,
    maxNewTokens: 1,
    resampleOnSettings: true,
  });
  const step = view?.steps[0] ?? null;
  const newest = view?.newest ?? null;
  const [rowCount, setRowCount] = useState(ROWS_STEP);
  // Past the rows the step keeps, computed on demand from its whole result; the engine's stop ids are always offered.
  const candidates = useMemo(
    () =>
      newest && rowCount > ROWS_STEP
        ? topCandidates(newest, rowCount, facts?.stopIds ?? [])
        : (step?.candidates ?? []),
    [newest, rowCount, facts, step],
  );

  // Each run is the prompt's first token again, from the settings as they are now.
  const run = async () => {
    const ready = await start();
    if (!ready || !promptIds) return;
    await ready.setPrompt(promptIds);
    await ready.step();
  };

  const blocked =
    prompt.status !== 'ready' ? prompt.message : !parsed.ok ? 'Fix the settings marked above first.' : null;
  const status = generationStatus({
    starting:
      state.phase === 'loading' || state.phase === 'opening' ? loadingMessage(state, vocabularyRef) : null,
    view,
    pieces,
    idle: 'Press “Run one step” to feed the prompt to the model.',
    showEnding: false,
  });
  const error: PanelError | null =
    state.phase === 'error'
      ? { ...startProblem(state.message), action: { label: 'Try again', onAction: () => void run() } }
      : null;

  return (
    <PanelFrame
      title="One token"
      runs="Runs in your browser: the pocket model (Mistral’s architecture, trained by this site; about 4 MB of weights, downloaded on the first step) or the same model before training, in a Web Worker on the CPU; or the model the loading chapter loaded (WebLLM on WebGPU, with that model’s own tokenizer and template). Our own sampling pipeline picks the token."
      status={status}
      error={error}
    >
      <EngineChoice idPrefix="one-token" offer={offer} engineKey={engineKey} onChange={setEngineKey} />
      <PromptLine {...promptLine} pieces={pieces} byteLevel={facts?.scheme === 'bytelevel'}>
        {children}
      </PromptLine>
      <SamplingFields
        idPrefix="one-token"
        input={input}
        errors={parsed.ok ? {} : parsed.errors}
        onChange={setSamplingInput}
      />
      <p class="generation-controls">
        <button type="button" class="button" onClick={run} disabled={blocked !== null || view?.busy}>
          Run one step
        </button>
        {blocked && <span class="generation-controls__blocked">{blocked}</span>}
      </p>
      {step && (
        <>
          <p class="picked-token" data-forced={step.forced || undefined}>
            Picked{' '}
            <TokenChip
              as="span"
              class="picked-token__piece"
              kind={kindOfPiece(pieces[step.id] ?? '')}
              text={showPiece(pieces, step.id)}
            />{' '}
            (id {step.id}) with probability {formatProbability(step.probability ?? 0)}.{' '}
            {step.greedy
              ? 'Temperature 0 is greedy: the top score wins and no random number is drawn.'
              : `${step.keptCount.toLocaleString('en')} of ${vocabSize.toLocaleString('en')} tokens survived every stage; the draw landed on ${step.random!.toFixed(4)}.`}
          </p>
          <StageSummary stages={step.stages} vocabSize={vocabSize} />
          {newest && (
            <DrawFigure
              idPrefix="one-token"
              step={newest}
              candidates={step.candidates}
              pieces={pieces}
              appendedId={step.id}
              vocabSize={vocabSize}
              input={input}
              errors={parsed.ok ? {} : parsed.errors}
              onChange={setSamplingInput}
            />
          )}
          <CandidateTable
            caption={`The best ${rowCount} candidates for the next token (and the end-of-reply token), stage by stage`}
            candidates={candidates}
            pieces={pieces}
            appendedId={step.id}
            penalized={penaltiesOn(step.settings)}
          />
          <p class="candidate-more">
            {rowCount < MAX_ROWS && (
              <button
                type="button"
                class="button"
                disabled={!newest}
                onClick={() => setRowCount(Math.min(MAX_ROWS, rowCount + ROWS_STEP))}
              >
                Show {Math.min(ROWS_STEP, MAX_ROWS - rowCount)} more
              </button>
            )}
            {rowCount > ROWS_STEP && (
              <button type="button" class="button" onClick={() => setRowCount(ROWS_STEP)}>
                Show the best {ROWS_STEP} only
              </button>
            )}
          </p>
          {newest && <SamplingLab idPrefix="one-token" step={newest} pieces={pieces} />}
          <ul class="timings">
            {describeTimings(view!.timings).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </PanelFrame>
  );
}
