import type { ComponentChildren } from 'preact';

/**
 * A box that scrolls a wide table sideways inside the panel, never the page.
 * Anything that can scroll must be reachable from the keyboard (axe's
 * scrollable-region-focusable), so the box takes focus, and as a named
 * region a screen reader announces what it holds.
 */
export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
