import { Fragment, type ComponentChildren, type JSX } from 'preact';
import { SPACE_GLYPH } from '../../src/lib/tokenizer/token-view';

/** What a token is, drawn by the chip's border: `template` is a token the chat template added (chapter 2). */
export type TokenChipKind = 'text' | 'byte' | 'special' | 'template';

/** A token's shown text (see showTokenText) with each `▁` set apart, so word starts and spaces stand out. */
export function TokenText({ text }: { text: string }) {
  return (
    <>
      {text.split(SPACE_GLYPH).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <span class="token-space">{SPACE_GLYPH}</span>}
          {part}
        </Fragment>
      ))}
    </>
  );
}

type Props = Omit<JSX.HTMLAttributes<HTMLElement>, 'as' | 'class' | 'className'> & {
  /** The element: a list item (the usual), a button (a chip that is pressed; `type="button"`) or a span (a legend's sample). */
  as?: 'li' | 'button' | 'span';
  kind: TokenChipKind;
  /** The token's text as shown: spaces as `▁` (showTokenText). */
  text: string;
  /** Small print under the text: an id, a probability, bits, which byte of a character. */
  note?: ComponentChildren | undefined;
  /** A shade on the site's probability scale, 0 (50 % or more) to 4 (under 0.1 %); see tokens.css. */
  step?: number | undefined;
  active?: boolean;
  /** Extra classes, for a chapter's own list and its tests. */
  class?: string;
  textClass?: string;
  noteClass?: string;
};

/**
 * One token, drawn the same way in every chapter: an outlined box (its
 * boundary shows without colour), the token's text over a line of small
 * print, the kind of token told by the border's style (solid text, dotted
 * byte, dashed special, hatched template), and an optional shade from the
 * probability scale. When the chip has an `aria-label`, its visible text is
 * hidden from screen readers, so the label is read once.
 */
export function TokenChip({
  as = 'li',
  kind,
  text,
  note,
  step,
  active,
  class: extra,
  textClass,
  noteClass,
  children,
  ...rest
}: Props) {
  const Tag = as as 'li';
  const hidden = rest['aria-label'] !== undefined || undefined;
  return (
    <Tag
      class={`token-chip token-chip--${kind}${extra ? ` ${extra}` : ''}`}
      // A chip that is a button never submits anything.
      {...(as === 'button' ? { type: 'button' } : {})}
      data-step={step}
      data-active={active || undefined}
      {...(rest as JSX.HTMLAttributes<HTMLLIElement>)}
    >
      <span class={`token-chip__text${textClass ? ` ${textClass}` : ''}`} aria-hidden={hidden}>
        <TokenText text={text} />
      </span>
      {note !== undefined && (
        <span class={`token-chip__note${noteClass ? ` ${noteClass}` : ''}`} aria-hidden={hidden}>
          {note}
        </span>
      )}
      {children}
    </Tag>
  );
}
