import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatNote } from '../../src/lib/chat/checks';
import {
  MAX_TURNS,
  nextTurnId,
  ROLES,
  type Conversation,
  type Role,
  type Turn,
} from '../../src/lib/chat/conversation';

/** A change the reader asked for; the panel applies it to the shared conversation. */
export type EditorAction =
  | { type: 'edit'; id: number; change: Partial<Omit<Turn, 'id'>> }
  | { type: 'move'; id: number; by: -1 | 1 }
  | { type: 'remove'; id: number }
  | { type: 'add'; role: Role };

interface Props {
  conversation: Conversation;
  /** Notes and errors, shown beside the turn they name. */
  notes: readonly ChatNote[];
  onAction: (action: EditorAction) => void;
}

/**
 * Where focus goes after an action moves, removes or adds a control: the
 * element with that `data-focus-key`, once the conversation has changed
 * (moving a focused element in the DOM drops its focus, so we set it after).
 */
type FocusTarget = { key: string; before: Conversation } | null;

/**
 * One fieldset per turn (role, text, move up/down, remove), and the add
 * buttons. Each control's name says which turn it belongs to; a turn's notes
 * are linked to its text box, so a screen reader reads them with it.
 */
export function ConversationEditor({ conversation, notes, onAction }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<FocusTarget>(null);
  useEffect(() => {
    if (!focus || conversation === focus.before) return;
    root.current?.querySelector<HTMLElement>(`[data-focus-key="${focus.key}"]`)?.focus();
    setFocus(null);
  }, [focus, conversation]);

  const act = (action: EditorAction, next: string) => {
    setFocus({ key: next, before: conversation });
    onAction(action);
  };

  return (
    <div class="chat-editor" ref={root}>
      <ol class="chat-turns" aria-label="Conversation">
        {conversation.map((turn, index) => {
          const n = index + 1;
          const mine = notes.filter((note) => note.turnId === turn.id);
          const invalid = mine.some((note) => note.severity === 'error');
          const notesId = `chat-turn-${turn.id}-notes`;
          const last = index === conversation.length - 1;
          const after = conversation[index + 1] ?? conversation[index - 1];
          return (
            <li key={turn.id} class="chat-turn" data-role={turn.role} data-invalid={invalid || undefined}>
              <fieldset>
                <legend>Turn {n}</legend>
                <div class="chat-turn__row">
                  <label for={`chat-turn-${turn.id}-role`}>
                    Role<span class="visually-hidden"> of turn {n}</span>
                  </label>
                  <select
                    id={`chat-turn-${turn.id}-role`}
                    value={turn.role}
                    onChange={(event) =>
                      onAction({
                        type: 'edit',
                        id: turn.id,
                        change: { role: event.currentTarget.value as Role },
                      })
                    }
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                  <span class="chat-turn__actions">
                    <button
                      type="button"
                      class="button"
                      data-focus-key={`up-${turn.id}`}
                      disabled={index === 0}
                      onClick={() =>
                        act(
                          { type: 'move', id: turn.id, by: -1 },
                          index === 1 ? `down-${turn.id}` : `up-${turn.id}`,
                        )
                      }
                    >
                      Move up<span class="visually-hidden"> turn {n}</span>
                    </button>
                    <button
                      type="button"
                      class="button"
                      data-focus-key={`down-${turn.id}`}
                      disabled={last}
                      onClick={() =>
                        act(
                          { type: 'move', id: turn.id, by: 1 },
                          index === conversation.length - 2 ? `up-${turn.id}` : `down-${turn.id}`,
                        )
                      }
                    >
                      Move down<span class="visually-hidden"> turn {n}</span>
                    </button>
                    <button
                      type="button"
                      class="button"
                      onClick={() =>
                        act({ type: 'remove', id: turn.id }, after ? `text-${after.id}` : 'add-user')
                      }
                    >
                      Remove<span class="visually-hidden"> turn {n}</span>
                    </button>
                  </span>
                </div>
                <label class="visually-hidden" for={`chat-turn-${turn.id}-text`}>
                  Text of turn {n} ({turn.role})
                </label>
                <textarea
                  id={`chat-turn-${turn.id}-text`}
                  class="prompt-input"
                  data-focus-key={`text-${turn.id}`}
                  rows={2}
                  spellcheck={false}
                  value={turn.content}
                  aria-invalid={invalid || undefined}
                  aria-describedby={mine.length > 0 ? notesId : undefined}
                  onInput={(event) =>
                    onAction({ type: 'edit', id: turn.id, change: { content: event.currentTarget.value } })
                  }
                />
                {mine.length > 0 && (
                  <ul class="chat-turn__notes" id={notesId}>
                    {mine.map((note) => (
                      <li key={note.kind} class={`chat-note chat-note--${note.severity}`}>
                        <strong>{note.severity === 'error' ? 'Problem: ' : 'Note: '}</strong>
                        {note.message}
                      </li>
                    ))}
                  </ul>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <p class="chat-editor__add">
        {ROLES.map((role) => (
          <button
            key={role}
            type="button"
            class="button"
            data-focus-key={`add-${role}`}
            disabled={conversation.length >= MAX_TURNS}
            onClick={() => act({ type: 'add', role }, `text-${nextTurnId(conversation)}`)}
          >
            Add {role === 'user' ? 'a user' : 'an assistant'} turn
          </button>
        ))}
      </p>
    </div>
  );
}
