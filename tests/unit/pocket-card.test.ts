import { describe, expect, it } from 'vitest';
import { corpusRows, heldoutRows, POCKET_REPORT, type PocketReport } from '../../src/lib/pocket/card';

/** A report with two sources, numbers chosen so the pooled figures can be checked by hand. */
function fake(): PocketReport {
  const source = (name: string, trainTokens: number, weight: number) => ({
    ...POCKET_REPORT.corpus[0]!,
    name,
    title: name,
    trainTokens,
    weight,
  });
  const figures = (a: number, b: number) => ({ ...POCKET_REPORT.heldout.pretrained, brown: a, austen: b });
  return {
    ...POCKET_REPORT,
    corpus: [source('brown', 1000, 1), source('austen', 3000, 0.5)],
    heldout: {
      ...POCKET_REPORT.heldout,
      tokens: { ...POCKET_REPORT.heldout.tokens, brown: 100, austen: 300 },
      pretrained: figures(8, 800),
      finetuned: figures(10, 1000),
      baselines: {
        ...POCKET_REPORT.heldout.baselines,
        brown: { unigram: 100, bigram: 50, trigram: 20 },
        austen: { unigram: 100, bigram: 50, trigram: 2000 },
      },
    },
  } as PocketReport;
}

describe('the pocket model’s card', () => {
  it('pools perplexity over all held-out tokens: the exponent of the token-weighted mean loss', () => {
    const rows = heldoutRows(fake());
    expect(rows.map((row) => row.source)).toEqual(['brown', 'austen', 'all']);
    expect(rows[0]!.ratio).toBe(0.5); // 10 / 20
    const all = rows[2]!;
    expect(all.tokens).toBe(400);
    // exp((100 ln 10 + 300 ln 1000) / 400) = 10^((100 + 900) / 400) = 10^2.5
    expect(all.finetuned).toBeCloseTo(10 ** 2.5, 6);
    // trigram: 10^((100 log10 20 + 300 log10 2000) / 400)
    const trigram = 10 ** ((100 * Math.log10(20) + 300 * Math.log10(2000)) / 400);
    expect(all.trigram).toBeCloseTo(trigram, 6);
    expect(all.ratio).toBeCloseTo(10 ** 2.5 / trigram, 9);
  });

  it('gives each source the share of training windows its weight and size draw', () => {
    // masses 1 x 1000 and 0.5 x 3000: 1000 and 1500 of 2500
    expect(corpusRows(fake()).map((row) => row.share)).toEqual([0.4, 0.6]);
  });

  it('describes the shipped model: every held-out source scored, the seed question answered with ▁Dear', () => {
    const rows = heldoutRows();
    expect(rows.map((row) => row.source)).toEqual([
      'brown',
      'austen',
      'wordnet',
      'jargon',
      'devil',
      'kjv',
      'all',
    ]);
    for (const row of rows) expect(row.finetuned).toBeLessThan(row.trigram);
    expect(POCKET_REPORT.seedFirstStep[0]!.piece).toBe('▁Dear');
  });
});
