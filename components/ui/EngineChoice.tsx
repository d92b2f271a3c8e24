import { EngineBadge } from './EngineBadge';
import type { ModelOffer } from '../../src/lib/generation/engine-choice';

const GLASS_BOX_LABEL = 'Glass box (tiny, untrained, Mistral-shaped)';

interface Props {
  idPrefix: string;
  offer: ModelOffer;
  /** Whether the reader picked the loaded model (when one is offered). */
  useModel: boolean;
  onChange: (useModel: boolean) => void;
}

/**
 * The engine on screen, always, and the choice between the loaded model and
 * the glass box when the loading chapter has a model ready; otherwise why the
 * panel runs on the glass box.
 */
export function EngineChoice({ idPrefix, offer, useModel, onChange }: Props) {
  const real = offer.available && useModel;
  return (
    <div class="engine-choice">
      <EngineBadge label={real ? offer.info.label : GLASS_BOX_LABEL} kind={real ? 'model' : 'demo'} />
      {offer.available ? (
        <fieldset class="engine-choice__options">
          <legend>Engine</legend>
          <label>
            <input
              type="radio"
              name={`${idPrefix}-engine`}
              checked={useModel}
              onChange={() => onChange(true)}
            />{' '}
            {offer.info.label}, loaded in the loading chapter
          </label>
          <label>
            <input
              type="radio"
              name={`${idPrefix}-engine`}
              checked={!useModel}
              onChange={() => onChange(false)}
            />{' '}
            The glass box
          </label>
        </fieldset>
      ) : (
        <p class="engine-choice__note">{offer.note}</p>
      )}
    </div>
  );
}
