import type { EngineInfo } from '../../src/lib/llm/engine';
import { IN_PAGE_MODELS } from '../../src/lib/pocket/models';

const TAGS: Record<EngineInfo['kind'], string> = {
  webllm: 'Released model',
  pocket: 'Trained',
  untrained: 'Untrained',
};

/**
 * Which engine computes the scores, always on screen, with one sentence on
 * what to expect from it. Until its worker has started the panel still names
 * it.
 */
export function EngineBadge({ label, kind }: { label: string; kind: EngineInfo['kind'] }) {
  const note = kind === 'webllm' ? null : IN_PAGE_MODELS[kind].note;
  return (
    <p class="engine-badge" data-kind={kind}>
      <span class="engine-badge__tag">{TAGS[kind]}</span> <strong>{label}</strong>
      {note && <span class="engine-badge__note"> {note}</span>}
    </p>
  );
}
