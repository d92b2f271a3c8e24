import { SEED_PROMPT } from '../tokenizer/mistral';

/** Who speaks in a turn. Mistral-7B-Instruct-v0.1's template knows only these two (no `system`). */
export type Role = 'user' | 'assistant';

export const ROLES: readonly Role[] = ['user', 'assistant'];

/** One message of a conversation, as the reader edits it. */
export interface Turn {
  /** Stable within one editing session (keys, focus, errors); not part of the model's input or the URL. */
  id: number;
  role: Role;
  content: string;
}

/** The messages, in order. A plain array, so stores and URLs treat it as a value. */
export type Conversation = readonly Turn[];

/** The shape `apply_chat_template` takes: the turns without their editor ids. */
export interface Message {
  role: Role;
  content: string;
}

/** The most turns the editor offers to hold (and a link may carry). */
export const MAX_TURNS = 64;

/** Gives each message an id, 1, 2, 3, ... */
export function fromMessages(messages: readonly Message[]): Conversation {
  return messages.map(({ role, content }, index) => ({ id: index + 1, role, content }));
}

export function toMessages(conversation: Conversation): Message[] {
  return conversation.map(({ role, content }) => ({ role, content }));
}

/** The seed notebook's single user turn, the site's running example. */
export const SEED_CONVERSATION: Conversation = fromMessages([{ role: 'user', content: SEED_PROMPT }]);

/** The three-turn example transformers.js documents for this tokenizer. */
export const MULTI_TURN_EXAMPLE: Conversation = fromMessages([
  { role: 'user', content: 'Hello, how are you?' },
  { role: 'assistant', content: "I'm doing great. How can I help you today?" },
  { role: 'user', content: "I'd like to show off how chat templating works!" },
]);

/** Same roles and contents in the same order (ids are ignored). */
export function sameMessages(a: Conversation, b: Conversation): boolean {
  return (
    a.length === b.length && a.every((turn, i) => turn.role === b[i]!.role && turn.content === b[i]!.content)
  );
}

/** The id `addTurn` gives the next turn: one more than the highest in use. */
export const nextTurnId = (conversation: Conversation) =>
  conversation.reduce((max, turn) => Math.max(max, turn.id), 0) + 1;

/**
 * Appends a turn. The role defaults to the one that keeps the roles
 * alternating (user after assistant and at the start, assistant after user).
 * Past `MAX_TURNS` the conversation is returned unchanged.
 */
export function addTurn(conversation: Conversation, role?: Role, content = ''): Conversation {
  if (conversation.length >= MAX_TURNS) return conversation;
  const alternating: Role = conversation.at(-1)?.role === 'user' ? 'assistant' : 'user';
  return [...conversation, { id: nextTurnId(conversation), role: role ?? alternating, content }];
}

/** Changes the role and/or content of the turn with `id`; other turns are untouched. */
export function editTurn(
  conversation: Conversation,
  id: number,
  change: Partial<Omit<Turn, 'id'>>,
): Conversation {
  return conversation.map((turn) => (turn.id === id ? { ...turn, ...change } : turn));
}

/** Moves the turn with `id` one place up (`-1`) or down (`+1`); at either end nothing moves. */
export function moveTurn(conversation: Conversation, id: number, by: -1 | 1): Conversation {
  const from = conversation.findIndex((turn) => turn.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= conversation.length) return conversation;
  const moved = [...conversation];
  [moved[from], moved[to]] = [moved[to]!, moved[from]!];
  return moved;
}

export function removeTurn(conversation: Conversation, id: number): Conversation {
  return conversation.filter((turn) => turn.id !== id);
}

/** One change the reader makes in the editor. */
export type ConversationEdit =
  | { type: 'edit'; id: number; change: Partial<Omit<Turn, 'id'>> }
  | { type: 'move'; id: number; by: -1 | 1 }
  | { type: 'remove'; id: number }
  | { type: 'add'; role: Role };

export function applyEdit(conversation: Conversation, edit: ConversationEdit): Conversation {
  if (edit.type === 'edit') return editTurn(conversation, edit.id, edit.change);
  if (edit.type === 'move') return moveTurn(conversation, edit.id, edit.by);
  if (edit.type === 'remove') return removeTurn(conversation, edit.id);
  return addTurn(conversation, edit.role);
}

/**
 * Which editor control should have focus after `edit`, so a keyboard user
 * stays where they were: the same move button (or the other one, once the
 * turn reaches the top or bottom and this one is disabled), the next turn's
 * text after a removal (the previous one's at the end, the add button when
 * none is left), the new turn's text after an addition. Null: leave focus be.
 * Keys: `up-ID`, `down-ID`, `text-ID`, `add-user`.
 */
export function focusAfter(conversation: Conversation, edit: ConversationEdit): string | null {
  if (edit.type === 'add') return `text-${nextTurnId(conversation)}`;
  if (edit.type === 'edit') return null;
  const index = conversation.findIndex((turn) => turn.id === edit.id);
  if (index < 0) return null;
  if (edit.type === 'remove') {
    const neighbour = conversation[index + 1] ?? conversation[index - 1];
    return neighbour ? `text-${neighbour.id}` : 'add-user';
  }
  const to = index + edit.by;
  const atTop = to === 0;
  const atBottom = to === conversation.length - 1;
  if (edit.by === -1) return atTop ? `down-${edit.id}` : `up-${edit.id}`;
  return atBottom ? `up-${edit.id}` : `down-${edit.id}`;
}

/**
 * The conversation as a plain text file a person can read and paste back,
 * turn by turn: `User:` or `Assistant:` on a line of its own, then the
 * text, then a blank line.
 */
export function conversationAsText(conversation: Conversation): string {
  return conversation
    .map(({ role, content }) => `${role === 'user' ? 'User' : 'Assistant'}:\n${content}\n`)
    .join('\n');
}
