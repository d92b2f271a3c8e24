import type { ComponentChildren } from 'preact';
import type { PromptIds } from '../../src/lib/generation/prompt';
import { formatCount } from '../../src/lib/core/format';

/** The ids the model is fed, where they come from, and the chapter's link back to the chat template. */
export function PromptLine({ prompt, children }: { prompt: PromptIds; children?: ComponentChildren }) {
  return (
    <div class="prompt-line">
      {prompt.status === 'ready' ? (
        <p>
          <strong>Input: {formatCount(prompt.ids.length, 'id')}</strong>{' '}
          {prompt.source === 'seed'
            ? 'from the seed question through the chat template'
            : 'from your conversation through the chat template'}
          : <code class="prompt-line__ids">{prompt.ids.join(' ')}</code>
        </p>
      ) : (
        <p class={prompt.status === 'problem' ? 'limit-note' : undefined}>{prompt.message}</p>
      )}
      {children && <div class="prompt-line__link">{children}</div>}
    </div>
  );
}
