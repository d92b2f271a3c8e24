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
