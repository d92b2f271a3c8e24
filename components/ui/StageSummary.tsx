import type { StageReport } from '../../src/lib/sampling/pipeline';

interface Props {
  stages: readonly StageReport[];
  /** Entries in the vocabulary, where the count starts (left out when not given). */
  vocabSize?: number | undefined;
}

const NAMES: Record<StageReport['stage'], string> = {
  penalties: 'penalties',
  temperature: 'temperature',
  'top-k': 'top-k',
  'top-p': 'top-p',
  'min-p': 'min-p',
  'typical-p': 'typical-p',
};

/**
 * The stages in the order they ran, each with how many tokens could still be
 * picked after it: "32,000 → top-k 50 → top-p 12 → …". Stages switched off
 * are shown as such, so the order is always visible.
 */
export function StageSummary({ stages, vocabSize }: Props) {
  return (
    <ol class="stage-summary" aria-label="Tokens left after each stage, in the order the stages ran">
      {vocabSize !== undefined && (
        <li>
          <span class="stage-summary__name">vocabulary</span>{' '}
          <span class="stage-summary__count">{vocabSize.toLocaleString('en')}</span>
        </li>
      )}
      {stages.map(({ stage, on, survivors }) => (
        <li key={stage} data-off={on ? undefined : true}>
          <span class="stage-summary__name">{NAMES[stage]}</span>{' '}
          <span class="stage-summary__count">{on ? survivors.toLocaleString('en') : 'off'}</span>
        </li>
      ))}
    </ol>
  );
}
