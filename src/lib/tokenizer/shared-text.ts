/**
 * The Tokens panel's text in the page address (`?text=`), so a reader can
 * share what they typed or come back to it. Addresses have practical limits
 * (browsers, chat apps and servers cut long ones), so text past
 * MAX_SHARED_CHARS stays in the box but not in the address, and the panel
 * says so.
 */
import { formatCount } from '../core/format';

export const TEXT_PARAM = 'text';
export const MAX_SHARED_CHARS = 2000;

/** The text an address carries, or null when it carries none (the panel then shows the seed prompt). */
export function textFromAddress(href: string): string | null {
  return new URL(href).searchParams.get(TEXT_PARAM);
}

/**
 * The address for `text`, from `href`: the parameter set, or removed when
 * the text is the default; `note` says why the text could not go in.
 */
export function addressForText(
  href: string,
  text: string,
  defaultText: string,
): { href: string; note: string | null } {
  const url = new URL(href);
  if (text === defaultText) {
    url.searchParams.delete(TEXT_PARAM);
    return { href: url.href, note: null };
  }
  const length = [...text].length;
  if (length > MAX_SHARED_CHARS) {
    url.searchParams.delete(TEXT_PARAM);
    return {
      href: url.href,
      note: `The page address keeps texts of up to ${formatCount(MAX_SHARED_CHARS, 'character')}; this one has ${formatCount(length)}, so a link to this page will not bring it back.`,
    };
  }
  url.searchParams.set(TEXT_PARAM, text);
  return { href: url.href, note: null };
}
