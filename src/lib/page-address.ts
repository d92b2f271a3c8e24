/**
 * Writing a panel's state into the page address (the Tokens text, the
 * sampling settings, the search query; the chat store does the same through
 * its own testable page interface). One rule for all of them: typing
 * rewrites the address at most every ADDRESS_WRITE_DELAY_MS, in place (no
 * history entry per keystroke), and keeps `history.state`, where Astro's
 * client router keeps its own data.
 */

export const ADDRESS_WRITE_DELAY_MS = 300;

/** Puts `href` in the address bar without a new history entry; nothing when it is already there. */
export function replaceAddress(href: string): void {
  if (href !== location.href) history.replaceState(history.state, '', href);
}

/**
 * A writer that coalesces a burst of changes: each `schedule(next)` replaces
 * the pending one, and only the last runs, ADDRESS_WRITE_DELAY_MS after it.
 * `next` computes the new address from the current one when it runs.
 */
export function addressWriter(): { schedule(next: (href: string) => string): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule(next) {
      clearTimeout(timer);
      timer = setTimeout(() => replaceAddress(next(location.href)), ADDRESS_WRITE_DELAY_MS);
    },
    cancel: () => clearTimeout(timer),
  };
}
