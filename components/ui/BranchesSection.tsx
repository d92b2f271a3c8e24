import { useState } from 'preact/hooks';
import './branches.css';
import type { GenerationView, SearchRequest } from '../../src/lib/generation/controller';
import { parseBeamWidth } from '../../src/lib/sampling/beam';
import { BranchTree } from './BranchTree';
import { SearchControls } from './SearchControls';

interface Props {
  view: GenerationView | null;
  pieces: readonly string[];
  /** Why a search cannot start (the prompt or a setting), or null. */
  blocked: string | null;
  /** While a step, Play or a search runs, nothing else starts. */
  busy: boolean;
  onSearch: (request: SearchRequest) => void;
  onCancel: () => void;
  onOpen: (key: number) => void;
}

/** The loop's branches: greedy and beam search beside the replies tried, each re-openable. */
export function BranchesSection({ view, pieces, blocked, busy, onSearch, onCancel, onOpen }: Props) {
  const [widthInput, setWidthInput] = useState('2');
  const width = parseBeamWidth(widthInput);
  return (
    <div class="branches" role="group" aria-labelledby="loop-branches-title">
      <p id="loop-branches-title" class="field-label">
        Branches: every reply tried, and greedy and beam search
      </p>
      <SearchControls
        idPrefix="loop"
        widthInput={widthInput}
        widthError={width.ok ? null : width.error}
        onWidthChange={setWidthInput}
        blocked={blocked}
        busy={busy}
        search={view?.search ?? null}
        note={view?.searchNote ?? null}
        onGreedy={() => onSearch({ kind: 'greedy' })}
        onBeam={() => width.ok && onSearch({ kind: 'beam', width: width.value })}
        onCancel={onCancel}
      />
      <BranchTree nodes={view?.branches ?? []} pieces={pieces} disabled={busy} onOpen={onOpen} />
    </div>
  );
}
