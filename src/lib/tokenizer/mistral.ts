/**
 * The one place that knows which tokenizer the site uses and where its files
 * live. Panels, workers and tests import these facts instead of repeating them.
 */
export const MISTRAL_TOKENIZER = {
  /** Hugging Face model id; also the folder under `public/models/` that holds the files. */
  modelId: 'mistralai/Mistral-7B-Instruct-v0.1',
  /** Folder, relative to the site's base URL, that holds `<modelId>/tokenizer.json`. */
  folder: 'models/',
  /** Entries in the vocabulary, special and byte tokens included. */
  vocabSize: 32000,
  unkId: 0,
  bosId: 1,
  eosId: 2,
  /** Ids 3..258 are the byte-fallback tokens `<0x00>`..`<0xFF>`. */
  firstByteId: 3,
  /** The special tokens, which a literal occurrence in text also produces. */
  specialTokens: ['<unk>', '<s>', '</s>'],
} as const;

/** The seed notebook's prompt, the running example of every chapter. */
export const SEED_PROMPT = 'Can you write an email explaining what an LLM is?';
