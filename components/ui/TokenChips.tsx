import type { TokenView } from '../../src/lib/tokenizer/token-view';
import { showTokenText } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';
import { TokenChip } from './TokenChip';

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
  return `${where}: ${kind}${showTokenText(token.piece)}, id ${token.id}`;
}

/** Small print on a byte chip: the character a one-byte piece is, or which byte of a longer character. */
function byteLabel(byte: NonNullable<TokenView['byte']>): string {
  if (byte.char === null) return 'invalid';
  if (byte.length === 1) return showTokenText(byte.char);
  return `${byte.position + 1}/${byte.length}${byte.position === 0 ? ` ${byte.char}` : ''}`;
}

/** The tokens as chips (TokenChip): one tab stop, arrow keys within, linked to the table and the text by `active`. */
export function TokenChips({ tokens, active, onActivate }: Props) {
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLOListElement>(
    tokens.length,
    active,
    onActivate,
  );
  return (
    <ol class="token-chips" aria-label="Tokens as chips" ref={container} onKeyDown={onKeyDown}>
      {tokens.map((token) => (
        <TokenChip
          key={token.index}
          kind={token.kind}
          text={showTokenText(token.piece)}
          note={token.byte ? byteLabel(token.byte) : undefined}
          class="chip"
          data-index={token.index}
          active={token.index === active}
          tabIndex={tabIndexOf(token.index)}
          aria-label={chipLabel(token, tokens.length)}
          onFocus={() => onActivate(token.index)}
          onMouseEnter={() => onActivate(token.index)}
        />
      ))}
    </ol>
  );
}
