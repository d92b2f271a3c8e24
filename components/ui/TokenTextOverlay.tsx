import { Fragment } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { textSegments, type TextSegment } from '../../src/lib/tokenizer/text-spans';
import { showTokenText, type TokenView } from '../../src/lib/tokenizer/token-view';
import { formatCount } from '../../src/lib/core/format';
import { TokenText } from './TokenChip';

interface Props {
  text: string;
  tokens: readonly TokenView[];
  /** The tokens are all of the text's (false when only the first were described). */
  complete: boolean;
  active: number;
  onActivate: (index: number) => void;
}

/** What a stretch shows: the characters, spaces as ▁ and a line break after ↵; a token with no characters, its piece. */
function shownText(text: string, segment: TextSegment, tokens: readonly TokenView[]): string {
  if (segment.kind === 'added') return showTokenText(tokens[segment.first]?.piece ?? '');
  return showTokenText(text.slice(segment.start, segment.end)).replaceAll('↵', '↵\n');
}

/**
 * The reader's text with each token's stretch marked over it: alternating
 * shades and a divider at the start of every token (so a boundary shows
 * without colour), the bytes of one character drawn as one stretch with a
 * dotted underline, special tokens and the ones the tokenizer added as
 * outlined markers. Hovering a stretch highlights its chip and row; the
 * chips and the table (its twin for screen readers and the keyboard) keep
 * the focus, so the figure itself is hidden from assistive technology.
 */
export function TokenTextOverlay({ text, tokens, complete, active, onActivate }: Props) {
  const laid = useMemo(() => {
    const segments = textSegments(text, tokens, { complete });
    if (!segments) return null;
    let left = 0;
    for (const _ of text.slice(segments.at(-1)?.end ?? 0)) left++;
    return { text, tokens, segments, left };
  }, [text, tokens, complete]);
  // While the newest text is still being tokenized, the tokens are an older text's: keep the last marks that fit.
  const lastGood = useRef(laid);
  if (laid) lastGood.current = laid;
  const shown = laid ?? lastGood.current;
  const box = useRef<HTMLDivElement>(null);

  // Keep the active stretch in view inside the figure's own scroll box, without scrolling the page.
  useEffect(() => {
    const element = box.current;
    const mark = element?.querySelector<HTMLElement>('[data-active]');
    if (!element || !mark) return;
    const top = mark.offsetTop - element.offsetTop;
    if (top < element.scrollTop || top + mark.offsetHeight > element.scrollTop + element.clientHeight) {
      element.scrollTop = top - element.clientHeight / 2;
    }
  }, [active, shown]);

  if (!shown || tokens.length === 0) return null;
  const { left } = shown;
  return (
    <div class="token-overlay-figure" aria-hidden="true">
      <p class="field-label">Your text, token by token</p>
      <div class="token-overlay" ref={box} data-stale={laid ? undefined : true}>
        {shown.segments.map((segment, k) => (
          <Fragment key={segment.first}>
            <span
              class="token-overlay__token"
              data-kind={segment.kind}
              data-shade={k % 2}
              data-active={(active >= segment.first && active <= segment.last) || undefined}
              onMouseEnter={() => onActivate(segment.first)}
            >
              <TokenText text={shownText(shown.text, segment, shown.tokens)} />
            </span>
            <wbr />
          </Fragment>
        ))}
        {left > 0 && (
          <span class="token-overlay__rest">
            {' '}
            … and {formatCount(left, 'more character')}, past the tokens shown
          </span>
        )}
      </div>
    </div>
  );
}
