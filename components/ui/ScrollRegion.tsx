import type { ComponentChildren } from 'preact';

interface Props {
  /** What the box holds, for screen readers (it is a named region). */
  label: string;
  /** In a chapter on a wide screen, let the box grow past the text's measure like a panel (global.css `.breakout`). */
  breakout?: boolean;
  children: ComponentChildren;
}

/**
 * A box that scrolls a wide table sideways inside the panel, never the page.
 * Anything that can scroll must be reachable from the keyboard (axe's
 * scrollable-region-focusable), so the box takes focus, and as a named
 * region a screen reader announces what it holds.
 */
export function ScrollRegion({ label, breakout = false, children }: Props) {
  return (
    <div
      class={breakout ? 'table-scroll breakout' : 'table-scroll'}
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
