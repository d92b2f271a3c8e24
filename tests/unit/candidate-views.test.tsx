import { SEED_SAMPLING } from '../../src/lib/sampling/settings';
import { parse } from 'node-html-parser';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { CandidateBars } from '../../components/ui/CandidateBars';
import { CandidateTable } from '../../components/ui/CandidateTable';
import { sampleNext, topCandidates } from '../../src/lib/sampling/pipeline';
import { seedState } from '../../src/lib/core/random';

/** Six tokens, top-k 3: the three best kept, the rest removed by top-k; greedy keeps only the best. */
const logits = Float32Array.of(0.5, 3, 1, 2.5, -1, 2);
const pieces = ['▁a', '▁Dear', '<0x0A>', '▁Hi', '▁z', '▁Hello'];
const step = (temperature: number) =>
  sampleNext(logits, { ...SEED_SAMPLING, temperature, topK: 3, topP: 1, seed: 0 }, seedState(0));

describe('the candidate table and its chart', () => {
  it('the table marks each removed row in words, and the token appended', () => {
    const sampled = step(1);
    const html = render(
      <CandidateTable
        caption="Candidates"
        candidates={topCandidates(sampled, 6)}
        pieces={pieces}
        appendedId={sampled.chosenId}
      />,
    );
    const rows = parse(html)
      .querySelectorAll('tbody tr')
      .map((tr) => tr.querySelectorAll('td, th').map((cell) => cell.textContent));
    expect(rows.map((row) => [row[1], row[2], row[8]!.replace(' · picked', '')])).toEqual([
      ['▁Dear', '1', 'kept'],
      ['▁Hi', '3', 'kept'],
      ['▁Hello', '5', 'kept'],
      ['<0x0A>', '2', 'removed by top-k'],
      ['▁a', '0', 'removed by top-k'],
      ['▁z', '4', 'removed by top-k'],
    ]);
    expect(rows.filter((row) => row[8]!.endsWith(' · picked'))).toHaveLength(1);
    expect(parse(html).querySelector('tr[data-picked] td:nth-child(3)')?.textContent).toBe(
      String(sampled.chosenId),
    );
  });

  it('offers a button per row to force a token, except for the one appended', () => {
    const sampled = step(0);
    const html = render(
      <CandidateTable
        caption="Candidates"
        candidates={topCandidates(sampled, 6)}
        pieces={pieces}
        appendedId={1}
        appendedLabel="forced"
        onForce={() => {}}
      />,
    );
    const buttons = parse(html).querySelectorAll('button');
    expect(buttons).toHaveLength(5);
    expect(buttons[0]!.textContent).toBe('▁Hi (id 3): use this token instead');
    expect(parse(html).querySelector('tr[data-picked]')?.textContent).toContain('kept · forced');
    expect(parse(html).querySelectorAll('tr[data-removed="greedy"]')).toHaveLength(5);
  });

  it('the chart draws bars only for tokens that can be drawn, longest for the most likely, and names the pick', () => {
    const sampled = step(1);
    const html = parse(
      render(
        <CandidateBars
          candidates={topCandidates(sampled, 6)}
          pieces={pieces}
          appendedId={sampled.chosenId}
        />,
      ),
    );
    expect(html.querySelector('[role="img"]')?.getAttribute('aria-label')).toMatch(
      /the table below has the same numbers/,
    );
    const widths = html.querySelectorAll('.candidate-bars__bar').map((bar) => bar.getAttribute('style'));
    // One absolute scale: e^3, e^2.5, e^2 renormalised are 50.6%, 30.7% and 18.6% of a full track.
    expect(widths).toEqual(['width:50.6%;', 'width:30.7%;', 'width:18.6%;']);
    expect(html.querySelectorAll('.candidate-bars__row[data-removed]').map((row) => row.textContent)).toEqual(
      ['<0x0A>removed by top-k', '▁aremoved by top-k', '▁zremoved by top-k'],
    );
    expect(html.querySelector('.candidate-bars__row[data-picked]')?.textContent).toMatch(/← picked$/);
  });

  it('gives the tokens not shown one bar together', () => {
    const sampled = step(1);
    const html = parse(
      render(
        <CandidateBars
          candidates={topCandidates(sampled, 2).slice(0, 2)}
          pieces={pieces}
          appendedId={sampled.chosenId}
          vocabSize={6}
        />,
      ),
    );
    const others = html.querySelector('.candidate-bars__row--others')!;
    // The four not shown hold ▁Hello's 18.6%; the other three were removed by top-k.
    expect(others.textContent).toBe('other 418.6% together');
    expect(others.querySelector('.candidate-bars__bar')?.getAttribute('style')).toBe('width:18.6%;');
  });
});
