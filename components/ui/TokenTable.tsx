import { useEffect, useRef } from 'preact/hooks';
import type { TokenView } from '../../src/lib/tokenizer/token-view';
import { showTokenText, tokenText } from '../../src/lib/tokenizer/token-view';
import { useRovingFocus } from '../hooks/useRovingFocus';

interface Props {
  tokens: readonly TokenView[];
  active: number;
  onActivate: (index: number) => void;
}

/**
 * The seed notebook's table (`Token Text`, `Token ID`) plus the position and
 * the raw vocabulary entry. Token Text is the token's own text, its space
 * shown as `▁` like every chip (tokenText), not the notebook's `decode([id])`,
 * which drops a leading space; the note under the table says so.
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
    <>
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
                  {tokenText(token)}
                  {token.byte && token.byte.length > 1 && (
                    <span class="muted">
                      {' '}
                      byte {token.byte.position + 1} of {token.byte.length}
                    </span>
                  )}
                </td>
                <td class="mono">{token.id}</td>
                <td class="mono">{showTokenText(token.piece)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="token-table__note">
        Token Text is each token’s own text, its space shown as ▁. The seed notebook printed{' '}
        <code>tokenizer.decode([id])</code> there instead, which drops a token’s leading space: it showed{' '}
        <code>Can</code> for <code>▁Can</code>, and nothing at all for the space token <code>▁</code>.
      </p>
    </>
  );
}
