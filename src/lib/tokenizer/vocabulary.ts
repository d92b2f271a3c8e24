/**
 * Whose vocabulary a panel's ids are in, and everything the generation
 * chapters need to know about it, read from the tokenizer's own files (and,
 * for a WebLLM model, its `mlc-chat-config.json`), never assumed.
 *
 * Two families of tokenizers meet here:
 * - `metaspace`: SentencePiece-style BPE (Mistral). A space is `▁` inside a
 *   piece, and a character the vocabulary lacks is spelled in byte pieces
 *   `<0xE2>`.
 * - `bytelevel`: GPT-2-style byte-level BPE (Qwen). Every byte of the UTF-8
 *   text is written as one printable character (a space is `Ġ`, a newline
 *   `Ċ`), and pieces are runs of those.
 */
export type TokenizerScheme = 'metaspace' | 'bytelevel';

/** Where a tokenizer's files are. */
export type TokenizerSource =
  /** The site's own copy of Mistral-7B-Instruct-v0.1's files, chapter 1's tokenizer. */
  | { kind: 'site'; modelsUrl: string }
  /** A WebLLM model's folder (its `model` URL): the files WebLLM downloaded with the weights. */
  | { kind: 'model'; folderUrl: string; title: string };

/** What a panel says about the vocabulary its ids are in. */
export interface VocabularyRef {
  /** Equal keys, same ids: `site` for chapter 1's tokenizer, else the WebLLM model id. */
  key: string;
  /** "Mistral-7B-Instruct v0.1" or the loaded model's title. */
  title: string;
  source: TokenizerSource;
}

export const SITE_VOCABULARY_KEY = 'site';

export function siteVocabulary(modelsUrl: string): VocabularyRef {
  return { key: SITE_VOCABULARY_KEY, title: 'Mistral-7B-Instruct v0.1', source: { kind: 'site', modelsUrl } };
}

/** The facts the generation chapters take from a tokenizer (sent from the worker as a plain object). */
export interface VocabularyFacts {
  /** Every entry by id, `tokenizerSize` long. */
  pieces: string[];
  scheme: TokenizerScheme;
  /** Entries the tokenizer has; a model may score more ids than this (padding), see `modelVocabSize`. */
  tokenizerSize: number;
  /** The model's own vocabulary size (its logits' length) from `mlc-chat-config.json`; null for the site's tokenizer. */
  modelVocabSize: number | null;
  /** Added tokens: their piece is literal text (or a control token), not spelled in the scheme's alphabet. */
  addedIds: number[];
  /** The added tokens marked special, which a decode with `skip_special_tokens` drops. */
  specialIds: number[];
  /** Ids that end a reply: the tokenizer's `eos_token`, and the model config's `stop_token_ids`. */
  stopIds: number[];
  /** The model config's context window, when it has one. */
  contextWindow: number | null;
}

/** GPT-2's byte-to-character table: printable bytes stand for themselves, the others move up past 255. */
function byteLevelTable(): Map<string, number> {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const table = new Map<string, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (printable(b)) table.set(String.fromCharCode(b), b);
    else table.set(String.fromCharCode(256 + extra++), b);
  }
  return table;
}

let byteTable: Map<string, number> | null = null;

/** The bytes a byte-level piece stands for, or null if a character is not in the alphabet (an added token's text). */
export function byteLevelBytes(piece: string): number[] | null {
  byteTable ??= byteLevelTable();
  const bytes: number[] = [];
  for (const char of piece) {
    const byte = byteTable.get(char);
    if (byte === undefined) return null;
    bytes.push(byte);
  }
  return bytes;
}

/** The scheme of a tokenizer, from its `tokenizer.json`: a `ByteLevel` decoder or pre-tokenizer means byte-level. */
export function schemeOf(json: { decoder?: unknown; pre_tokenizer?: unknown }): TokenizerScheme {
  const text = JSON.stringify([json.decoder ?? null, json.pre_tokenizer ?? null]);
  return text.includes('"ByteLevel"') ? 'bytelevel' : 'metaspace';
}

