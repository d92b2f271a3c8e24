import { useMemo, useState } from 'preact/hooks';
import './sampling-lab.css';
import { DistributionChart } from './DistributionChart';
import { DrawHistogram } from './DrawHistogram';
import { TokenFinder } from './TokenFinder';
import { finalProbability, rankOf, type SamplingStep } from '../../src/lib/sampling/pipeline';
import { drawMany, summarizeDraws, type Draws } from '../../src/lib/sampling/draws';
import { formatProbability, showPiece } from '../../src/lib/generation/describe';

interface Props {
  /** Unique on the page: the finder's box id starts with it. */
  idPrefix: string;
  /** The pipeline's whole result for the token on screen. */
  step: SamplingStep;
  pieces: readonly string[];
}

/** How many times "Draw" draws: enough for the shares to settle near the probabilities, still instant. */
const DRAWS = 1_000;
/** Rows of the draw histogram. */
const DRAW_ROWS = 10;

/**
 * What one step's scores hold beyond the top rows: the whole distribution
 * (chart and table), any token traced through every stage, and a thousand
 * draws from the same distribution, counted. Everything works on the step
 * already computed: no engine call, so it follows every change of setting.
 */
export function SamplingLab({ idPrefix, step, pieces }: Props) {
  const pickedRank = useMemo(() => rankOf(step.scores, step.chosenId), [step]);
  const [drawn, setDrawn] = useState<{ step: SamplingStep; draws: Draws } | null>(null);
  // Draws belong to the step they were drawn from: a new setting makes a new step, and its own draws.
  const draws = drawn?.step === step ? drawn.draws : null;
  const summary = useMemo(
    () => draws && summarizeDraws(draws, (id) => finalProbability(step, id), DRAW_ROWS, step.keptCount),
    [draws, step],
  );
  const top = summary?.rows[0];
  const greedyNote = step.greedy ? 'Temperature 0 is greedy, so every draw is the top token.' : '';

  return (
    <div class="sampling-lab">
      <h3>The whole distribution</h3>
      <DistributionChart step={step} pickedRank={pickedRank} />
      <h3>Any token, stage by stage</h3>
      <TokenFinder idPrefix={idPrefix} step={step} pieces={pieces} />
      <h3>Draw {DRAWS.toLocaleString('en')} times</h3>
      <p class="sampling-lab__controls">
        <button
          type="button"
          class="button"
          onClick={() => setDrawn({ step, draws: drawMany(step, DRAWS, step.settings.seed) })}
        >
          Draw {DRAWS.toLocaleString('en')} times
        </button>
        <span class="sampling-lab__note">
          Same scores, same settings, seed {step.settings.seed}: the same seed gives the same counts.
        </span>
      </p>
      <p aria-live="polite">
        {top &&
          `${DRAWS.toLocaleString('en')} draws: ${draws!.counts.size === 1 ? 'one token' : `${draws!.counts.size.toLocaleString('en')} different tokens`}; the most drawn, ${showPiece(pieces, top.id)}, came up ${top.count.toLocaleString('en')} times (${formatProbability(top.share)}), against a probability of ${formatProbability(top.expected)}. ${greedyNote}`}
      </p>
      {draws && summary && <DrawHistogram draws={draws} summary={summary} pieces={pieces} />}
    </div>
  );
}
