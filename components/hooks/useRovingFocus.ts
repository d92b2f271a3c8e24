import { useRef } from 'preact/hooks';

const KEYS: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (i, n) => Math.min(i + 1, n - 1),
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowLeft: (i) => Math.max(i - 1, 0),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * One tab stop for a long list of items (chips, rows): Tab enters the list at
 * the active item, arrow keys, Home and End move within it. Thousands of
 * tokens would otherwise be thousands of tab stops.
 */
export function useRovingFocus<T extends HTMLElement>(
  count: number,
  active: number,
  onMove: (index: number) => void,
) {
  const container = useRef<T>(null);
  const tabIndexOf = (index: number) => (index === Math.min(Math.max(active, 0), count - 1) ? 0 : -1);
  const onKeyDown = (event: KeyboardEvent) => {
    const move = KEYS[event.key];
    if (!move || count === 0) return;
    event.preventDefault();
    const next = move(Math.max(active, 0), count);
    onMove(next);
    container.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };
  return { container, tabIndexOf, onKeyDown };
}
