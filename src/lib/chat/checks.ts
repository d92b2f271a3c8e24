import { formatCount } from '../core/format';
import type { Conversation, Role, Turn } from './conversation';
import type { RenderResult } from './render';
import { MAX_TURN_CHARS, TRAINED_CONTEXT_TOKENS } from './limits';

/**
 * Something the reader should know about their conversation, tied to the
 * turn it concerns (`turnId`) or to the whole conversation (`null`).
 * `error` stops the panel from rendering (the template refused, or a turn is
 * over the live limit); `note` explains what the model will make of it.
 */
export interface ChatNote {
  kind:
    | 'template-error'
    | 'empty-turn'
    | 'ends-with-assistant'
    | 'no-turns'
    | 'too-long'
    | 'special-token'
    | 'inst-marker'
    | 'context';
  severity: 'error' | 'note';
  turnId: number | null;
  message: string;
}

/** The template refused the conversation: where, in its own words and in plain words. */
export interface TemplateProblem {
  /** The turn at fault, or null when the template did not say. */
  turnId: number | null;
  /** The message the template raised, verbatim. */
  templateMessage: string;
  /** What it means and what to do, in plain words. */
  message: string;
}

const aRole = (role: Role) => (role === 'user' ? 'a user' : 'an assistant');

/** Mistral's template raises exactly this when the roles do not go user, assistant, user, ... */
export const ALTERNATION_ERROR = 'Conversation roles must alternate user/assistant/user/assistant/...';

const SPECIAL_TOKEN_MEANINGS: ReadonlyArray<readonly [string, string]> = [
  [
    '<s>',
    'the start-of-text marker (id 1), so the model sees a second beginning in the middle of the conversation',
  ],
  [
    '</s>',
    'the end-of-text marker (id 2) that closes an answer, so the model sees an answer end where you typed it',
  ],
  ['<unk>', 'the unknown-piece marker (id 0), which this tokenizer otherwise never produces'],
];

/**
 * Explains an error the chat template raised. `faultIndex` is the first turn
 * at which the template itself stopped (found by rendering ever longer
 * prefixes), so the note sits next to the turn that broke the rule.
 */
export function explainTemplateError(
  templateMessage: string,
  conversation: Conversation,
  faultIndex: number | null,
): TemplateProblem {
  const turn = faultIndex === null ? undefined : conversation[faultIndex];
  const quoted = `(the template’s words: “${templateMessage}”)`;
  if (!turn) {
    return {
      turnId: null,
      templateMessage,
      message: `Mistral’s chat template refused this conversation ${quoted}.`,
    };
  }
  const where = `Turn ${faultIndex! + 1}`;
  let message: string;
  if (templateMessage === ALTERNATION_ERROR && faultIndex === 0) {
    message = `${where} is the assistant’s, but Mistral’s template needs the user to speak first, so it refused the whole conversation ${quoted}. Make this a user turn, or add a user turn before it.`;
  } else if (templateMessage === ALTERNATION_ERROR && conversation[faultIndex! - 1]?.role === turn.role) {
    const other = aRole(turn.role === 'user' ? 'assistant' : 'user');
    message = `${where} is ${aRole(turn.role)} turn right after another ${turn.role} turn. Mistral’s template needs the roles to take turns, user first, so it refused the whole conversation ${quoted}. Change this turn’s role, merge it into the turn before, or put ${other} turn between them.`;
  } else {
    message = `Mistral’s chat template stopped at ${where.toLowerCase()} ${quoted}.`;
  }
  return { turnId: turn.id, templateMessage, message };
}

