import { useStore } from '@nanostores/preact';
import type { ReadableAtom } from 'nanostores';
import { useEffect, useState } from 'preact/hooks';

/**
 * A store's value, but `serverValue` until the island has mounted. The
 * loading chapter's stores live at module level and may already hold a
 * result when an island hydrates (a device check another panel ran, an engine
 * that survived a page swap). Preact's hydration does not patch attributes
 * such as `disabled`, so the first client render must match the server's
 * HTML; the real value follows one render later.
 */
export function useClientStore<T>(store: ReadableAtom<T>, serverValue: T): T {
  const value = useStore(store);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? value : serverValue;
}
