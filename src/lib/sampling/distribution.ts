/**
 * The whole distribution of one step, made small enough to draw and read:
 * every token's probability sorted from the most likely down (a rank–
 * probability curve over 32,000 to 152,000 ids), thinned to about a thousand
 * points, a table of chosen ranks with the mass above them, and the lookup
 * of a token by its text or id for the token finder.
 *
 * The curve falls monotonically, so thinning by picking ranks (not by
 * averaging) draws it faithfully: the best ranks, where the probability
 * changes fastest and the reader looks first, are kept one by one; the tail
 * is sampled at ranks spaced evenly on a log scale, which is how the chart
 * shows them; and every rank where "survived" turns into "removed" (or back:
 * typical-p can remove the most likely tokens) is kept on both sides, so the
 * survivors' region starts and ends where it really does.
 */
import { formatValue, quoteTyped } from '../core/format';
import { makeVisible } from '../tokenizer/token-view';

/** Every probability of a step, most likely first, and whether the token at each rank survived. */
export interface RankedDistribution {
  /** Probabilities, highest first (rank 1 at index 0). */
  probabilities: Float64Array;
  /** 1 where the token at that rank survived every stage. */
  kept: Uint8Array;
  /** `cumulative[r]`: the mass of ranks 1 … r + 1, summed from the top. */
  cumulative: Float64Array;
}

/**
 * Sorts the probabilities (a typed-array sort, fast even for 152,000) and
 * marks the survivors' ranks: the survivors' probabilities sorted the same
 * way are matched against the whole list from the top. Tokens with equal
 * probability are interchangeable on the chart, so which of two equal ones
 * is marked does not change it. `removed[i] === 0` means id i survived (the
 * pipeline's code for kept).
 */
export function rankDistribution(
  probabilities: ArrayLike<number>,
  removed: ArrayLike<number>,
): RankedDistribution {
  const n = probabilities.length;
  const sorted = Float64Array.from(probabilities).sort().reverse();
  let keptCount = 0;
  for (let i = 0; i < n; i++) if (removed[i] === 0) keptCount++;
  const survivors = new Float64Array(keptCount);
  for (let i = 0, k = 0; i < n; i++) if (removed[i] === 0) survivors[k++] = probabilities[i]!;
  survivors.sort().reverse();
  const kept = new Uint8Array(n);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0, k = 0; r < n; r++) {
    if (k < keptCount && survivors[k] === sorted[r]) {
      kept[r] = 1;
      k++;
    }
    total += sorted[r]!;
    cumulative[r] = total;
  }
  return { probabilities: sorted, kept, cumulative };
}

/** The points to draw: ranks (1-based) and, per series, the value there or null. */
export interface DistributionPoints {
  ranks: number[];
  /** Every token's probability; null where it is 0 (a log scale cannot show 0). */
  all: (number | null)[];
  /** The same, only where the token survived every stage, null elsewhere. */
  survivors: (number | null)[];
}

export interface ThinOptions {
  /** The best ranks kept one by one. */
  exactTop?: number;
  /** About how many ranks the tail gets, spaced evenly on a log scale. */
  tailPoints?: number;
  /** Ranks (1-based) that must be among the points, such as the picked token's. */
  include?: readonly number[];
}

/**
 * A few hundred ranks that draw the same curve as all of them: the best
 * `exactTop` one by one, log-spaced ranks after them, the last rank, both
 * sides of every change between survived and removed, and `include`.
 */
export function thinDistribution(
  ranked: RankedDistribution,
  { exactTop = 200, tailPoints = 400, include = [] }: ThinOptions = {},
): DistributionPoints {
  const n = ranked.probabilities.length;
  const chosen = new Set<number>(); // 0-based indices
  for (let r = 0; r < Math.min(exactTop, n); r++) chosen.add(r);
  if (n > exactTop) {
    const from = Math.log(exactTop + 1);
    const step = (Math.log(n) - from) / Math.max(1, tailPoints);
    for (let i = 0; i <= tailPoints; i++) chosen.add(Math.min(n, Math.round(Math.exp(from + i * step))) - 1);
  }
  if (n > 0) chosen.add(n - 1);
  for (let r = 1; r < n; r++)
    if (ranked.kept[r] !== ranked.kept[r - 1]) {
      chosen.add(r - 1);
      chosen.add(r);
    }
  for (const rank of include) if (rank >= 1 && rank <= n) chosen.add(rank - 1);
  const indices = [...chosen].sort((a, b) => a - b);
  const positive = (p: number) => (p > 0 ? p : null);
  return {
    ranks: indices.map((r) => r + 1),
    all: indices.map((r) => positive(ranked.probabilities[r]!)),
    survivors: indices.map((r) => (ranked.kept[r] ? positive(ranked.probabilities[r]!) : null)),
  };
}