function turnNotes(turn: Turn): ChatNote[] {
  const notes: ChatNote[] = [];
  const note = (kind: ChatNote['kind'], message: string, severity: ChatNote['severity'] = 'note') =>
    notes.push({ kind, severity, turnId: turn.id, message });
  if (turn.content.length > MAX_TURN_CHARS) {
    note(
      'too-long',
      `This turn has ${formatCount(turn.content.length)} characters; the panel renders turns of up to ${formatCount(MAX_TURN_CHARS)} characters live. Nothing was removed from the box: shorten it to see the template again.`,
      'error',
    );
    return notes;
  }
  if (turn.content.trim().length === 0) {
    const seen =
      turn.role === 'user'
        ? '[INST] and [/INST] with nothing but spaces between them'
        : '</s> straight after [/INST]';
    note(
      'empty-turn',
      `This turn is ${turn.content.length === 0 ? 'empty' : 'only whitespace'}. The template does not mind: the model reads ${seen}, a ${turn.role === 'user' ? 'question' : 'reply'} with nothing in it.`,
    );
  }
  const specials = SPECIAL_TOKEN_MEANINGS.filter(([token]) => turn.content.includes(token));
  if (specials.length > 0) {
    const meanings = specials.map(([token, meaning]) => `${token} is ${meaning}`).join('; ');
    note(
      'special-token',
      `This turn contains ${specials.map(([token]) => token).join(', ')}. The tokenizer reads each as a special token, not as characters: ${meanings}. Software that puts other people’s text into a template should remove such markers first.`,
    );
  }
  const markers = ['[INST]', '[/INST]'].filter((marker) => turn.content.includes(marker));
  if (markers.length > 0) {
    note(
      'inst-marker',
      `This turn contains ${markers.join(' and ')}. In v0.1 these are plain text, not special tokens, so after a space they get the very same ids as the template’s own markers: the model cannot tell yours from the template’s. That is how one message can fake the shape of a whole conversation.`,
    );
  }
  return notes;
}

/**
 * The checks the template does not make: empty and over-long turns, special
 * tokens and `[INST]` markers typed into a turn, and a conversation that
 * leaves the model nothing to answer. Roles are the template's job
 * (see `explainTemplateError`).
 */
export function checkConversation(conversation: Conversation): ChatNote[] {
  if (conversation.length === 0) {
    return [
      {
        kind: 'no-turns',
        severity: 'note',
        turnId: null,
        message:
          'There are no turns, so the template writes only <s>. Add a user turn to give the model something to answer.',
      },
    ];
  }
  const notes = conversation.flatMap(turnNotes);
  const last = conversation.at(-1)!;
  if (last.role === 'assistant') {
    notes.push({
      kind: 'ends-with-assistant',
      severity: 'note',
      turnId: last.id,
      message:
        'The conversation ends with the assistant’s turn, which the template closes with </s>. That leaves the model nothing to answer: a reply starts right after a user turn’s [/INST], which is this template’s “generation prompt” (Mistral’s template has no other; add_generation_prompt changes nothing). Run as it is, the model would have to write past an end-of-text marker, which it was never trained to do, so whatever came next would not be a reply. Add a user turn to ask it something.',
    });
  }
  return notes;
}

/** A note when the templated conversation is longer than the sequences Mistral 7B was trained on. */
export function contextNote(totalTokens: number): ChatNote | null {
  if (totalTokens <= TRAINED_CONTEXT_TOKENS) return null;
  return {
    kind: 'context',
    severity: 'note',
    turnId: null,
    message: `The templated conversation is ${formatCount(totalTokens)} tokens, more than the ${formatCount(TRAINED_CONTEXT_TOKENS)} Mistral 7B was trained to read at once, before it has written a word of its reply. Something would have to go, usually the oldest turns.`,
  };
}

/**
 * Everything the panel has to say about one conversation and its latest
 * rendering: the template's refusal first (it names its turn), the checks,
 * then the context note. `general` holds the notes no turn on screen can
 * carry (about the whole conversation, or a turn since removed).
 */
export function collectNotes(
  conversation: Conversation,
  checks: readonly ChatNote[],
  result: RenderResult | null,
): { notes: ChatNote[]; general: ChatNote[] } {
  const notes: ChatNote[] = [...checks];
  if (result && !result.ok) {
    const { turnId, message } = result.problem;
    notes.unshift({ kind: 'template-error', severity: 'error', turnId, message });
  }
  const context = result?.ok ? contextNote(result.counts.total) : null;
  if (context) notes.push(context);
  const onScreen = new Set(conversation.map((turn) => turn.id));
  const general = notes.filter((note) => note.turnId === null || !onScreen.has(note.turnId));
  return { notes, general };
}
