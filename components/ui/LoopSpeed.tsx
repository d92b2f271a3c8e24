import type { GenerationTimings } from '../../src/lib/generation/controller';
import { describeSpeed, explainGap, speedReport } from '../../src/lib/generation/speed';
import { formatCount, formatMilliseconds } from '../../src/lib/core/format';

/**
 * The two speeds side by side, each saying what it measures, and why they
 * differ, from the run's own times (src/lib/generation/speed.ts).
 */
export function LoopSpeed({ timings }: { timings: GenerationTimings }) {
  const report = speedReport(timings);
  const lines = describeSpeed(report);
  if (lines.length === 0) return null;
  const gap = explainGap(report);
  return (
    <div class="loop-speed">
      <dl class="loop-speed__list">
        {lines.map((line) => (
          <div key={line.label} class="loop-speed__item">
            <dt>{line.label}</dt>
            <dd>
              <strong class="loop-speed__value">{line.value}</strong> <span>({line.note})</span>
            </dd>
          </div>
        ))}
      </dl>
      {gap && <p class="loop-speed__why">{gap}</p>}
      {timings.prefill && (
        <p class="loop-speed__why">
          Last prefill: {formatCount(timings.prefill.tokens, 'token')} read in{' '}
          {formatMilliseconds(timings.prefill.ms)}.
        </p>
      )}
    </div>
  );
}
