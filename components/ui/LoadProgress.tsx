import { useEffect, useState } from 'preact/hooks';
import type { EngineState } from '../../src/lib/llm/client';
import { describeProgress } from '../../src/lib/llm/progress';

type Loading = Extract<EngineState, { phase: 'loading' }>;

/** Re-renders every second while mounted, so the elapsed time moves even between WebLLM's reports. */
function useSecondsSince(start: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, (now - start) / 1000);
}

/**
 * WebLLM's progress as a real <progress> bar (indeterminate until the first
 * report) and one line of numbers, with the cancel button beside it.
 */
export function LoadProgress({ state, onCancel }: { state: Loading; onCancel: () => void }) {
  const elapsed = useSecondsSince(state.startedAt);
  const line = describeProgress(state.progress, elapsed, state.secondsLeft);
  return (
    <div class="load-progress">
      <progress
        class="load-progress__bar"
        aria-label="Loading progress"
        max={1}
        value={state.progress ? state.progress.fraction : undefined}
        aria-valuetext={line}
      />
      <p class="load-progress__line">{line}</p>
      <button type="button" class="button button--quiet" onClick={onCancel}>
        Cancel loading
      </button>
    </div>
  );
}
