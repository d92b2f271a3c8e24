import { GLASS_BOX_NOTE } from '../../src/lib/glassbox/engine';

/**
 * Which engine computes the scores, always on screen. Until its worker has
 * started the panel still names it: these chapters run on the glass box.
 */
export function EngineBadge({ label, kind }: { label: string; kind: 'model' | 'demo' }) {
  return (
    <p class="engine-badge" data-kind={kind}>
      <span class="engine-badge__tag">{kind === 'demo' ? 'Demo engine' : 'Real model'}</span>{' '}
      <strong>{label}</strong>
      {kind === 'demo' && <span class="engine-badge__note"> {GLASS_BOX_NOTE}</span>}
    </p>
  );
}
