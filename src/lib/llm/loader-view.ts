/**
 * The words of the model loader panel: button labels, the cache line and the
 * status line, as pure functions of the engine state, so unit tests pin what
 * a reader is told at each step.
 */
import type { CacheStatus } from './cache';
import type { EngineState } from './client';
import { formatBytes } from '../core/format';
import type { ModelEntry, ModelKey } from './models';
import { formatDuration, PHASE_LABELS } from './progress';

/** The load button says what a click costs: a download of stated size, a resumed one, or none. */
export function loadButtonLabel(model: ModelEntry, cache: CacheStatus | undefined): string {
  if (cache?.state === 'complete') return `Load ${model.title} from this browser’s storage`;
  if (cache?.state === 'partial' && cache.bytesTotal !== null) {
    return `Resume: download the rest of ${model.title} (about ${formatBytes(cache.bytesTotal - cache.bytesStored)})`;
  }
  return `Download and load ${model.title} (about ${formatBytes(model.downloadBytes)})`;
}

export function cacheLine(cache: CacheStatus | undefined): string {
  if (!cache) return 'Checking what this browser has stored…';
  switch (cache.state) {
    case 'none':
      return 'Not stored in this browser yet.';
    case 'complete':
      return `Stored in this browser: all of it (${formatBytes(cache.bytesTotal)}). Loading reads it from there.`;
    case 'partial':
      return cache.shardsTotal === null
        ? 'Partly stored in this browser (an earlier download stopped early).'
        : `Partly stored: ${cache.shardsStored} of ${cache.shardsTotal} weight files (${formatBytes(cache.bytesStored)} of ${formatBytes(cache.bytesTotal ?? 0)}). Loading continues from there.`;
    case 'unknown':
      return `Cannot tell what is stored: ${cache.reason}`;
  }
}

/**
 * The announced status line. It changes per phase, not per percent: the
 * progress bar and its text carry the numbers, and a screen reader should not
 * read out every shard.
 */
export function engineStatus(state: EngineState, models: Record<ModelKey, ModelEntry>): string {
  switch (state.phase) {
    case 'idle':
      return 'No model loaded in this tab.';
    case 'loading':
      return `Loading ${models[state.model].title}. ${PHASE_LABELS[state.progress?.phase ?? 'starting']}…`;
    case 'cancelling':
      return 'Cancelling the load…';
    case 'ready':
      return `${models[state.model].title} is loaded (in ${formatDuration(state.loadMs / 1000)}). It stays in GPU memory while this tab is open.`;
    case 'error':
      return `Loading ${models[state.model].title} stopped.`;
  }
}
