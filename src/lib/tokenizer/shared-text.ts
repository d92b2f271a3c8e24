/**
 * The Tokens panel's text in the page address (`?text=`), so a reader can
 * share what they typed or come back to it. Addresses have practical limits
 * (servers refuse long ones, chat apps cut them), so a text whose encoded
 * form is over the parameter budget (src/lib/page-address.ts), or that
 * could not come back unchanged, stays in the box but not in the address,
 * and the panel says so and offers the text as a file instead.
 */
import { PARAM_BUDGET_BYTES, refusalNote, withParam } from '../page-address';

export const TEXT_PARAM = 'text';

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
  const written = withParam(href, TEXT_PARAM, text === defaultText ? null : text, PARAM_BUDGET_BYTES);
  return { href: written.href, note: written.refused && refusalNote('This text', written.refused) };
}
