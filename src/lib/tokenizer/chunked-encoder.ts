import type { PreTrainedTokenizer } from '@huggingface/transformers';

/**
 * Exact, linear-time encoding for a SentencePiece-style BPE tokenizer.
 *
 * Mistral's tokenizer has no pre-tokenizer: after normalisation (a leading
 * `▁`, spaces turned into `▁`) the whole text is one "word", and BPE on one
 * long word costs O(n log n) with a large constant (100,000 characters took
 * most of a second in transformers.js). We cut the normalised text into
 * chunks at boundaries that no merge can ever cross and run the same BPE
 * model on each chunk, where its per-chunk cache makes repeated words free.
 *
 * Why the result is identical: a merge joins two adjacent pieces `a` and
 * `b`, producing `a + b`. If the boundary between characters `x` and `y`
 * were ever inside a piece, the merge that created that piece would contain
 * the pair `xy`. So if no merge result contains `xy`, no piece ever spans
 * the boundary, the merges on either side never compete with each other
 * (the pair across it has no rank), and each side comes out exactly as it
 * would alone. We collect every adjacent code-point pair of every merge
 * result once; a boundary whose pair is absent from that set is safe.
 */
export interface ChunkedEncoder {
  /** Token ids for `text`, with `<s>` first when `addBos` is true (the default). */
  encode(text: string, options?: { addBos?: boolean }): number[];
  /** Token strings (vocabulary entries) for `text`, without `<s>`. */
  tokenize(text: string): string[];
}

/** Key of an adjacent code-point pair; fits a double exactly (< 2^42). */
const pairKey = (left: number, right: number) => left * 0x110000 + right;

/** Every adjacent code-point pair that occurs inside any merge result. */
export function mergePairs(merges: ReadonlyArray<readonly [string, string]>): Set<number> {
  const pairs = new Set<number>();
  for (const [left, right] of merges) {
    let previous = -1;
    for (const char of left + right) {
      const code = char.codePointAt(0)!;
      if (previous >= 0) pairs.add(pairKey(previous, code));
      previous = code;
    }
  }
  return pairs;
}

/** Splits `text` between every pair of code points that is not in `pairs`. */
export function splitAtSafeBoundaries(text: string, pairs: Set<number>): string[] {
  const chunks: string[] = [];
  let start = 0;
  let previous = -1;
  let index = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (previous >= 0 && !pairs.has(pairKey(previous, code))) {
      chunks.push(text.slice(start, index));
      start = index;
    }
    previous = code;
    index += char.length;
  }
  if (index > start) chunks.push(text.slice(start, index));
  return chunks;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds the chunked encoder on top of a loaded transformers.js tokenizer,
 * reusing its own normaliser and BPE model. It refuses tokenizers whose shape
 * it was not proven for (a pre-tokenizer, normalised added tokens, a non-BPE
 * model), so a future tokenizer file cannot silently get different ids.
 */
export function createChunkedEncoder(tokenizer: PreTrainedTokenizer): ChunkedEncoder {
  const json = tokenizer._tokenizerJSON as {
    pre_tokenizer: unknown;
    model: { type: string; merges: Array<string | [string, string]> };
    added_tokens: Array<{ content: string; normalized: boolean; lstrip: boolean; rstrip: boolean }>;
  };
  const inner = tokenizer._tokenizer;
  const { normalizer, model } = inner;
  if (json.pre_tokenizer !== null || json.model.type !== 'BPE' || !normalizer || !model) {
    throw new Error('createChunkedEncoder: only BPE tokenizers without a pre-tokenizer are supported.');
  }
  if (json.added_tokens.some((token) => token.normalized || token.lstrip || token.rstrip)) {
    throw new Error('createChunkedEncoder: added tokens must be unnormalized and unstripped.');
  }

  const merges = json.model.merges.map((merge) =>
    typeof merge === 'string' ? (merge.split(' ', 2) as [string, string]) : merge,
  );
  const pairs = mergePairs(merges);
  const added = new Map(json.added_tokens.map((token) => [token.content, token]));
  // Longest first, so that at one position the longest added token wins, as in transformers.js.
  const addedPattern = new RegExp(
    `(${[...added.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|')})`,
  );

  function tokenize(text: string): string[] {
    const tokens: string[] = [];
    for (const section of text.split(addedPattern)) {
      if (section.length === 0) continue;
      if (added.has(section)) {
        tokens.push(section);
        continue;
      }
      const normalized = normalizer!(section);
      if (normalized.length === 0) continue;
      for (const piece of model!(splitAtSafeBoundaries(normalized, pairs))) tokens.push(piece);
    }
    return tokens;
  }

  return {
    tokenize,
    encode(text, { addBos = true } = {}) {
      const ids = tokenize(text).map((token) => model.tokens_to_ids.get(token) ?? model.unk_token_id ?? 0);
      const bos = tokenizer.bos_token_id;
      return addBos && bos !== undefined && bos !== null ? [bos, ...ids] : ids;
    },
  };
}
