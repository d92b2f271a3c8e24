/**
 * How the one-layer walk-through names tokens: the vocabulary piece (`▁Can`,
 * as chapter 1's tokenizer writes it) where it is known, a readable label
 * for heatmap rows and menus (`Can`), and the prompt as text. Pieces come
 * from the seed prompts (known here, so nothing loads), from the tokenizer
 * that split the reader's own text, or from the whole vocabulary once loaded.
 * Also the output head's best candidates as probabilities, and arrow-key
 * moves in the heatmap's grid.
 */
import { makeVisible } from '../tokenizer/token-view';

/** The pieces of the seed's prompts, as Mistral's tokenizer.json has them. */
export const SEED_PIECES: ReadonlyMap<number, string> = new Map([
  [1, '<s>'],
  [2, '</s>'],
  [733, '▁['],
  [16289, 'INST'],
  [28793, ']'],
  [28748, '/'],
  [2418, '▁Can'],
  [368, '▁you'],
  [3324, '▁write'],
  [396, '▁an'],
  [4927, '▁email'],
  [20400, '▁explaining'],
  [767, '▁what'],
  [16704, '▁LL'],
  [28755, 'M'],
  [349, '▁is'],
  [28804, '?'],
]);

/** A piece as a short label: its word without the space mark (`▁Can` → `Can`); a piece that is only spaces stays visible (`▁`). */
export function labelOfPiece(piece: string): string {
  return piece.replace(/▁/g, ' ').trim() || makeVisible(piece) || piece;
}

export interface TokenNames {
  /** The vocabulary piece with spaces made visible, or null while it is not known. */
  piece(id: number): string | null;
  /** A short readable label: the piece's word, or `#id` while unknown. */
  label(id: number): string;
  /** Whether every id's piece is known (the whole vocabulary is loaded). */
  complete: boolean;
}

/** Names from the whole vocabulary when loaded, else from `known` and the seed's pieces. */
export function tokenNames(
  known: ReadonlyMap<number, string>,
  vocabulary: readonly string[] | null,
): TokenNames {
  const raw = (id: number) => vocabulary?.[id] ?? known.get(id) ?? SEED_PIECES.get(id) ?? null;
  return {
    piece: (id) => {
      const piece = raw(id);
      return piece === null ? null : makeVisible(piece);
    },
    label: (id) => {
      const piece = raw(id);
      return piece === null ? `#${id}` : labelOfPiece(piece);
    },
    complete: vocabulary !== null,
  };
}

/** Pieces of the tokens a tokenizer described, by id. */
export function piecesFromTokens(tokens: readonly { id: number; piece: string }[]): Map<number, string> {
  return new Map(tokens.map((token) => [token.id, token.piece]));
}

/**
 * The prompt as text, the pieces joined with `▁` read as a space, or null
 * while a piece is unknown. Byte pieces (`<0x0A>`) stay as written.
 */
export function promptText(ids: readonly number[], names: TokenNames): string | null {
  const pieces = ids.map((id) => names.piece(id));
  if (pieces.some((piece) => piece === null)) return null;
  return pieces.join('').replace(/▁/g, ' ');
}

/** The `count` most likely next tokens: softmax over every logit, best first. */
export function topProbabilities(
  logits: ArrayLike<number>,
  count: number,
): { id: number; logit: number; probability: number }[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += Math.exp(logits[i]! - max);
  const best: { id: number; logit: number }[] = [];
  for (let id = 0; id < logits.length; id++) {
    const logit = logits[id]!;
    if (best.length < count || logit > best[best.length - 1]!.logit) {
      best.push({ id, logit });
      best.sort((a, b) => b.logit - a.logit || a.id - b.id);
      if (best.length > count) best.pop();
    }
  }
  return best.map((entry) => ({ ...entry, probability: Math.exp(entry.logit - max) / total }));
}

/** Where an arrow key (or Home/End) moves focus in an n × n grid of query rows and key columns; null for other keys. */
export function gridMove(
  at: { query: number; key: number },
  key: string,
  n: number,
): { query: number; key: number } | null {
  const clamp = (x: number) => Math.max(0, Math.min(n - 1, x));
  switch (key) {
    case 'ArrowRight':
      return { query: at.query, key: clamp(at.key + 1) };
    case 'ArrowLeft':
      return { query: at.query, key: clamp(at.key - 1) };
    case 'ArrowDown':
      return { query: clamp(at.query + 1), key: at.key };
    case 'ArrowUp':
      return { query: clamp(at.query - 1), key: at.key };
    case 'Home':
      return { query: at.query, key: 0 };
    case 'End':
      return { query: at.query, key: at.query };
    default:
      return null;
  }
}
