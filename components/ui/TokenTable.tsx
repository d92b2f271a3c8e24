import { useEffect, useRef } from 'preact/hooks';
import type { TokenView } from '../../src/lib/tokenizer/token-view';
import { makeVisible } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';

interface Props {
  tokens: readonly TokenView[];
  active: number;
  onActivate: (index: number) => void;
}

/**
 * The seed notebook's table (`Token Text`, `Token ID`) plus the position and
 * the raw vocabulary entry, which shows the space marker the text column hides.
 */
export function TokenTable({ tokens, active, onActivate }: Props) {
  const { container, tabIndexOf, onKeyDown } = useRovingFocus<HTMLTableSectionElement>(
    tokens.length,
    active,
    onActivate,
  );
  const scroller = useRef<HTMLDivElement>(null);

  // Keep the highlighted row in view inside the table's own scroll box, without scrolling the page.
  useEffect(() => {
    const box = scroller.current;
    const row = container.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (!box || !row) return;
    const top = row.offsetTop;
    if (top < box.scrollTop || top + row.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = top - box.clientHeight / 2;
    }
  }, [active, container]);

  return (
    <div
      class="table-scroll token-table__scroll"
      ref={scroller}
      tabIndex={0}
      role="region"
      aria-label="Token table (scrolls)"
    >
      <table class="token-table">
        <caption>Tokens and their ids</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Token Text</th>
            <th scope="col">Token ID</th>
            <th scope="col">Vocabulary entry</th>
          </tr>
        </thead>
        <tbody ref={container} onKeyDown={onKeyDown}>
          {tokens.map((token) => (
            <tr
              key={token.index}
              data-index={token.index}
              data-active={token.index === active || undefined}
              tabIndex={tabIndexOf(token.index)}
              onFocus={() => onActivate(token.index)}
              onMouseEnter={() => onActivate(token.index)}
            >
              <td>{token.index}</td>
              <td class="mono">
                {token.text === '' ? <span class="muted">(empty)</span> : makeVisible(token.text)}
                {token.byte && token.byte.length > 1 && (
                  <span class="muted">
                    {' '}
                    byte {token.byte.position + 1} of {token.byte.length}
                  </span>
                )}
              </td>
              <td class="mono">{token.id}</td>
              <td class="mono">{makeVisible(token.piece)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
