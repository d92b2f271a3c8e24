import type { TokenView } from '../../src/lib/tokenizer/token-view';
import { makeVisible } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';

interface Props {
  tokens: readonly TokenView[];
  active: number;
  onActivate: (index: number) => void;
}

/** What a screen reader hears for one chip. */
export function chipLabel(token: TokenView, total: number): string {
  const where = `Token ${token.index + 1} of ${total}`;
  if (token.byte) {
    const char = token.byte.char === null ? 'not valid UTF-8 on its own' : `of “${token.byte.char}”`;
    return `${where}: byte ${token.piece}, ${token.byte.position + 1} of ${token.byte.length} ${char}, id ${token.id}`;
  }
  const kind = token.kind === 'special' ? 'special token ' : '';
  return `${where}: ${kind}${makeVisible(token.piece)}, id ${token.id}`;
}

/** Small print on a byte chip: the character a one-byte piece is, or which byte of a longer character. */
function byteLabel(byte: NonNullable<TokenView['byte']>): string {
  if (byte.char === null) return 'invalid';
  if (byte.length === 1) return makeVisible(byte.char);
  return `${byte.position + 1}/${byte.length}${byte.position === 0 ? ` ${byte.char}` : ''}`;
}

/** The vocabulary entry, with its space marker `▁` set apart so word starts stand out. */
function Piece({ piece }: { piece: string }) {
  return (
    <>
      {makeVisible(piece)
        .split(/(▁)/)
        .map((part, i) =>
          part === '▁' ? (
            <span key={i} class="space-marker">
              ▁
            </span>
          ) : (
            part
          ),
        )}
    </>
  );
}

/** The tokens as chips: outlined boxes, so boundaries show without colour. */
export function TokenChips({ tokens, active, onActivate }: Props) {
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLOListElement>(
    tokens.length,
    active,
    onActivate,
  );
  return (
    <ol class="token-chips" aria-label="Tokens as chips" ref={container} onKeyDown={onKeyDown}>
      {tokens.map((token) => (
        <li
          key={token.index}
          class={`chip chip-${token.kind}`}
          data-index={token.index}
          data-active={token.index === active || undefined}
          tabIndex={tabIndexOf(token.index)}
          aria-label={chipLabel(token, tokens.length)}
          onFocus={() => onActivate(token.index)}
          onMouseEnter={() => onActivate(token.index)}
        >
          <span class="chip-piece" aria-hidden="true">
            <Piece piece={token.piece} />
          </span>
          {token.byte && (
            <span class="chip-byte-label" aria-hidden="true">
              {byteLabel(token.byte)}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
