import { useTypedBeforeHydration } from '../hooks/useTypedBeforeHydration';
import type { ChatNote } from '../../src/lib/chat/checks';
import { ROLES, type ConversationEdit, type Role, type Turn } from '../../src/lib/chat/conversation';

interface Props {
  turn: Turn;
  /** 0-based place in the conversation, and how many turns there are. */
  index: number;
  count: number;
  /** The notes and errors about this turn. */
  notes: readonly ChatNote[];
  onEdit: (edit: ConversationEdit) => void;
}

/**
 * One turn: its role, its text and the buttons that move or remove it. Every
 * control's name says which turn it belongs to ("Move up turn 2"); the notes
 * are linked to the text box, so a screen reader reads them with it. Keys in
 * `data-focus-key` let the editor put focus back after a move or removal.
 */
export function TurnEditor({ turn, index, count, notes, onEdit }: Props) {
  const n = index + 1;
  const id = `chat-turn-${turn.id}`;
  const invalid = notes.some((note) => note.severity === 'error');
  const which = <span class="visually-hidden"> turn {n}</span>;
  useTypedBeforeHydration(`${id}-text`, turn.content, (content) =>
    onEdit({ type: 'edit', id: turn.id, change: { content } }),
  );
  return (
    <li class="chat-turn" data-role={turn.role} data-invalid={invalid || undefined}>
      <fieldset>
        <legend>Turn {n}</legend>
        <div class="chat-turn__row">
          <label for={`${id}-role`}>
            Role<span class="visually-hidden"> of turn {n}</span>
          </label>
          <select
            id={`${id}-role`}
            value={turn.role}
            onChange={(event) =>
              onEdit({ type: 'edit', id: turn.id, change: { role: event.currentTarget.value as Role } })
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
              onClick={() => onEdit({ type: 'move', id: turn.id, by: -1 })}
            >
              Move up{which}
            </button>
            <button
              type="button"
              class="button"
              data-focus-key={`down-${turn.id}`}
              disabled={index === count - 1}
              onClick={() => onEdit({ type: 'move', id: turn.id, by: 1 })}
            >
              Move down{which}
            </button>
            <button type="button" class="button" onClick={() => onEdit({ type: 'remove', id: turn.id })}>
              Remove{which}
            </button>
          </span>
        </div>
        <label class="visually-hidden" for={`${id}-text`}>
          Text of turn {n} ({turn.role})
        </label>
        <textarea
          id={`${id}-text`}
          class="prompt-input"
          data-focus-key={`text-${turn.id}`}
          rows={2}
          spellcheck={false}
          value={turn.content}
          aria-invalid={invalid || undefined}
          aria-describedby={notes.length > 0 ? `${id}-notes` : undefined}
          onInput={(event) =>
            onEdit({ type: 'edit', id: turn.id, change: { content: event.currentTarget.value } })
          }
        />
        {notes.length > 0 && (
          <ul class="chat-turn__notes" id={`${id}-notes`}>
            {notes.map((note) => (
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
}
