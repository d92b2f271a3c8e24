/**
 * The colour theme. By default the page follows the system setting
 * (`prefers-color-scheme`); once the reader presses the theme button, their
 * choice is stored and set as `data-theme` on `<html>`, which the CSS lets
 * win over the system setting. The pre-paint script in `BaseLayout.astro`
 * repeats the storage key by hand because it runs before any bundle loads.
 */

export type Theme = 'light' | 'dark';

/** The localStorage key of the reader's choice. */
export const THEME_STORAGE_KEY = 'llm-explainer-theme';

/** A stored or attribute value as a theme, or null when it is absent or unknown. */
export function parseTheme(value: string | null | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/** The theme the page shows: the reader's choice if any, else the system's. */
export function effectiveTheme(chosen: Theme | null, systemPrefersDark: boolean): Theme {
  return chosen ?? (systemPrefersDark ? 'dark' : 'light');
}

/** The theme a press of the toggle switches to. */
export function toggledTheme(current: Theme): Theme {
  return current === 'dark' ? 'light' : 'dark';
}
