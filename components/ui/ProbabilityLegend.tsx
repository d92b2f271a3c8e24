import { SURPRISAL_STEPS } from '../../src/lib/sampling/surprisal-text';

/**
 * The key to the probability scale that shades TokenChips (tokens.css): its
 * title, then a swatch and its range in words for each step, so the shade is
 * never the only way to read it.
 */
export function ProbabilityLegend({ label }: { label: string }) {
  return (
    <ul class="probability-legend" aria-label={label}>
      <li class="probability-legend__title" aria-hidden="true">
        {label}:
      </li>
      {SURPRISAL_STEPS.map((step, index) => (
        <li key={step.label}>
          <span class="probability-swatch" data-step={index} aria-hidden="true" />
          {step.label}
        </li>
      ))}
    </ul>
  );
}