/** One row of the chart's table twin. */
export interface RankRow {
  rank: number;
  probability: number;
  /** The mass of this rank and every better one. */
  cumulative: number;
  /** Whether the token at this rank survived every stage. */
  kept: boolean;
}

/** Ranks 1, 2, 5, 10, 20, 50, … up to the vocabulary's size, and its last rank. */
export function tableRanks(size: number): number[] {
  const ranks: number[] = [];
  for (let decade = 1; decade <= size; decade *= 10)
    for (const multiple of [1, 2, 5]) if (decade * multiple <= size) ranks.push(decade * multiple);
  if (size > 0 && ranks.at(-1) !== size) ranks.push(size);
  return ranks;
}

/** The table twin's rows at `tableRanks`: probability, mass so far, and whether the token there survived. */
export function rankRows(ranked: RankedDistribution): RankRow[] {
  return tableRanks(ranked.probabilities.length).map((rank) => ({
    rank,
    probability: ranked.probabilities[rank - 1]!,
    cumulative: Math.min(1, ranked.cumulative[rank - 1]!),
    kept: ranked.kept[rank - 1] === 1,
  }));
}

/** What the token finder found: the matching ids, best guess first, or why there is none. */
export type TokenLookup = { ok: true; ids: number[] } | { ok: false; message: string };

/** How many tokens one search shows at most: the exact piece, and the same text at the start of a word. */
const MAX_MATCHES = 4;
/** The marks a vocabulary uses for "a space before": SentencePiece's ▁ and a plain space (byte-level, decoded). */
const WORD_START = ['▁', ' '];
/** The last code point of the Latin blocks: a query with characters past it may hold what no piece spells. */
const LATIN_END = 0x24f;
/** The stand-ins `makeVisible` shows for invisible characters: a query holding one is compared with shown pieces. */
const SHOWN_MARKS = /[␣↵⇥␍␡\u2400-\u241f]|⟨U\+/u;

/**
 * Finds a token by id (a whole number) or by text. Text is matched exactly
 * against the vocabulary's pieces, then as the start of a word (`Dear` also
 * finds `▁Dear` in Mistral's vocabulary and ` Dear` in a byte-level one), and
 * as the pieces are shown on screen (`␣`, `↵`), so what the tables show can
 * be typed back. A number is an id; if a piece is also spelled that way, it
 * comes second. `vocabSize` can exceed `pieces.length` (Qwen's padding ids
 * have scores but no text).
 */
export function findToken(query: string, pieces: readonly string[], vocabSize: number): TokenLookup {
  const range = `this vocabulary’s ids run from 0 to ${formatValue(vocabSize - 1)}`;
  if (query.length === 0)
    return { ok: false, message: `Type a piece of text, such as Dear or ▁Dear, or an id: ${range}.` };
  const ids: number[] = [];
  const typedId = query.trim();
  if (/^\d+$/.test(typedId)) {
    const id = Number(typedId);
    if (id >= vocabSize)
      return { ok: false, message: `There is no token with id ${quoteTyped(typedId)}: ${range}.` };
    ids.push(id);
  }
  const forms = textForms(query);
  const compareShown = SHOWN_MARKS.test(query);
  // One pass over the vocabulary, remembering each match's form: the order of `forms` is the order of preference.
  const found: { id: number; form: number }[] = [];
  for (let id = 0; id < pieces.length; id++) {
    const piece = pieces[id]!;
    let form = forms.indexOf(piece);
    if (form < 0 && compareShown) form = forms.indexOf(makeVisible(piece));
    if (form >= 0) found.push({ id, form });
  }
  found.sort((a, b) => a.form - b.form || a.id - b.id);
  for (const { id } of found) if (!ids.includes(id)) ids.push(id);
  if (ids.length > 0) return { ok: true, ids: ids.slice(0, MAX_MATCHES) };
  const outside = [...query].some((char) => char !== '▁' && char.codePointAt(0)! > LATIN_END)
    ? ' Characters the vocabulary lacks (most emoji, for example) are written as several byte tokens such as <0xF0>, so no single token spells them.'
    : ' Tokens are short: try one piece of a word, as the candidate table shows them.';
  return {
    ok: false,
    message: `No token of this vocabulary is ${quoteTyped(query)}, with or without a space before it.${outside}`,
  };
}

/** The spellings to look for, in order of preference: as typed, with spaces as ▁, then as a word's start. */
function textForms(query: string): string[] {
  const forms = [query, query.replaceAll(' ', '▁')];
  const startsWord = WORD_START.some((mark) => query.startsWith(mark));
  if (startsWord) forms.push(...WORD_START.map((mark) => mark + query.slice(1)));
  else forms.push(...WORD_START.map((mark) => mark + query));
  return [...new Set(forms)];
}
