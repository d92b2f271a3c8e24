import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import './ui/tokens.css';
import { PanelFrame, type PanelError } from './ui/PanelFrame';
import { TokenChips } from './ui/TokenChips';
import { TokenTable } from './ui/TokenTable';
import { TokenTextOverlay } from './ui/TokenTextOverlay';
import { SaveAsFile } from './ui/SaveAsFile';
import { useTokenizer } from './hooks/useTokenizer';
import { useTypedBeforeHydration } from './hooks/useTypedBeforeHydration';
import { displayLimitNote, MAX_ROWS } from '../src/lib/tokenizer/input-notes';
import { SEED_PROMPT } from '../src/lib/tokenizer/mistral';
import { addressForText, textFromAddress } from '../src/lib/tokenizer/shared-text';
import { $tokensText } from '../src/lib/tokenizer/store';
import { addressWriter, type AddressWriter } from '../src/lib/page-address';
import type { TokenizerState } from '../src/lib/tokenizer/client';
import { asSentence, formatCount, formatMilliseconds } from '../src/lib/core/format';

interface Props {
  /** Text the box starts with; the seed's prompt unless a chapter asks otherwise. */
  initialText?: string;
}

function statusOf(state: TokenizerState): string {
  if (state.phase === 'loading') return 'Loading Mistral’s tokenizer from this site…';
  if (state.phase === 'error') return 'The tokenizer is not available.';
  return `Tokenizer ready (loaded in ${formatCount(Math.round(state.loadMs))} ms). Tokens update as you type.`;
}

function errorOf(state: TokenizerState, retry: () => void): PanelError | null {
  if (state.phase !== 'error') return null;
  const what = state.stage === 'load' ? 'The tokenizer did not load' : 'This text could not be tokenized';
  return {
    title: what,
    message: `${asSentence(state.message)} Your text is still in the box. The tokenizer files come from this site itself; check your connection, then try again.`,
    action: { label: 'Try again', onAction: retry },
  };
}

/**
 * Type a prompt, see Mistral-7B-Instruct's tokens: marked over the text, as
 * chips and in the notebook's table, all three linked so that focusing or
 * hovering one highlights the same token in the others.
 */
export default function TokenizerPanel({ initialText = SEED_PROMPT }: Props) {
  const [text, setText] = useState(initialText);
  const [active, setActive] = useState(-1);
  const { state, tokenize, retry } = useTokenizer(initialText);
  const [addressNote, setAddressNote] = useState<string | null>(null);
  // Made in the effect, not during render: the server renders this panel too, and it has no `window`.
  const address = useRef<AddressWriter | null>(null);
  const result = state.phase === 'ready' ? state.result : null;

  // A shared link (`?text=`) brings its text back; typing writes the text into the address. A layout effect,
  // so that text typed before the panel woke (useTypedBeforeHydration) is applied after it and wins.
  useLayoutEffect(() => {
    const writer = addressWriter(window);
    address.current = writer;
    const shared = textFromAddress(location.href);
    if (shared !== null && shared !== initialText) {
      setText(shared);
      tokenize(shared);
    }
    return writer.cancel;
  }, [initialText, tokenize]);
  const rememberInAddress = (value: string) =>
    address.current?.schedule((current) => {
      const { href, note } = addressForText(current, value, initialText);
      setAddressNote(note);
      return href;
    });
  const edit = (value: string) => {
    setText(value);
    tokenize(value);
    rememberInAddress(value);
  };
  useTypedBeforeHydration('tokenizer-input', text, edit);
  // The panels beside this one (the surprisal panel) work on the same text.
  useEffect(() => $tokensText.set(text), [text]);
  const total = result?.ids.length ?? 0;
  const limitNote = displayLimitNote(total);

  return (
    <PanelFrame
      title="Tokenizer"
      runs="Runs in your browser: Mistral-7B-Instruct-v0.1’s tokenizer (transformers.js, in a worker), files served by this site."
      status={statusOf(state)}
      error={errorOf(state, retry)}
    >
      <label class="field-label" for="tokenizer-input">
        Your text
      </label>
      <textarea
        id="tokenizer-input"
        class="prompt-input"
        rows={3}
        spellcheck={false}
        value={text}
        onInput={(event) => edit(event.currentTarget.value)}
      />
      {result && (
        <>
          <p class="token-counts" data-busy={state.phase === 'ready' && state.busy ? true : undefined}>
            <span>{formatCount(result.charCount, 'character')}</span> ·{' '}
            <span>{formatCount(result.byteCount, 'UTF-8 byte')}</span> ·{' '}
            <strong>{formatCount(total, 'token')}</strong> ·{' '}
            <span class="muted">tokenized in {formatMilliseconds(result.encodeMs)}</span>
          </p>
          {result.notes.length > 0 && (
            <ul class="input-notes">
              {result.notes.map((note) => (
                <li key={note.kind}>{note.message}</li>
              ))}
            </ul>
          )}
          {limitNote && <p class="limit-note">{limitNote}</p>}
          {addressNote && (
            <p class="limit-note">
              {addressNote}{' '}
              <SaveAsFile name="llm-explainer-text.txt" text={() => text} label="Save the text as a file" />
            </p>
          )}
          <TokenTextOverlay
            text={text}
            tokens={result.tokens}
            complete={result.tokens.length === total}
            active={active}
            onActivate={setActive}
          />
          <TokenChips tokens={result.tokens} active={active} onActivate={setActive} />
          <TokenTable tokens={result.tokens.slice(0, MAX_ROWS)} active={active} onActivate={setActive} />
        </>
      )}
    </PanelFrame>
  );
}
