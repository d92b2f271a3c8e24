import { useStore } from '@nanostores/preact';
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import './ui/tokens.css';
import './ui/chat-template.css';
import { ConversationEditor } from './ui/ConversationEditor';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { SaveAsFile } from './ui/SaveAsFile';
import { TemplatedIds } from './ui/TemplatedIds';
import { TemplatedString } from './ui/TemplatedString';
import { LoadedModelTemplate } from './ui/LoadedModelTemplate';
import { useChatTemplate } from './hooks/useChatTemplate';
import { useClientStore } from './hooks/useClientStore';
import { llm } from './page/llm-state';
import { offerLoadedModel } from '../src/lib/generation/engine-choice';
import { checkConversation, collectNotes } from '../src/lib/chat/checks';
import type { ChatTemplateState } from '../src/lib/chat/client';
import {
  applyEdit,
  conversationAsText,
  MULTI_TURN_EXAMPLE,
  SEED_CONVERSATION,
  type Conversation,
  type ConversationEdit,
} from '../src/lib/chat/conversation';
import {
  $conversation,
  $conversationLinkNote,
  $conversationOutOfAddress,
  connectConversationToPage,
} from '../src/lib/chat/store';
import { asSentence, formatCount } from '../src/lib/core/format';

const store = llm();

/** The status line, which screen readers announce: the load, then a one-line summary of each rendering. */
function statusOf(state: ChatTemplateState, blocked: boolean): string {
  if (state.phase === 'loading') return 'Loading Mistral’s tokenizer and chat template from this site…';
  if (state.phase === 'error') return 'The chat template is not available.';
  const ready = `Template ready (loaded in ${formatCount(Math.round(state.loadMs))} ms).`;
  const result = state.rendered?.result;
  if (blocked) return `${ready} Not rendered: a turn has a problem.`;
  if (!result) return ready;
  if (!result.ok)
    return `${ready} The template refused this conversation; the reason is beside the turn at fault.`;
  const { total, reader, template } = result.counts;
  return `${ready} ${formatCount(total, 'token')}: ${formatCount(reader)} from your text, ${formatCount(template)} added by the template.`;
}

function errorOf(state: ChatTemplateState, retry: () => void): PanelError | null {
  if (state.phase !== 'error') return null;
  return {
    title:
      state.stage === 'load' ? 'The chat template did not load' : 'This conversation could not be rendered',
    message: `${asSentence(state.message)} Your conversation is still in the editor, and the notes beside each turn still work. The files come from this site itself; check your connection, then try again.`,
    action: { label: 'Try again', onAction: retry },
  };
}

/**
 * Edit a conversation, see the one string (and the ids) Mistral-7B-Instruct
 * really reads: the tokenizer's own chat template, rendered by transformers.js
 * in a worker, with every part the template added marked.
 */
export default function ChatTemplatePanel() {
  const conversation = useStore($conversation);
  const linkNote = useStore($conversationLinkNote);
  const outOfAddress = useStore($conversationOutOfAddress);
  const [active, setActive] = useState(-1);
  const [undo, setUndo] = useState<{ label: string; conversation: Conversation } | null>(null);
  // A layout effect, so that text typed into a turn before the panel woke (TurnEditor) is applied after it and wins.
  useLayoutEffect(() => connectConversationToPage(window), []);

  const checks = useMemo(() => checkConversation(conversation), [conversation]);
  const blocked = checks.some((note) => note.severity === 'error');
  const { state, retry } = useChatTemplate(blocked ? null : conversation);
  const rendered = state.phase === 'ready' && !blocked ? state.rendered : null;
  const result = rendered?.result ?? null;

  const { notes, general } = collectNotes(conversation, checks, result);
  // A model the loading chapter loaded brings its own template: shown beside Mistral v0.1's.
  const offer = offerLoadedModel(useClientStore(store.$engineState, { phase: 'idle' }), store.recordFor);

  const change = (next: Conversation, undoLabel?: string) => {
    setUndo(undoLabel ? { label: undoLabel, conversation } : null);
    $conversation.set(next);
  };
  const onEdit = (edit: ConversationEdit) =>
    change(applyEdit(conversation, edit), edit.type === 'remove' ? 'Turn removed.' : undefined);

  return (
    <PanelFrame
      title="Chat template"
      runs="Runs in your browser: the chat_template of Mistral-7B-Instruct-v0.1’s tokenizer, rendered by transformers.js (apply_chat_template) in a worker, files served by this site; with a model loaded in the loading chapter, that model’s own template too, from its own files."
      status={statusOf(state, blocked)}
      error={errorOf(state, retry)}
    >
      <p class="chat-examples">
        <button
          type="button"
          class="button"
          onClick={() => change(MULTI_TURN_EXAMPLE, 'Three-turn example loaded.')}
        >
          Load the three-turn example
        </button>
        <button
          type="button"
          class="button"
          onClick={() => change(SEED_CONVERSATION, 'Seed example loaded.')}
        >
          Back to the seed example
        </button>
      </p>
      <div class="chat-undo" role="status">
        {undo && (
          <>
            {undo.label}{' '}
            <button type="button" class="button" onClick={() => change(undo.conversation)}>
              Undo
            </button>
          </>
        )}
      </div>
      {linkNote && (
        <p class="limit-note">
          {linkNote}
          {outOfAddress && ' '}
          {outOfAddress && (
            <SaveAsFile
              name="llm-explainer-conversation.txt"
              text={() => conversationAsText(conversation)}
              label="Save the conversation as a file"
            />
          )}
        </p>
      )}
      <div class="chat-template">
        <ConversationEditor conversation={conversation} notes={notes} onEdit={onEdit} />
        <div class="chat-output" data-busy={(state.phase === 'ready' && state.busy) || undefined}>
          {general.length > 0 && (
            <ul class="input-notes chat-general-notes">
              {general.map((note) => (
                <li key={note.kind}>{note.message}</li>
              ))}
            </ul>
          )}
          {(blocked || (result && !result.ok)) && (
            <p class="limit-note">
              No string and no ids while a turn has a problem: the reason is beside that turn.
            </p>
          )}
          {result?.ok && (
            <>
              <TemplatedString segments={result.segments} highlight={result.tokens[active]} />
              <TemplatedIds
                ids={result.ids}
                tokens={result.tokens}
                counts={result.counts}
                active={active}
                onActivate={setActive}
              />
            </>
          )}
        </div>
      </div>
      {offer.available && offer.vocabulary.source.kind === 'model' && (
        <LoadedModelTemplate
          key={offer.vocabulary.key}
          conversation={blocked ? null : conversation}
          title={offer.vocabulary.title}
          source={offer.vocabulary.source}
          idsNote={offer.idsNote}
        />
      )}
    </PanelFrame>
  );
}
