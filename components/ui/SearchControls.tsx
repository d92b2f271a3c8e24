import type { SearchProgressView } from '../../src/lib/generation/controller';
import { formatCount } from '../../src/lib/core/format';
import { TextField } from './TextField';

interface Props {
  idPrefix: string;
  /** The beam width as typed, and its message when it cannot be used. */
  widthInput: string;
  widthError: string | null;
  onWidthChange: (value: string) => void;
  /** Why no search can start now, or null. */
  blocked: string | null;
  busy: boolean;
  search: SearchProgressView | null;
  note: string | null;
  onGreedy: () => void;
  onBeam: () => void;
  onCancel: () => void;
}

/**
 * Greedy and beam search: the width box, the two buttons, progress while a
 * search runs (with Cancel), and what the last one found. The start and the
 * result are announced; the progress count is not, so a screen reader is
 * not read every round.
 */
export function SearchControls(props: Props) {
  const { search, note, busy, blocked } = props;
  return (
    <div class="search-controls">
      <div class="settings">
        <TextField
          id={`${props.idPrefix}-beam-width`}
          label="Beam width"
          hint="2 to 4 beams kept at each step"
          inputMode="numeric"
          value={props.widthInput}
          error={props.widthError}
          onChange={props.onWidthChange}
        />
      </div>
      <div class="generation-controls">
        <button type="button" class="button" onClick={props.onGreedy} disabled={busy || blocked !== null}>
          Greedy search
        </button>
        <button
          type="button"
          class="button"
          onClick={props.onBeam}
          disabled={busy || blocked !== null || props.widthError !== null}
        >
          Beam search
        </button>
        {search && (
          <button type="button" class="button button--secondary" onClick={props.onCancel}>
            Cancel search
          </button>
        )}
        {blocked && !search && <span class="generation-controls__blocked">{blocked}</span>}
      </div>
      {search && (
        <p class="search-progress">
          <progress value={search.round} max={search.limit} aria-label={`${search.name}: tokens so far`} />{' '}
          {search.round} of {formatCount(search.limit, 'token')},{' '}
          {formatCount(search.finished, 'reply', 'replies')} ended with a stop token
        </p>
      )}
      <p role="status" class="search-note">
        {search ? `${search.name} is running from the prompt…` : (note ?? '')}
      </p>
    </div>
  );
}
