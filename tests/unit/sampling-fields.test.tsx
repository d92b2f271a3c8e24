import { parse } from 'node-html-parser';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { CandidateTable } from '../../components/ui/CandidateTable';
import { SamplingFields } from '../../components/ui/SamplingFields';
import { StageSummary } from '../../components/ui/StageSummary';
import { DEFAULT_SAMPLING_INPUT } from '../../src/lib/generation/store';
import { seedState } from '../../src/lib/core/random';
import { sampleNext, topCandidates } from '../../src/lib/sampling/pipeline';
import { parseSamplingSettings, penaltiesOn, SEED_SAMPLING } from '../../src/lib/sampling/settings';

const fields = (input = DEFAULT_SAMPLING_INPUT) => {
  const parsed = parseSamplingSettings(input, 32_000);
  return parse(
    render(
      <SamplingFields
        idPrefix="t"
        input={input}
        errors={parsed.ok ? {} : parsed.errors}
        onChange={() => {}}
      />,
    ),
  );
};

describe('the sampling fields', () => {
  it('folds the extra stages away at their defaults, every box labelled', () => {
    const page = fields();
    expect(page.querySelector('details.more-stages')?.hasAttribute('open')).toBe(false);
    const labels = page.querySelectorAll('label').map((label) => label.textContent);
    expect(labels).toEqual([
      'Temperature',
      'Top-k',
      'Top-p',
      'Seed',
      'Min-p',
      'Typical-p',
      'Repetition penalty',
      'Presence penalty',
      'Frequency penalty',
      'Order of stages',
    ]);
    for (const label of page.querySelectorAll('label'))
      expect(page.querySelector(`#${label.getAttribute('for')}`)).not.toBeNull();
  });

  it('opens them when one is set, and keeps a bad value beside its message', () => {
    const page = fields({ ...DEFAULT_SAMPLING_INPUT, presencePenalty: '-1' });
    expect(page.querySelector('details.more-stages')?.hasAttribute('open')).toBe(true);
    expect(page.querySelector('#t-presencePenalty')?.getAttribute('value')).toBe('-1');
    expect(page.querySelector('#t-presencePenalty-error')?.textContent).toBe(
      'Presence penalty -1 is negative: a negative penalty rewards repeating; use a number from 0 (off) to 2.',
    );
  });

  it('shows an order that came from a damaged address as typed, with its message', () => {
    const page = fields({ ...DEFAULT_SAMPLING_INPUT, order: '<b>first</b>' });
    const options = page.querySelectorAll('#t-order option').map((option) => option.textContent);
    expect(options).toEqual([
      'Temperature first (Hugging Face)',
      'Temperature last (llama.cpp)',
      '“<b>first</b>” (not an order)',
    ]);
    expect(page.querySelector('#t-order-error')?.textContent).toMatch(
      /^“<b>first<\/b>” is not an order of stages/,
    );
    expect(page.querySelector('b')).toBeNull(); // text, never markup
  });
});

describe('the stages on screen', () => {
  const logits = Float32Array.of(2, 1, 0.5, 3, -1);

  it('lists the stages in the order they ran with the tokens left after each', () => {
    const step = sampleNext(
      logits,
      { ...SEED_SAMPLING, topK: 3, minP: 0.5, order: 'temperature-last', temperature: 0.7 },
      seedState(0),
    );
    const items = parse(render(<StageSummary stages={step.stages} vocabSize={5} />))
      .querySelectorAll('li')
      .map((li) => li.textContent);
    // softmax of [3, 2, 1] at T 1: 0.665, 0.245, 0.090; min-p 0.5 bar 0.333 keeps only id 3.
    expect(items).toEqual([
      'vocabulary 5',
      'penalties off',
      'top-k 3',
      'top-p off',
      'min-p 1',
      'typical-p off',
      'temperature 1',
    ]);
  });

  it('adds the penalties’ column when a penalty is on, with the moved scores', () => {
    const heads = (step: ReturnType<typeof sampleNext>) =>
      parse(
        render(
          <CandidateTable
            caption="c"
            candidates={topCandidates(step, 5)}
            pieces={[]}
            appendedId={step.chosenId}
            penalized={penaltiesOn(step.settings)}
          />,
        ),
      )
        .querySelectorAll('thead th')
        .map((th) => th.textContent);
    expect(heads(sampleNext(logits, { ...SEED_SAMPLING, topK: 0 }, seedState(0)))).not.toContain(
      'After penalties',
    );
    const penalized = sampleNext(logits, { ...SEED_SAMPLING, topK: 0, repetitionPenalty: 2 }, seedState(0), {
      ids: [3],
      replyFrom: 1,
    });
    expect(heads(penalized)).toContain('After penalties');
    expect(heads(penalized)).toContain('Score ÷ T');
    // A penalty with nothing yet to count (the first token of a reply, no context) still shows the column.
    expect(
      heads(sampleNext(logits, { ...SEED_SAMPLING, topK: 0, presencePenalty: 1 }, seedState(0))),
    ).toContain('After penalties');
    // Id 3's logit 3 is divided by 2: its row reads 3.00 and 1.50.
    const row = parse(
      render(
        <CandidateTable
          caption="c"
          candidates={topCandidates(penalized, 5)}
          pieces={[]}
          appendedId={penalized.chosenId}
          penalized
        />,
      ),
    )
      .querySelectorAll('tbody tr')
      .map((tr) => tr.querySelectorAll('td').map((td) => td.textContent))
      .find((cells) => cells[1] === '3')!;
    expect(row.slice(1, 4)).toEqual(['3', '3.00', '1.50']);
  });
});
