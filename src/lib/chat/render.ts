import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { createChunkedEncoder, type ChunkedEncoder } from '../tokenizer/chunked-encoder';
import { byteOfPiece, describeTokens, type TokenView } from '../tokenizer/token-view';
import { byteLevelBytes, displayPiece, schemeOf, type TokenizerScheme } from '../tokenizer/vocabulary';
import { toMessages, type Conversation, type Message } from './conversation';
import { explainTemplateError, type TemplateProblem } from './checks';
import { MAX_TOKEN_CHIPS } from './limits';
import { byteSpans, pieceSpans, type PieceSpan } from './spans';

/** A stretch of the rendered string: added by the template, or copied from one of the reader's turns. */
export interface Segment {
  kind: 'template' | 'reader';
  text: string;
  /** Where it starts in the rendered string. */
  start: number;
  /** The turn the text comes from (reader segments only). */
  turnId: number | null;
}

/** One id of the templated sequence, with where it came from. */
export interface TemplatedToken extends TokenView {
  /** `template` when none of the token's characters are the reader's. */
  origin: 'template' | 'reader';
  /** The turn whose text the token contains (reader tokens only). */
  turnId: number | null;
  /** The token's characters in the rendered string, `[start, end)`; empty for the tokenizer's own leading `▁`. */
  start: number;
  end: number;
}

export type RenderResult =
  | {
      ok: true;
      /** The string `apply_chat_template` returned. */
      text: string;
      /** `text`, cut into template and reader stretches; they concatenate back to `text`. */
      segments: Segment[];
      /** Every id of `text`, as `apply_chat_template(..., { tokenize: true })` gives them. */
      ids: number[];
      /** The first `MAX_TOKEN_CHIPS` ids, described. */
      tokens: TemplatedToken[];
      counts: { total: number; reader: number; template: number };
      renderMs: number;
    }
  | { ok: false; problem: TemplateProblem };

/** Stand-ins for the reader's contents: private-use characters no template writes by itself. */
const placeholder = (index: number) => `\uE000${index}\uE001`;

export interface ChatRenderer {
  /** Renders with the tokenizer's own `chat_template`; throws only on a bug, never on the reader's input. */
  render(conversation: Conversation): RenderResult;
}

/**
 * Renders conversations with the tokenizer's own chat template, through
 * transformers.js (`apply_chat_template`), and labels every character and
 * every id of the result as the template's or the reader's.
 *
 * To learn where each turn's text lands, we render twice: once for real, once
 * with each content replaced by a unique placeholder. Cutting the second
 * string at the placeholders gives the template's own text between turns;
 * putting the real contents back must give exactly the first string, which
 * we check, so a template that edited the contents (trimming them, say)
 * would fail loudly instead of being mislabelled.
 */
