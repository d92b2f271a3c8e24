import { useMemo, useRef, useState } from 'preact/hooks';
import './ui/parameters.css';
import './ui/inside-mistral.css';
import './ui/tokens.css';
import { LayerAttention } from './ui/LayerAttention';
import { LayerControls } from './ui/LayerControls';
import { LayerDiagram } from './ui/LayerDiagram';
import { LayerPromptView } from './ui/LayerPromptView';
import { LayerStages } from './ui/LayerStages';
import { LayerVocabulary } from './ui/LayerVocabulary';
import { OwnTextPrompt } from './ui/TextToIds';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { useInPageWeights } from './hooks/useInPageWeights';
import { useLayerPieces } from './hooks/useLayerPieces';
import { loadingMessage } from '../src/lib/generation/describe';
import type { PromptIds } from '../src/lib/generation/prompt';
import { POCKET_CONFIG } from '../src/lib/glassbox/config';
import type { GlassBoxWeights } from '../src/lib/glassbox/weights';
import type { WalkStep } from '../src/lib/model/layer-diagram';
import { formatIds, parseIds, PROMPT_PRESETS } from '../src/lib/model/layer-prompts';
import { promptText } from '../src/lib/model/layer-tokens';
import { formatCount } from '../src/lib/core/format';
import { logitsAt, traceLayer, type LayerTrace } from '../src/lib/model/layer-trace';
import { IN_PAGE_MODELS, type InPageModelId } from '../src/lib/pocket/models';

type Run = { trace: LayerTrace; ms: number } | { error: PanelError };

function run(ids: readonly number[], layer: number, weights: GlassBoxWeights): Run {
  const started = performance.now();
  try {
    const trace = traceLayer(ids, layer, POCKET_CONFIG, weights);
    return { trace, ms: performance.now() - started };
  } catch (error) {
    return { error: { title: 'The layer could not be traced', message: (error as Error).message } };
  }
}

/**
 * One decoder layer step by step on the pocket model (or the same model
 * before training), computed in the page: pick a prompt (a preset, your own
 * text or ids, or the chat template chapter’s conversation), a token
 * position, a layer and a head. A diagram of the layer lights the current
 * step; every step shows its shape and its vector as a colour strip; each
 * head’s attention is a heatmap beside tables of the same numbers; the
 * output head’s best next tokens end the walk.
 */
