import { EngineBadge } from './EngineBadge';
import type { EngineKey } from '../hooks/useGenerationInputs';
import type { ModelOffer } from '../../src/lib/generation/engine-choice';
import { IN_PAGE_MODELS } from '../../src/lib/pocket/models';

interface Props {
  idPrefix: string;
  offer: ModelOffer;
  engineKey: EngineKey;
  onChange: (engine: EngineKey) => void;
}

/**
 * The engine on screen, always, and the choice between the pocket model, the
 * same model before training and, when the loading chapter has one ready,
 * the loaded model; otherwise why the loaded model is not offered.
 */
export function EngineChoice({ idPrefix, offer, engineKey, onChange }: Props) {
  const current =
    engineKey === 'webllm' && offer.available
      ? { label: offer.info.label, kind: 'webllm' as const }
      : IN_PAGE_MODELS[engineKey === 'webllm' ? 'pocket' : engineKey];
  const option = (key: EngineKey, text: string) => (
    <label>
      <input
        type="radio"
        name={`${idPrefix}-engine`}
        checked={engineKey === key}
        onChange={() => onChange(key)}
      />{' '}
      {text}
    </label>
  );
  return (
    <div class="engine-choice">
      <EngineBadge label={current.label} kind={current.kind} />
      <fieldset class="engine-choice__options">
        <legend>Engine</legend>
        {option('pocket', 'The pocket model, trained by this site (runs on any computer)')}
        {option('untrained', 'The same model before training (random weights)')}
        {offer.available && option('webllm', `${offer.info.label}, loaded in the loading chapter`)}
      </fieldset>
      {!offer.available && <p class="engine-choice__note">{offer.note}</p>}
    </div>
  );
}
