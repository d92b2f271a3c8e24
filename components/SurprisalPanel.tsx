import { useLayoutEffect, useState } from 'preact/hooks';
import './ui/tokens.css';
import './ui/generation.css';
import './ui/surprisal.css';
import { EngineChoice } from './ui/EngineChoice';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { SurprisalChips } from './ui/SurprisalChips';
import { SurprisalTable } from './ui/SurprisalTable';
import { useClientStore } from './hooks/useClientStore';
import type { EngineKey } from './hooks/useGenerationInputs';
import type { EngineSelection } from './hooks/useGeneration';
import { useSurprisal, type SurprisalState } from './hooks/useSurprisal';
import { llm } from './page/llm-state';
import { modelsUrl } from './page/site-urls';
import { asSentence } from '../src/lib/core/format';
import { loadingMessage } from '../src/lib/generation/describe';
import { offerLoadedModel } from '../src/lib/generation/engine-choice';
import { POCKET_CONFIG } from '../src/lib/glassbox/config';
import { impossibleNote } from '../src/lib/sampling/surprisal';
import * as say from '../src/lib/sampling/surprisal-text';
import { SEED_PROMPT } from '../src/lib/tokenizer/mistral';
import { textFromAddress } from '../src/lib/tokenizer/shared-text';
import { $tokensText } from '../src/lib/tokenizer/store';
import { makeVisible } from '../src/lib/tokenizer/token-view';
import { siteVocabulary } from '../src/lib/tokenizer/vocabulary';

const store = llm();

function statusOf(state: SurprisalState, buttonLabel: string, tokenizer: string): string {
  switch (state.phase) {
    case 'idle':
      return `Nothing is loaded yet. Press “${buttonLabel}” to score the text in the Tokenizer box above.`;
    case 'tokenizing':
      return `Splitting your text with ${tokenizer}’s tokenizer…`;
    case 'opening':
      return loadingMessage(state);
    case 'scoring':
      return say.scoringStatus(state.done, state.total);
    case 'done':
      return 'Scored. Edit the text above or pick another engine, and it is scored again.';
    case 'error':
      return 'The text could not be scored.';
  }
}

/**
 * How surprised a language model is by the reader's own text (the Tokens
 * chapter's box): each token shaded by the probability the model gave it,
 * its surprisal in bits, and the text's cross-entropy and perplexity, on
 * the pocket model, the same model before training, or a loaded model.
 */
export default function SurprisalPanel() {
  const offer = offerLoadedModel(useClientStore(store.$engineState, { phase: 'idle' }), store.recordFor);
  const [chosen, setChosen] = useState<EngineKey>('pocket');
  const engineKey: EngineKey = chosen === 'webllm' && !offer.available ? 'pocket' : chosen;
  const selection: EngineSelection =
    engineKey === 'webllm' && offer.available
      ? { webllm: offer.info }
      : { inPage: engineKey === 'untrained' ? 'untrained' : 'pocket' };
  const vocabulary =
    'webllm' in selection && offer.available ? offer.vocabulary : siteVocabulary(modelsUrl());
  // The Tokens box's text; until its panel has spoken, what the address carries, or the seed.
  const [fromAddress, setFromAddress] = useState<string | null>(null);
  useLayoutEffect(() => setFromAddress(textFromAddress(location.href)), []);
  const text = useClientStore($tokensText, null) ?? fromAddress ?? SEED_PROMPT;
  const { state, result, results, stale, score } = useSurprisal(text, selection, vocabulary);
  const [active, setActive] = useState(0);

  const buttonLabel =
    engineKey === 'pocket'
      ? 'Score this text with the pocket model'
      : engineKey === 'untrained'
        ? 'Score this text with the model before training'
        : 'Score this text with the loaded model';
  const error: PanelError | null =
    state.phase === 'error'
      ? {
          title: 'The text could not be scored',
          message: `${asSentence(state.message)} Your text is still in the box above. The pocket model’s files come from this site (Mistral’s tokenizer and about 4 MB of weights); check your connection, then try again.`,
          action: { label: 'Try again', onAction: score },
        }
      : null;
  const trained = results.get('pocket');
  const untrained = results.get('untrained');
  const sameText = (entry: typeof trained) => (entry && entry.text === result?.text ? entry.summary : null);
  const notes = result && [say.scopeNote(result.plan, result.engineLabel), impossibleNote(result.summary)];
  const focused = result?.scores[active];

  return (
    <div class="surprisal-panel">
      <PanelFrame
        title="How surprised is the model"
        runs="Runs in your browser when you ask: the pocket model (about 4 MB, in a worker), the same model before training, or the model you loaded in the loading chapter."
        status={statusOf(state, buttonLabel, vocabulary.title)}
        error={error}
      >
        <EngineChoice idPrefix="surprisal" offer={offer} engineKey={engineKey} onChange={setChosen} />
        <button type="button" class="button" onClick={score}>
          {buttonLabel}
        </button>
        {result && (
          <>
            <p class="surprisal-summary" data-stale={stale || undefined}>
              <strong>{say.summaryLine(result.summary)}</strong>
              {result.summary.tokens > 0 &&
                ` Scored by ${result.engineLabel}, each token given everything before it, starting from ${makeVisible(result.start)}.`}
            </p>
            {notes?.map(
              (note, index) =>
                note && (
                  <p key={index} class="surprisal-note">
                    {note}
                  </p>
                ),
            )}
            {!result.engineKey.startsWith('webllm:') && (
              <p>{say.comparisonLine(sameText(trained), sameText(untrained), POCKET_CONFIG.vocabSize)}</p>
            )}
            <ul class="surprisal-legend" aria-label="Shades by probability">
              {say.SURPRISAL_STEPS.map((step, index) => (
                <li key={step.label}>
                  <span class="surprisal-legend__swatch" data-step={index} aria-hidden="true" />
                  {step.label}
                </li>
              ))}
            </ul>
            <SurprisalChips
              pieces={result.pieces}
              scores={result.scores}
              active={active}
              onActivate={setActive}
            />
            {focused && (
              <p class="surprisal-detail">
                {say.describeScore(focused, active, makeVisible(result.pieces[active] ?? ''))}.
              </p>
            )}
            <SurprisalTable pieces={result.pieces} scores={result.scores} active={active} />
          </>
        )}
      </PanelFrame>
    </div>
  );
}
