/**
 * When the generation loop stops, and the sentence that tells the reader why.
 * A reply never just ends: the model chose `</s>`, the reader's limit on new
 * tokens was reached, or the context window is full, and each says so.
 *
 * The context window counts every position, prompt and reply together. A token
 * sampled for position n can be shown only if n is inside the window, so the
 * longest sequence is exactly `contextWindow` tokens; at that length the loop
 * has no room to feed the last token back in.
 */
import { formatCount, quoteTyped } from '../core/format';

export interface StopLimits {
  /** Ids that end a reply (`</s>`, 2, for Mistral). */
  stopIds: readonly number[];
  /** The reader's cap on new tokens. */
  maxNewTokens: number;
  /** Positions the engine can hold (4096 for WebLLM's Mistral build). */
  contextWindow: number;
  /** How the engine's vocabulary writes an id (`</s>`, `<|im_end|>`); Mistral's `</s>` when not given. */
  pieceOf?: (id: number) => string;
}

export type StopReason = 'end-of-text' | 'context-window' | 'max-new-tokens';

export type StopDecision = { stop: false } | { stop: true; reason: StopReason; message: string };

/**
 * Whether the loop stops after appending `id`, the `newTokens`-th token of the
 * reply, to a prompt of `promptTokens`. The model's own end comes first, then
 * the hard limit (the window), then the reader's cap.
 */
export function stopAfter(
  id: number,
  { promptTokens, newTokens }: { promptTokens: number; newTokens: number },
  limits: StopLimits,
): StopDecision {
  const pieceOf = limits.pieceOf ?? (() => '</s>');
  if (limits.stopIds.includes(id))
    return {
      stop: true,
      reason: 'end-of-text',
      message: `The model picked ${pieceOf(id)} (id ${id}), the end-of-text token: the reply is complete after ${formatCount(newTokens, 'token')}.`,
    };
  if (promptTokens + newTokens >= limits.contextWindow)
    return {
      stop: true,
      reason: 'context-window',
      message: `Stopped at ${formatCount(promptTokens + newTokens, 'token')} (prompt ${formatCount(promptTokens)} + reply ${formatCount(newTokens)}): the context window holds ${formatCount(limits.contextWindow)} and is full, so the reply is cut here, unfinished.`,
    };
  if (newTokens >= limits.maxNewTokens)
    return {
      stop: true,
      reason: 'max-new-tokens',
      message: `Stopped after ${formatCount(newTokens, 'token')}, the limit on new tokens: the model had not picked ${limits.stopIds.map(pieceOf).join(' or ')}, so the reply may be unfinished. Raise the limit to let it go on.`,
    };
  return { stop: false };
}

/** Why a prompt of this length cannot get a reply at all, or null when there is room for at least one token. */
export function checkPromptFits(promptTokens: number, contextWindow: number): string | null {
  if (promptTokens === 0) return 'The prompt has no tokens; a model needs at least <s> to predict anything.';
  if (promptTokens < contextWindow) return null;
  return `The prompt has ${formatCount(promptTokens, 'token')}, but the context window holds ${formatCount(contextWindow)}: there is no room for even one new token. Shorten the conversation.`;
}

/** Why a limit on new tokens cannot be used, or null. */
export function checkMaxNewTokens(
  value: number,
  contextWindow: number,
  typed = String(value),
): string | null {
  if (!Number.isInteger(value) || value < 1 || value > contextWindow)
    return `The limit on new tokens must be a whole number from 1 to ${formatCount(contextWindow)} (the context window); ${String(value) === typed ? typed : quoteTyped(typed)} is not.`;
  return null;
}
