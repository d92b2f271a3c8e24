/**
 * Writing a panel's state into the page address (the Tokens text, the
 * sampling settings, the search query, the chat conversation). One rule for
 * all of them: typing rewrites the address at most every
 * ADDRESS_WRITE_DELAY_MS, in place (no history entry per keystroke), and
 * keeps `history.state`, where Astro's client router keeps its own data.
 *
 * The page is a parameter, not the globals: a panel passes `window`, a unit
 * test a stand-in, and nothing here touches the DOM by itself.
 */

import { formatCount } from './core/format';

export const ADDRESS_WRITE_DELAY_MS = 300;

/** The parts of `window` that rewriting the address uses. */
export interface AddressBar {
  location: { readonly href: string };
  history: { readonly state?: unknown; replaceState(data: unknown, unused: string, url: string): void };
}

/** Puts `href` in `page`'s address bar without a new history entry; nothing when it is already there. */
export function replaceAddress(page: AddressBar, href: string): void {
  if (href !== page.location.href) page.history.replaceState(page.history.state ?? null, '', href);
}

export interface AddressWriter {
  /** Rewrites the address with `next(current address)`, unless another call replaces it within the delay. */
  schedule(next: (href: string) => string): void;
  /** Drops the pending write, if any. */
  cancel(): void;
}

/**
 * A writer that coalesces a burst of changes: each `schedule(next)` replaces
 * the pending one, and only the last runs, ADDRESS_WRITE_DELAY_MS after it.
 * `next` computes the new address from `page`'s address when it runs.
 */
export function addressWriter(page: AddressBar): AddressWriter {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule(next) {
      clearTimeout(timer);
      timer = setTimeout(() => replaceAddress(page, next(page.location.href)), ADDRESS_WRITE_DELAY_MS);
    },
    cancel: () => clearTimeout(timer),
  };
}

/**
 * The most bytes an address this site writes may have. Servers refuse
 * longer requests (Node answers 431 above 16 KiB of headers; many hosts and
 * CDNs stop at 8 KiB for the request line), and chat apps cut long links, so
 * a page's own link has to stay well below: 8,000 bytes, with room for the
 * host and path.
 */
export const ADDRESS_BUDGET_BYTES = 8_000;

/**
 * The most bytes one parameter's encoded value may take, by parameter. The
 * long ones (the Tokens text, the conversation, the search query) live on
 * different pages and get 6,000 each; the eleven sampling settings (ten
 * and the loop's limit), which can sit beside the conversation on chapters 4
 * and 5, get 100 each: a usable setting is a plain number or an order's
 * name, ASCII and at most 32 characters, so it always fits, and a value that
 * does not fit is never usable anyway (its box says why). Any page's address
 * then stays under ADDRESS_BUDGET_BYTES with 500 bytes left for the rest.
 */
export const PARAM_BUDGET_BYTES = 6_000;
export const SETTING_BUDGET_BYTES = 100;

/** How many bytes `name=value` takes in a query string, encoded the way URLSearchParams writes it. */
export function encodedParamBytes(name: string, value: string): number {
  // Percent-encoding leaves only ASCII, so the string's length is its byte count.
  return new URLSearchParams([[name, value]]).toString().length;
}

/** Why a value was left out of the address, so the panel can say so. */
export type AddressRefusal =
  /** Its encoded form is over the parameter's budget; `bytes` is what it would have taken. */
  | { reason: 'too-long'; bytes: number; budget: number }
  /** It holds a lone surrogate (half an emoji), which an address can only carry as U+FFFD: it would come back changed. */
  | { reason: 'broken-character' };

/**
 * `href` with `name` set to `value`, or removed when `value` is null. A
 * value that could not come back from the address exactly as it is (too
 * long for `budget`, or not well-formed Unicode) is left out instead, and
 * `refused` says why; other parameters and the fragment are kept.
 */
export function withParam(
  href: string,
  name: string,
  value: string | null,
  budget: number,
): { href: string; refused: AddressRefusal | null } {
  const url = new URL(href);
  let refused: AddressRefusal | null = null;
  if (value !== null && !value.isWellFormed()) refused = { reason: 'broken-character' };
  else if (value !== null) {
    const bytes = encodedParamBytes(name, value);
    if (bytes > budget) refused = { reason: 'too-long', bytes, budget };
  }
  if (value === null || refused) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return { href: url.href, refused };
}

/**
 * The sentence a panel shows when `what` (say, "This text") was left out of
 * the address: why, and that a copied link will not bring it back.
 */
export function refusalNote(what: string, refused: AddressRefusal): string {
  const why =
    refused.reason === 'too-long'
      ? `is too long for the page’s address: it would take ${formatCount(refused.bytes, 'byte')} there, over the ${formatCount(refused.budget)} each part may take so that any server or chat app opens the link`
      : 'holds a broken character (half of an emoji, a lone surrogate), which a page address cannot carry unchanged';
  return `${what} ${why}; a copied link will not bring it back.`;
}