export default function LayerWalkthrough() {
  const config = POCKET_CONFIG;
  const [model, setModel] = useState<InPageModelId>('pocket');
  const { state: weights, retry } = useInPageWeights(model);
  const [idsText, setIdsText] = useState(() => formatIds(PROMPT_PRESETS[0]!.ids));
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const [step, setStep] = useState<WalkStep>('input');
  const [jump, setJump] = useState(0);
  const goTo = (next: WalkStep, jumped = false) => {
    setStep(next);
    if (jumped) setJump((n) => n + 1);
  };
  const [fromConversation, setFromConversation] = useState(false);
  const [conversationNote, setConversationNote] = useState<string | null>(null);
  const { names, setKnown, asked, offer, loader } = useLayerPieces();
  const parsed = parseIds(idsText, config.vocabSize);
  // While the box holds ids that cannot be traced, keep showing the last ones that could.
  const lastGood = useRef<readonly number[]>(PROMPT_PRESETS[0]!.ids);
  if (parsed.ok && parsed.ids.join(',') !== lastGood.current.join(',')) lastGood.current = parsed.ids;
  const ids = lastGood.current;
  const position = Math.min(picked ?? ids.length - 1, ids.length - 1);
  const ready = weights.phase === 'ready' ? weights.weights : null;
  const result = useMemo(() => (ready ? run(ids, layer, ready) : null), [ids, layer, ready]);
  const trace = result && 'trace' in result ? result.trace : null;
  const logits = useMemo(() => (trace ? logitsAt(trace, position) : null), [trace, position]);

  // The vocabulary loads when the output head is reached, on request, or for a conversation with new pieces.
  const wantPieces = asked || step === 'lm_head' || (fromConversation && promptText(ids, names) === null);
  const pieces = offer(wantPieces);
  const takePrompt = (prompt: PromptIds) => {
    if (prompt.status !== 'ready') return setConversationNote(prompt.message);
    setConversationNote(null);
    setIdsText(formatIds(prompt.ids));
    setPicked(null);
  };
  const chooseIds = (text: string) => {
    setIdsText(text);
    setPicked(null);
    setFromConversation(false);
    setConversationNote(null);
  };

  const modelName = model === 'pocket' ? 'the pocket model' : 'the untrained model';
  const status =
    weights.phase === 'loading'
      ? loadingMessage({ phase: 'opening', loaded: weights.loaded, total: weights.total })
      : !parsed.ok
        ? `Showing the last valid prompt (${formatCount(ids.length, 'token')}) until the ids are fixed.`
        : trace && result && 'ms' in result
          ? `Layer ${layer}, head ${head}, position ${position} (${names.label(ids[position]!)}): ${formatCount(ids.length, 'token')} through ${modelName} in ${Math.max(1, Math.round(result.ms))} ms.`
          : '';
  const error: PanelError | null =
    weights.phase === 'error'
      ? {
          title: 'The pocket model’s weights did not load',
          message: `${weights.message} Pick “before training” to step through the same architecture with random weights, which needs no download, or try again.`,
          action: { label: 'Try again', onAction: retry },
        }
      : result && 'error' in result
        ? result.error
        : null;

  return (
    <PanelFrame
      title="One layer, step by step"
      runs="Runs in your browser: the pocket model (Mistral’s architecture, 128 numbers wide, 6 layers, trained by this site; its weights, about 4 MB, download when this panel first shows) or the same model with random weights, in plain TypeScript on the main thread."
      status={status}
      error={error}
    >
      {(fromConversation || wantPieces) && (
        <LayerVocabulary
          {...loader}
          wantPieces={wantPieces}
          wantPrompt={fromConversation}
          onPrompt={takePrompt}
        />
      )}
      <fieldset class="engine-choice__options layer-model">
        <legend>Weights</legend>
        {(['pocket', 'untrained'] as const).map((id) => (
          <label key={id}>
            <input type="radio" name="layer-model" checked={model === id} onChange={() => setModel(id)} />{' '}
            {id === 'pocket' ? 'Trained (the pocket model)' : 'Before training (random)'}
          </label>
        ))}
      </fieldset>
      <p class="layer-model__note">{IN_PAGE_MODELS[model].note}</p>
      <OwnTextPrompt
        onTokens={(text, tokenPieces) => {
          chooseIds(text);
          setKnown(tokenPieces);
        }}
      />
      <LayerControls
        label={names.label}
        config={config}
        idsText={idsText}
        idsError={parsed.ok ? null : parsed.message}
        ids={ids}
        position={position}
        layer={layer}
        head={head}
        onIdsText={chooseIds}
        onPosition={setPicked}
        onLayer={setLayer}
        onHead={setHead}
        fromConversation={fromConversation}
        conversationNote={conversationNote}
        onConversation={() => {
          setFromConversation(true);
          setConversationNote('Reading your conversation from the chat template chapter…');
        }}
      />
      <LayerPromptView ids={ids} names={names} pieces={pieces} />
      {trace && logits && (
        <>
          <div class="layer-walkthrough">
            <LayerDiagram config={config} layer={layer} tokens={ids.length} current={step} onStep={goTo} />
            <LayerStages
              names={names}
              trace={trace}
              position={position}
              head={head}
              logits={logits}
              current={step}
              onStep={goTo}
              jump={jump}
              pieces={pieces}
            />
          </div>
          <LayerAttention
            trace={trace}
            label={names.label}
            position={position}
            head={head}
            onPick={(query) => {
              setPicked(query);
              goTo('attention', true);
            }}
          />
        </>
      )}
      <p class="layer-note">
        In the real Mistral-7B every shape here grows (4,096 numbers wide instead of 128, 32 query heads
        sharing 8 key/value heads instead of 4 sharing 2, 32 layers instead of 6, a window of 4,096 instead of
        64) and its weights learned from far more text, so the numbers and the patterns differ; the
        operations, in this order, are exactly the same.
      </p>
    </PanelFrame>
  );
}
