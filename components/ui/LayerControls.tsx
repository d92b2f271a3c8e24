import { useTypedBeforeHydration } from '../hooks/useTypedBeforeHydration';
import { formatIds, MAX_TRACE_TOKENS, presetFor, PROMPT_PRESETS } from '../../src/lib/model/layer-prompts';
import { headGroups } from '../../src/lib/model/layer-trace';
import type { MistralConfig } from '../../src/lib/model/mistral-config';

interface Props {
  /** A token's text for labels (the seed pieces, or what the tokenizer gave). */
  label: (id: number) => string;
  config: Readonly<MistralConfig>;
  /** What the reader typed in the ids box, kept even when it cannot be traced. */
  idsText: string;
  idsError: string | null;
  /** The ids being traced (the last valid ones). */
  ids: readonly number[];
  position: number;
  layer: number;
  head: number;
  onIdsText: (text: string) => void;
  onPosition: (position: number) => void;
  onLayer: (layer: number) => void;
  onHead: (head: number) => void;
  /** Whether the ids come from the chat template chapter’s conversation, and what to say about it meanwhile. */
  fromConversation: boolean;
  conversationNote: string | null;
  onConversation: () => void;
}

/** The prompt (a preset or the reader's own ids), and the token position, layer and head to look at. */
export function LayerControls(props: Props) {
  const { config, idsText, idsError, ids, position, layer, head, label } = props;
  const preset = presetFor(ids);
  const groups = headGroups(config);
  useTypedBeforeHydration('layer-ids', idsText, props.onIdsText);
  return (
    <div class="layer-controls">
      <div class="layer-controls__field layer-controls__field--wide">
        <label for="layer-preset">Prompt</label>
        <select
          class="input"
          id="layer-preset"
          value={props.fromConversation ? 'conversation' : idsError ? 'own' : (preset?.id ?? 'own')}
          aria-describedby={props.conversationNote ? 'layer-conversation-note' : undefined}
          onChange={(event) => {
            if (event.currentTarget.value === 'conversation') return props.onConversation();
            const chosen = PROMPT_PRESETS.find((p) => p.id === event.currentTarget.value);
            if (chosen) props.onIdsText(formatIds(chosen.ids));
          }}
        >
          {PROMPT_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="conversation">Your conversation from the chat template chapter</option>
          <option value="own">Your own ids (edit the box below)</option>
        </select>
        {props.conversationNote && (
          <span class="layer-controls__hint" id="layer-conversation-note" aria-live="polite">
            {props.conversationNote}
          </span>
        )}
      </div>
      <div class="layer-controls__field layer-controls__field--wide">
        <label for="layer-ids">Token ids</label>
        <input
          class="input"
          id="layer-ids"
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={idsText}
          aria-invalid={idsError ? true : undefined}
          aria-describedby={idsError ? 'layer-ids-error' : 'layer-ids-hint'}
          onInput={(event) => props.onIdsText(event.currentTarget.value)}
        />
        {idsError ? (
          <span class="layer-controls__error" id="layer-ids-error">
            {idsError}
          </span>
        ) : (
          <span class="layer-controls__hint" id="layer-ids-hint">
            Ids from the tokenizer, separated by commas or spaces; up to {MAX_TRACE_TOKENS}.
          </span>
        )}
      </div>
      <div class="layer-controls__field">
        <label for="layer-position">Token position</label>
        <select
          class="input"
          id="layer-position"
          value={position}
          onChange={(e) => props.onPosition(Number(e.currentTarget.value))}
        >
          {ids.map((id, index) => (
            <option key={index} value={index}>
              {index}: {label(id)}
            </option>
          ))}
        </select>
      </div>
      <div class="layer-controls__field">
        <label for="layer-layer">Layer</label>
        <select
          class="input"
          id="layer-layer"
          value={layer}
          onChange={(e) => props.onLayer(Number(e.currentTarget.value))}
        >
          {Array.from({ length: config.numLayers }, (_, index) => (
            <option key={index} value={index}>
              Layer {index}
            </option>
          ))}
        </select>
      </div>
      <div class="layer-controls__field">
        <label for="layer-head">Head</label>
        <select
          class="input"
          id="layer-head"
          value={head}
          onChange={(e) => props.onHead(Number(e.currentTarget.value))}
        >
          {groups.flatMap((group, kvHead) =>
            group.map((query) => (
              <option key={query} value={query}>
                Head {query} (key/value head {kvHead})
              </option>
            )),
          )}
        </select>
      </div>
    </div>
  );
}
