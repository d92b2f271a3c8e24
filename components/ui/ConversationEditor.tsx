import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatNote } from '../../src/lib/chat/checks';
import {
  focusAfter,
  MAX_TURNS,
  ROLES,
  type Conversation,
  type ConversationEdit,
} from '../../src/lib/chat/conversation';
import { TurnEditor } from './TurnEditor';

interface Props {
  conversation: Conversation;
  /** Notes and errors, shown beside the turn they name. */
  notes: readonly ChatNote[];
  onEdit: (edit: ConversationEdit) => void;
}

/**
 * The turns, one fieldset each, and the buttons that add a turn. After a
 * move, removal or addition, focus goes to the control `focusAfter` names,
 * once the new conversation is on screen: moving a focused element in the
 * DOM drops its focus, so it is set again after the move.
 */
export function ConversationEditor({ conversation, notes, onEdit }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<{ key: string; before: Conversation } | null>(null);
  useEffect(() => {
    if (!focus || conversation === focus.before) return;
    root.current?.querySelector<HTMLElement>(`[data-focus-key="${focus.key}"]`)?.focus();
    setFocus(null);
  }, [focus, conversation]);

  const edit = (change: ConversationEdit) => {
    const key = focusAfter(conversation, change);
    if (key) setFocus({ key, before: conversation });
    onEdit(change);
  };

  return (
    <div class="chat-editor" ref={root}>
      <ol class="chat-turns" aria-label="Conversation">
        {conversation.map((turn, index) => (
          <TurnEditor
            key={turn.id}
            turn={turn}
            index={index}
            count={conversation.length}
            notes={notes.filter((note) => note.turnId === turn.id)}
            onEdit={edit}
          />
        ))}
      </ol>
      <p class="chat-editor__add">
        {ROLES.map((role) => (
          <button
            key={role}
            type="button"
            class="button"
            data-focus-key={`add-${role}`}
            disabled={conversation.length >= MAX_TURNS}
            onClick={() => edit({ type: 'add', role })}
          >
            Add {role === 'user' ? 'a user' : 'an assistant'} turn
          </button>
        ))}
      </p>
    </div>
  );
}
