import { useMemo, useState } from 'preact/hooks';
import './sampling-lab.css';
import './text-field.css';
import { ScrollRegion } from './ScrollRegion';
import { traceToken, type SamplingStep, type Stage } from '../../src/lib/sampling/pipeline';
import { findToken, type TokenLookup } from '../../src/lib/sampling/distribution';
import { formatLogit, formatProbability, removalLabel, showPiece } from '../../src/lib/generation/describe';

interface Props {
  /** Unique on the page: the box's id starts with it. */
  idPrefix: string;
  step: SamplingStep;
  pieces: readonly string[];
}

const STAGE_NAMES: Record<Stage, string> = {
  penalties: 'After penalties (softmax at T 1)',
  temperature: 'After temperature (softmax)',
  'top-k': 'After top-k',
  'top-p': 'After top-p',
  'min-p': 'After min-p',
  'typical-p': 'After typical-p',
};

/**
 * "Where does ▁Dear stand?": type a piece of text or an id, and follow that
 * token through every stage of this step: its rank, its raw logit, its score
 * after the penalties, its probability after each stage (renormalised over
 * what that stage kept) and the stage that removed it. Text that matches
 * more than one token (`Dear` and `▁Dear`) shows each side by side.
 */
export function TokenFinder({ idPrefix, step, pieces }: Props) {
  const [query, setQuery] = useState('');
  const [lookup, setLookup] = useState<TokenLookup | null>(null);
  const vocabSize = step.logits.length;
  // Traced again for every new step (a setting changed), for the same tokens.
  const traces = useMemo(
    () => (lookup?.ok ? lookup.ids.map((id) => traceToken(step, id)) : []),
    [lookup, step],
  );
  const id = `${idPrefix}-find-token`;
  const error = lookup && !lookup.ok ? lookup.message : null;
  const search = (event: Event) => {
    event.preventDefault();
    setLookup(findToken(query, pieces, vocabSize));
  };
  const named = (tokenId: number) => `${showPiece(pieces, tokenId)} (id ${tokenId})`;
  const caption =
    traces.length > 0
      ? `Where ${traces.map((trace) => named(trace.id)).join(' and ')} stand${traces.length === 1 ? 's' : ''} at every stage`
      : '';

  return (
    <div class="token-finder">
      <form class="token-finder__form" onSubmit={search}>
        <div class="text-field">
          <label for={id}>Find a token</label>
          <input
            class="input"
            id={id}
            type="text"
            autoComplete="off"
            spellcheck={false}
            value={query}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
          {error && (
            <span class="text-field__error" id={`${id}-error`}>
              {error}
            </span>
          )}
          <span class="text-field__hint" id={`${id}-hint`}>
            A piece of text as the table shows it (Dear, ▁Dear) or an id from 0 to{' '}
            {(vocabSize - 1).toLocaleString('en')}.
          </span>
        </div>
        <button type="submit" class="button">
          Find
        </button>
      </form>
      <p class="token-finder__summary" aria-live="polite">
        {traces
          .map(
            (trace) =>
              `${named(trace.id)}: rank ${(trace.rank + 1).toLocaleString('en')} of ${vocabSize.toLocaleString('en')}, ${
                trace.removedBy === null
                  ? `kept, final probability ${formatProbability(trace.final)}`
                  : removalLabel(trace.removedBy)
              }${trace.id === step.chosenId ? ', picked' : ''}.`,
          )
          .join(' ')}
      </p>
      {traces.length > 0 && (
        <ScrollRegion label={caption}>
          <table class="sampling-lab__table token-finder__table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <td />
                {traces.map((trace) => (
                  <th scope="col" key={trace.id}>
                    <code>{showPiece(pieces, trace.id)}</code> (id {trace.id})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <Row
                label="Rank by score"
                values={traces.map((trace) => (trace.rank + 1).toLocaleString('en'))}
              />
              <Row label="Raw logit" values={traces.map((trace) => formatLogit(trace.logit))} />
              <Row label="Score after penalties" values={traces.map((trace) => formatLogit(trace.score))} />
              {step.stages.map((stage, index) => (
                <Row
                  key={stage.stage}
                  label={`${STAGE_NAMES[stage.stage]}${stage.on ? '' : ' (off)'}`}
                  values={traces.map((trace) => {
                    const at = trace.stages[index]!;
                    return at.kept ? formatProbability(at.probability) : 'removed';
                  })}
                />
              ))}
              <Row
                label="Final (drawn with)"
                values={traces.map((trace) => formatProbability(trace.final))}
              />
              <Row
                label="Verdict"
                values={traces.map(
                  (trace) =>
                    `${removalLabel(trace.removedBy)}${trace.id === step.chosenId ? ' · picked' : ''}`,
                )}
              />
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}

function Row({ label, values }: { label: string; values: string[] }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {values.map((value, index) => (
        <td key={index} class="numeric">
          {value}
        </td>
      ))}
    </tr>
  );
}
