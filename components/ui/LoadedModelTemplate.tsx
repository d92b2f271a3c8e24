import { useState } from 'preact/hooks';
import { TemplatedIds } from './TemplatedIds';
import { TemplatedString } from './TemplatedString';
import { useChatTemplate } from '../hooks/useChatTemplate';
import type { Conversation } from '../../src/lib/chat/conversation';
import type { TokenizerSource } from '../../src/lib/tokenizer/vocabulary';
import { asSentence } from '../../src/lib/core/format';

interface Props {
  /** The conversation, or null while a turn has a problem (the panel says which). */
  conversation: Conversation | null;
  title: string;
  source: TokenizerSource;
  /** How this model's ids relate to chapter 1's. */
  idsNote: string;
}

/**
 * The same conversation through the loaded model's own chat template and
 * tokenizer (the files in its WebLLM folder), beside Mistral v0.1's, its ids
 * marked the same way: what chapters 4 and 5 feed that model.
 */
export function LoadedModelTemplate({ conversation, title, source, idsNote }: Props) {
  const { state, retry } = useChatTemplate(conversation, source);
  const [active, setActive] = useState(-1);
  const result = state.phase === 'ready' && conversation ? (state.rendered?.result ?? null) : null;
  return (
    <section class="loaded-template" aria-labelledby="loaded-template-heading">
      <h3 id="loaded-template-heading" class="loaded-template__heading">
        The same conversation through {title}’s own template
      </h3>
      <p class="loaded-template__note">
        {title} is loaded in the loading chapter, so the generation chapters feed it these ids, from its own
        tokenizer files. {idsNote}
      </p>
      {state.phase === 'loading' && <p role="status">Loading {title}’s tokenizer and chat template…</p>}
      {state.phase === 'error' && (
        <p class="limit-note" role="alert">
          {title}’s template could not be {state.stage === 'load' ? 'loaded' : 'rendered'}:{' '}
          {asSentence(state.message)}{' '}
          <button type="button" class="button" onClick={retry}>
            Try again
          </button>
        </p>
      )}
      {result && !result.ok && (
        <p class="limit-note">
          {title}’s template refuses this conversation: {asSentence(result.problem.message)}
        </p>
      )}
      {result?.ok && (
        <>
          <TemplatedString
            segments={result.segments}
            highlight={result.tokens[active]}
            label={`The string ${title} reads, template parts marked`}
          />
          <TemplatedIds
            ids={result.ids}
            tokens={result.tokens}
            counts={result.counts}
            active={active}
            onActivate={setActive}
            label={`Templated ids for ${title}`}
            idPrefix="loaded"
          />
        </>
      )}
    </section>
  );
}
