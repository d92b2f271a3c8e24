import { useEffect, useState } from 'preact/hooks';
import { useTokenizer } from '../hooks/useTokenizer';
import { formatCount } from '../../src/lib/core/format';
import { formatIds } from '../../src/lib/model/layer-prompts';
import { piecesFromTokens } from '../../src/lib/model/layer-tokens';

interface Props {
  /** Called with the ids (as the ids box's text) and their vocabulary pieces whenever the tokenizer answers. */
  onTokens: (idsText: string, pieces: Map<number, string>) => void;
}

const FIRST_TEXT = 'Can you write an email explaining what an LLM is?';

/**
 * A text box run through Mistral's real tokenizer (in its worker, loaded
 * when this part first appears, that is when the reader asks for it); the
 * ids go into the panel's ids box, where the usual checks apply.
 */
function TextToIds({ onTokens }: Props) {
  const [text, setText] = useState(FIRST_TEXT);
  const { state, tokenize, retry } = useTokenizer(FIRST_TEXT);
  const result = state.phase === 'ready' ? state.result : null;
  useEffect(() => {
    if (result && result.ids.length > 0) onTokens(formatIds(result.ids), piecesFromTokens(result.tokens));
    // Reports each tokenizer result once. onTokens is the parent's handler (a new function each render);
    // listing it would report the same result again on every render of the parent.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  return (
    <div class="layer-controls__field layer-controls__field--wide">
      <label for="layer-text">Text</label>
      <input
        id="layer-text"
        type="text"
        autoComplete="off"
        value={text}
        aria-describedby="layer-text-note"
        onInput={(event) => {
          setText(event.currentTarget.value);
          tokenize(event.currentTarget.value);
        }}
      />
      <span class="layer-controls__hint" id="layer-text-note">
        {state.phase === 'loading' && 'Loading Mistral’s tokenizer (about 1.1 MB, once)…'}
        {state.phase === 'ready' &&
          (result
            ? `${formatCount(result.ids.length, 'token')}, <s> first, written into the ids box below.`
            : '')}
        {state.phase === 'error' && (
          <>
            The tokenizer did not load: {state.message}{' '}
            <button type="button" class="button button--secondary" onClick={retry}>
              Try again
            </button>
          </>
        )}
      </span>
    </div>
  );
}

/**
 * A button that offers the reader's own text; the tokenizer (and its worker)
 * loads only once it is pressed, so the panel downloads nothing by default.
 */
export function OwnTextPrompt({ onTokens }: Props) {
  const [typing, setTyping] = useState(false);
  if (typing) return <TextToIds onTokens={onTokens} />;
  return (
    <p class="layer-controls__type">
      <button type="button" class="button button--secondary" onClick={() => setTyping(true)}>
        Type your own text
      </button>{' '}
      (loads Mistral’s tokenizer, about 1.1 MB)
    </p>
  );
}
