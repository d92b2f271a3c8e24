import type { TemplatedToken } from '../../src/lib/chat/render';
import { showTokenText } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';
import { formatCount } from '../../src/lib/core/format';
import { TokenChip } from './TokenChip';

interface Props {
  ids: readonly number[];
  tokens: readonly TemplatedToken[];
  counts: { total: number; reader: number; template: number };
  /** The focused or hovered id (-1 for none); the panel highlights its characters in the string. */
  active: number;
  onActivate: (index: number) => void;
  /** The list's accessible name, when a page shows more than one. */
  label?: string;
  /** Prefix of the element ids inside, unique per copy on a page. */
  idPrefix?: string;
}

/** What a screen reader hears for one id. */
export function idLabel(token: TemplatedToken, total: number): string {
  const origin = token.origin === 'template' ? 'added by the template' : `from turn text`;
  return `Id ${token.index + 1} of ${total}: ${token.id}, ${showTokenText(token.piece)}, ${origin}`;
}

/** The small print under an id's chip: its id, with a "T" when the template added it. */
const idNote = (token: TemplatedToken) => `${token.origin === 'template' ? 'T ' : ''}${token.id}`;

/**
 * The templated ids as TokenChips: the template's are hatched with a dashed
 * border and carry a "T" (so they differ by shape and text, not colour), the
 * reader's are drawn as chapter 1 draws tokens. Focusing or hovering one highlights its characters in
 * the string above. Under them, the whole list as the model gets it.
 */
export function TemplatedIds({
  ids,
  tokens,
  counts,
  active,
  onActivate,
  label = 'Templated ids',
  idPrefix = 'chat',
}: Props) {
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLOListElement>(
    tokens.length,
    active,
    onActivate,
  );
  const template = tokens.find((token) => token.origin === 'template');
  const reader = tokens.find((token) => token.origin === 'reader');
  return (
    <div class="templated-ids">
      <p class="field-label">The ids</p>
      <p class="chat-counts">
        <strong>{formatCount(counts.total, 'token')}</strong>:{' '}
        <span>{formatCount(counts.reader)} from your text</span>,{' '}
        <span>{formatCount(counts.template)} added by the template</span>
      </p>
      <p class="chat-legend" aria-hidden="true">
        <TokenChip
          as="span"
          kind="template"
          text={showTokenText(template?.piece ?? '▁[')}
          note={`T ${template?.id ?? 733}`}
        />{' '}
        added by the template ·{' '}
        <TokenChip
          as="span"
          kind="text"
          text={showTokenText(reader?.piece ?? '▁Can')}
          note={reader?.id ?? 2418}
        />{' '}
        holds your text
      </p>
      <ol class="token-chips id-chips" aria-label={label} ref={container} onKeyDown={onKeyDown}>
        {tokens.map((token) => (
          <TokenChip
            key={token.index}
            kind={token.origin === 'template' ? 'template' : token.kind}
            text={showTokenText(token.piece)}
            note={idNote(token)}
            class="id-chip"
            noteClass="id-chip__id"
            data-index={token.index}
            data-id={token.id}
            data-origin={token.origin}
            active={token.index === active}
            tabIndex={tabIndexOf(token.index)}
            aria-label={idLabel(token, ids.length)}
            onFocus={() => onActivate(token.index)}
            onMouseEnter={() => onActivate(token.index)}
          />
        ))}
      </ol>
      {tokens.length < ids.length && (
        <p class="limit-note">
          The chips show the first {formatCount(tokens.length)} of {formatCount(ids.length)} ids; the list
          below has them all.
        </p>
      )}
      <p class="field-label" id={`${idPrefix}-ids-list-label`}>
        As the model gets them
      </p>
      <pre class="chat-ids" tabIndex={0} aria-labelledby={`${idPrefix}-ids-list-label`}>
        <code>[{ids.join(', ')}]</code>
      </pre>
    </div>
  );
}
