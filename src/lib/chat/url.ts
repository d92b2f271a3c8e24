import { PARAM_BUDGET_BYTES, withParam, type AddressRefusal } from '../page-address';
import { fromMessages, MAX_TURNS, type Conversation, type Message, type Role } from './conversation';

/** The query parameter that carries the conversation: `?chat=…`. */
export const CHAT_PARAM = 'chat';

/** Longest value we try to read; anything longer is treated as damaged (our own links are far shorter). */
const MAX_READ_CHARS = 64_000;

const ROLE_LETTERS: Record<string, Role> = { u: 'user', a: 'assistant' };
const LETTER_OF: Record<Role, string> = { user: 'u', assistant: 'a' };
const SEPARATOR = '*';
const ESCAPE = '\\';

/**
 * The conversation as one compact string: each turn is its role letter
 * (`u` or `a`) followed by its text, turns are joined by `*`, and a `*` or
 * `\` inside a text is written `\*` or `\\`. `*` is one of the few
 * characters URLSearchParams leaves alone, so a short conversation stays
 * readable in the address bar: `?chat=uHello%2C+how+are+you%3F*aI%27m+fine`.
 * No turns at all is the empty string.
 */
export function encodeConversation(messages: readonly Message[]): string {
  return messages
    .map(({ role, content }) => LETTER_OF[role] + content.replace(/[\\*]/g, (char) => ESCAPE + char))
    .join(SEPARATOR);
}

export type DecodeResult = { ok: true; conversation: Conversation } | { ok: false; reason: string };

/** Reads what `encodeConversation` wrote; anything else gets a reason, never an exception. */
export function decodeConversation(value: string): DecodeResult {
  if (value.length > MAX_READ_CHARS)
    return { ok: false, reason: 'it is longer than any link this site writes' };
  if (value === '') return { ok: true, conversation: [] };
  const messages: Message[] = [];
  let current = '';
  let escaped = false;
  const finish = (): string | null => {
    const role = ROLE_LETTERS[current.charAt(0)];
    if (!role) return `turn ${messages.length + 1} does not start with u (user) or a (assistant)`;
    messages.push({ role, content: current.slice(1) });
    current = '';
    return null;
  };
  for (const char of value) {
    if (escaped) {
      current += char;
      escaped = false;
    } else if (char === ESCAPE) {
      escaped = true;
    } else if (char === SEPARATOR) {
      const problem = finish();
      if (problem) return { ok: false, reason: problem };
    } else {
      current += char;
    }
  }
  if (escaped) return { ok: false, reason: 'it ends in the middle of an escape (\\)' };
  const problem = finish();
  if (problem) return { ok: false, reason: problem };
  if (messages.length > MAX_TURNS)
    return { ok: false, reason: `it has ${messages.length} turns; the editor holds ${MAX_TURNS}` };
  return { ok: true, conversation: fromMessages(messages) };
}

/** What a page address says about the conversation. */
export type UrlConversation =
  | { kind: 'absent' }
  | { kind: 'conversation'; conversation: Conversation }
  | { kind: 'damaged'; note: string };

/** Reads `?chat=` from a query string such as `location.search`. */
export function readConversationParam(search: string): UrlConversation {
  const value = new URLSearchParams(search).get(CHAT_PARAM);
  if (value === null) return { kind: 'absent' };
  const decoded = decodeConversation(value);
  if (decoded.ok) return { kind: 'conversation', conversation: decoded.conversation };
  return {
    kind: 'damaged',
    note: `The link’s conversation could not be read (${decoded.reason}), so the panel shows the seed example instead.`,
  };
}

/**
 * The address `href` with `?chat=` set to `messages`, or removed when
 * `messages` is null (the default conversation needs no parameter) or when
 * the conversation could not come back from the address unchanged (over
 * the parameter budget, or holding a broken character): `refused` says why.
 * Other parameters and the fragment are kept.
 */
export function withConversationParam(
  href: string,
  messages: readonly Message[] | null,
): { href: string; refused: AddressRefusal | null } {
  return withParam(href, CHAT_PARAM, messages && encodeConversation(messages), PARAM_BUDGET_BYTES);
}
