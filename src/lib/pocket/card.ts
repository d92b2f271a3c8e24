/**
 * The pocket model's card, as numbers: what training/report.ts measured
 * (src/lib/pocket/report.json), arranged for the model card page and the
 * chapters. Framework-free and unit-tested; the page only places it.
 */
import report from './report.json';

export type PocketReport = typeof report;

/** Names short enough for a table's first column; the corpus table gives each source's full title. */
const SHORT_NAMES: Record<string, string> = {
  brown: 'Brown Corpus',
  austen: 'Jane Austen',
  wordnet: 'WordNet',
  jargon: 'Jargon File',
  devil: 'Devil’s Dictionary',
  kjv: 'King James Bible',
};

export interface HeldoutRow {
  source: string;
  title: string;
  /** The source's name in a few words. */
  short: string;
  tokens: number;
  /** Held-out perplexity after pre-training, and after the fine-tune (the shipped model). */
  pretrained: number;
  finetuned: number;
  unigram: number;
  bigram: number;
  trigram: number;
  /** The shipped model's perplexity over the Kneser-Ney trigram's: below 1 is better than the trigram. */
  ratio: number;
}

/** Per source, and overall (token-weighted: the exponent of the mean loss over every held-out token). */
export function heldoutRows(data: PocketReport = report): HeldoutRow[] {
  const { heldout, corpus } = data;
  const rows: HeldoutRow[] = corpus.map((source) => {
    const name = source.name as keyof typeof heldout.tokens;
    const baseline = heldout.baselines[name];
    const finetuned = heldout.finetuned[name];
    return {
      source: source.name,
      title: source.title,
      short: SHORT_NAMES[source.name] ?? source.title,
      tokens: heldout.tokens[name],
      pretrained: heldout.pretrained[name],
      finetuned,
      ...baseline,
      ratio: finetuned / baseline.trigram,
    };
  });
  const total = rows.reduce((sum, row) => sum + row.tokens, 0);
  const pooled = (pick: (row: HeldoutRow) => number) =>
    Math.exp(rows.reduce((sum, row) => sum + row.tokens * Math.log(pick(row)), 0) / total);
  const all = {
    source: 'all',
    title: 'All held-out text',
    short: 'All held-out text',
    tokens: total,
    pretrained: pooled((r) => r.pretrained),
    finetuned: pooled((r) => r.finetuned),
    unigram: pooled((r) => r.unigram),
    bigram: pooled((r) => r.bigram),
    trigram: pooled((r) => r.trigram),
    ratio: 0,
  };
  all.ratio = all.finetuned / all.trigram;
  return [...rows, all];
}

export interface CorpusRow {
  name: string;
  title: string;
  licence: string;
  origin: string;
  tokens: number;
  /** Share of the training windows drawn from this source (weight x tokens, normalised). */
  share: number;
}

export function corpusRows(data: PocketReport = report): CorpusRow[] {
  const mass = data.corpus.map((source) => source.weight * source.trainTokens);
  const total = mass.reduce((a, b) => a + b, 0);
  return data.corpus.map((source, i) => ({
    name: source.name,
    title: source.title,
    licence: source.licence,
    origin: source.origin,
    tokens: source.trainTokens,
    share: mass[i]! / total,
  }));
}

/** The seed question's reply at temperature 0, as the site writes it. */
export function seedReply(data: PocketReport = report) {
  return data.samples.find((sample) => sample.chat && sample.temperature === 0)!;
}

export { report as POCKET_REPORT };