export function createChatRenderer(tokenizer: PreTrainedTokenizer): ChatRenderer {
  // transformers.js loads a tokenizer without tokenizer_config.json, and with it the template; say so now, not on first use.
  if (!tokenizer.chat_template)
    throw new Error('The tokenizer has no chat_template (is tokenizer_config.json missing?)');
  const encoder = chunkedEncoderFor(tokenizer);
  const json = tokenizer._tokenizerJSON as {
    normalizer?: unknown;
    decoder?: unknown;
    pre_tokenizer?: unknown;
    added_tokens: Array<{ id: number; content: string }>;
  };
  const scheme = schemeOf(json);
  const normalizesNfc = JSON.stringify(json.normalizer ?? null).includes('"NFC"');
  const addedIds = new Set(json.added_tokens.map((token) => token.id));
  const rawPiece = (id: number) => tokenizer._tokenizer.id_to_token(id) ?? '<unk>';
  // What the chips show: Mistral's pieces as they are, a byte-level vocabulary's as the text its bytes spell.
  const vocabulary = {
    piece: (id: number) => displayPiece(rawPiece(id), addedIds.has(id), scheme),
    decodeOne: (id: number) => tokenizer.decode([id]),
  };
  // The same added tokens the encoder cuts the text at (`<unk>`, `<s>`, `</s>` for Mistral).
  const specialTokens = json.added_tokens.map((token) => token.content);
  // A conversation that ends with the reader's turn is a prompt: templates that open the model's turn
  // themselves (Qwen's `<|im_start|>assistant`) do it only when asked; Mistral's ignore the flag.
  const apply = (messages: Message[]) =>
    tokenizer.apply_chat_template(messages, {
      tokenize: false,
      add_generation_prompt: messages.at(-1)?.role === 'user',
    }) as string;

  const fails = (messages: Message[]) => {
    try {
      apply(messages);
      return false;
    } catch {
      return true;
    }
  };

  /**
   * The first turn at which the template stops, found with the template itself: the shortest prefix of
   * the conversation that it refuses ends with the turn at fault. A template that refuses a prefix
   * refuses every longer one too (it stops at the first broken turn), so a binary search finds it.
   */
  function faultAt(messages: Message[]): number | null {
    if (!fails(messages)) return null;
    let ok = 0; // a prefix of this length renders (the empty one always does)
    let bad = messages.length; // a prefix of this length fails
    while (bad - ok > 1) {
      const middle = (ok + bad) >> 1;
      if (fails(messages.slice(0, middle))) bad = middle;
      else ok = middle;
    }
    return bad - 1;
  }

  function segmentsOf(conversation: Conversation, text: string): Segment[] {
    const skeleton = apply(conversation.map((turn, i) => ({ role: turn.role, content: placeholder(i) })));
    const segments: Segment[] = [];
    let start = 0;
    const push = (kind: Segment['kind'], part: string, turnId: number | null) => {
      if (part.length > 0) segments.push({ kind, text: part, start, turnId });
      start += part.length;
    };
    let rest = skeleton;
    conversation.forEach((turn, i) => {
      const at = rest.indexOf(placeholder(i));
      if (at < 0) throw new Error(`The chat template did not copy turn ${i + 1} into its output.`);
      push('template', rest.slice(0, at), null);
      push('reader', turn.content, turn.id);
      rest = rest.slice(at + placeholder(i).length);
    });
    push('template', rest, null);
    if (segments.map((segment) => segment.text).join('') !== text) {
      throw new Error(
        'The chat template changes message text, so its output cannot be split into template and reader parts.',
      );
    }
    return segments;
  }

  /** Ids and spans: Mistral v0.1's fast path (chunked, any length), or any tokenizer's own encode. */
  function encodeWithSpans(text: string): { ids: number[]; spans: PieceSpan[] } {
    if (encoder) {
      const pieces = encoder.tokenize(text);
      const spans = pieceSpans(text, pieces, specialTokens);
      const ids = pieces.map(
        (piece) => tokenizer._tokenizer.token_to_id(piece) ?? tokenizer.unk_token_id ?? 0,
      );
      return { ids, spans };
    }
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    const bytes = ids.map((id) => tokenBytes(rawPiece(id), addedIds.has(id), scheme));
    // SentencePiece's own `▁` before the text's first stretch (`prepend_scheme: first`) stands for no character.
    if (scheme === 'metaspace' && ids.length > 0 && !addedIds.has(ids[0]!) && !text.startsWith(' '))
      bytes[0] = bytes[0]!.slice(rawPiece(ids[0]!).startsWith('▁') ? 1 : 0);
    return { ids, spans: byteSpans(text, bytes) };
  }

  function labelTokens(text: string, segments: Segment[]) {
    const { ids, spans } = encodeWithSpans(text);
    const readers = segments.filter((segment) => segment.kind === 'reader');
    let r = 0;
    const origins = spans.map(({ start, end }) => {
      while (r < readers.length && readers[r]!.start + readers[r]!.text.length <= start) r++;
      const segment = readers[r];
      const overlaps = segment !== undefined && segment.start < end && start < end;
      return overlaps
        ? { origin: 'reader' as const, turnId: segment.turnId }
        : { origin: 'template' as const, turnId: null };
    });
    return { ids, spans, origins };
  }

  return {
    render(given) {
      const started = performance.now();
      // A tokenizer that normalizes to NFC (Qwen's) reads "e" + U+0301 as "é": render the text it reads.
      const conversation = normalizesNfc
        ? given.map((turn) => ({ ...turn, content: turn.content.normalize('NFC') }))
        : given;
      const messages = toMessages(conversation);
      let text: string;
      try {
        text = apply(messages);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, problem: explainTemplateError(message, conversation, faultAt(messages)) };
      }
      const segments = segmentsOf(conversation, text);
      const { ids, spans, origins } = labelTokens(text, segments);
      const reader = origins.filter((o) => o.origin === 'reader').length;
      const tokens = describeTokens(ids.slice(0, MAX_TOKEN_CHIPS), vocabulary, specialTokens).map(
        (view, i) => ({
          ...view,
          ...origins[i]!,
          ...spans[i]!,
        }),
      );
      return {
        ok: true,
        text,
        segments,
        ids,
        tokens,
        counts: { total: ids.length, reader, template: ids.length - reader },
        renderMs: performance.now() - started,
      };
    },
  };
}

const utf8 = new TextEncoder();

/** The bytes of the text one token stands for (`added`: the tokenizer's added tokens are their own text). */
function tokenBytes(piece: string, added: boolean, scheme: TokenizerScheme): number[] {
  if (added) return [...utf8.encode(piece)];
  if (scheme === 'bytelevel') return byteLevelBytes(piece) ?? [...utf8.encode(piece)];
  const byte = byteOfPiece(piece);
  return byte === null ? [...utf8.encode(piece.replaceAll('▁', ' '))] : [byte];
}

/** Mistral v0.1's chunked encoder when the tokenizer is of its kind (no pre-tokenizer), else null. */
function chunkedEncoderFor(tokenizer: PreTrainedTokenizer): ChunkedEncoder | null {
  try {
    return createChunkedEncoder(tokenizer);
  } catch {
    return null;
  }
}
