/**
 * A plain text's ids in a loaded tokenizer, for the surprisal panel: what
 * the model would read if the reader's text were its whole context. The
 * site's own Mistral tokenizer goes through the chunked encoder, so the ids
 * are exactly chapter 1's chips (and long text stays fast); a WebLLM model's
 * tokenizer through its own `encode`. Both add the start token the tokenizer
 * adds (`<s>` for Mistral, none for Qwen) and read typed special tokens such
 * as `</s>` as those tokens, as Hugging Face does by default.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { EncodedText } from '../chat/protocol';
import { createChunkedEncoder, type ChunkedEncoder } from './chunked-encoder';
import { displayPiece, schemeOf } from './vocabulary';

const chunkedEncoders = new WeakMap<PreTrainedTokenizer, ChunkedEncoder>();

export function encodeText(tokenizer: PreTrainedTokenizer, text: string, site: boolean): EncodedText {
  let ids: number[];
  if (site) {
    let chunked = chunkedEncoders.get(tokenizer);
    if (!chunked) chunkedEncoders.set(tokenizer, (chunked = createChunkedEncoder(tokenizer)));
    ids = chunked.encode(text);
  } else ids = tokenizer.encode(text);
  const json = tokenizer._tokenizerJSON as Parameters<typeof schemeOf>[0] & {
    added_tokens: Array<{ id: number }>;
  };
  const scheme = schemeOf(json);
  const added = new Set(json.added_tokens.map((token) => token.id));
  const pieces = ids.map((id) =>
    displayPiece(tokenizer._tokenizer.id_to_token(id) ?? '<unk>', added.has(id), scheme),
  );
  return { ids, pieces };
}