/** The parts of WebLLM's `mlc-chat-config.json` the site reads. */
export interface ChatConfig {
  vocab_size?: unknown;
  context_window_size?: unknown;
  conv_template?: { stop_token_ids?: unknown } | null;
}

const positiveInteger = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;

/**
 * The facts of a loaded tokenizer. `tokenizer` is transformers.js's (its
 * JSON and ids); `chatConfig` is the model's `mlc-chat-config.json`, or null
 * for the site's own tokenizer.
 */
export function vocabularyFacts(
  tokenizer: {
    _tokenizerJSON: unknown;
    _tokenizer: { id_to_token(id: number): string | undefined };
    eos_token_id?: number | null;
  },
  chatConfig: ChatConfig | null,
): VocabularyFacts {
  const json = tokenizer._tokenizerJSON as {
    decoder?: unknown;
    pre_tokenizer?: unknown;
    model: { vocab: Record<string, number> | unknown[] };
    added_tokens: Array<{ id: number; content: string; special: boolean }>;
  };
  const modelEntries = Array.isArray(json.model.vocab)
    ? json.model.vocab.length
    : Object.keys(json.model.vocab).length;
  const highestAdded = json.added_tokens.reduce((max, token) => Math.max(max, token.id), -1);
  const tokenizerSize = Math.max(modelEntries, highestAdded + 1);
  const pieces = Array.from({ length: tokenizerSize }, (_, id) => tokenizer._tokenizer.id_to_token(id) ?? '');
  const modelVocabSize = chatConfig ? positiveInteger(chatConfig.vocab_size) : null;
  if (modelVocabSize !== null && modelVocabSize < tokenizerSize)
    throw new Error(
      `The model's config says it scores ${modelVocabSize} tokens, fewer than the ${tokenizerSize} its tokenizer has: the files do not belong together.`,
    );
  const configStops = chatConfig?.conv_template?.stop_token_ids;
  const stopIds = new Set<number>();
  if (typeof tokenizer.eos_token_id === 'number') stopIds.add(tokenizer.eos_token_id);
  if (Array.isArray(configStops))
    for (const id of configStops) if (positiveInteger(id) !== null && id < tokenizerSize) stopIds.add(id);
  return {
    pieces,
    scheme: schemeOf(json),
    tokenizerSize,
    modelVocabSize,
    addedIds: json.added_tokens.map((token) => token.id),
    specialIds: json.added_tokens.filter((token) => token.special).map((token) => token.id),
    stopIds: [...stopIds].sort((a, b) => a - b),
    contextWindow: chatConfig ? positiveInteger(chatConfig.context_window_size) : null,
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The pieces as the panels show them. A SentencePiece vocabulary's pieces are
 * shown as they are (`▁Can`, `<0x0A>`). A byte-level vocabulary's pieces are
 * bytes written in a stand-in alphabet (`Ġare` is " are", `ðŁ¤Ļ` three bytes
 * of an emoji), which no reader can read, so each is shown as the text its
 * bytes spell, or as `<0xF0><0x9F>…` when it holds only part of a character.
 * Added tokens (`<|im_end|>`) are their own text either way.
 */
export function displayPieces(facts: VocabularyFacts): string[] {
  if (facts.scheme !== 'bytelevel') return facts.pieces;
  const added = new Set(facts.addedIds);
  return facts.pieces.map((piece, id) => displayPiece(piece, added.has(id), facts.scheme));
}

/** One piece as the panels show it (see `displayPieces`); `added`: an added token, its own text. */
export function displayPiece(piece: string, added: boolean, scheme: TokenizerScheme): string {
  if (added || scheme !== 'bytelevel') return piece;
  const bytes = byteLevelBytes(piece);
  if (bytes === null) return piece;
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return bytes.map((byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`).join('');
  }
}
