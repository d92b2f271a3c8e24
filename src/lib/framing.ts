/**
 * Whether the page is shown inside another site's frame. The headers file
 * (`_headers`, written at build time) forbids framing where the host honours
 * it, but GitHub Pages sends no headers and a `<meta>` policy cannot carry
 * `frame-ancestors`; so the one action that costs the reader gigabytes, the
 * model download, checks for itself and will not start inside a foreign
 * frame, where a click could have been tricked.
 */

/** The parts of `window` the check reads. */
export interface FramedWindow {
  readonly self: unknown;
  readonly top: { readonly location: { readonly origin: string } } | null;
  readonly location: { readonly origin: string };
}

/** True when `page` is framed by a page of another origin (or one it cannot see). */
export function inForeignFrame(page: FramedWindow): boolean {
  if (page.top === null || page.top === page.self) return false;
  try {
    // Reading a cross-origin frame's location throws a SecurityError.
    return page.top.location.origin !== page.location.origin;
  } catch {
    return true;
  }
}
