import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

type Field = HTMLInputElement | HTMLTextAreaElement;

/**
 * Keeps what the reader typed into a server-rendered field before its
 * island woke up. Until the panel's code arrives the field is plain HTML
 * and takes typing; when Preact hydrates it, it leaves the field's text
 * alone but the island's state still holds the default, so the next render
 * would put the default back (and the panel computes from it meanwhile).
 *
 * The field's text is read in a layout effect, before any render can
 * overwrite it: it differs from the server-rendered value (`defaultValue`)
 * and from the island's own value only when the reader typed. It is then
 * handed to `onTyped`, the field's ordinary edit handler, in a passive
 * effect, so it flows into state, stores and the address like any edit, and
 * wins over what the panel's own layout effects read from the address or
 * storage at start-up (those run between the two).
 *
 * Returns the ref to put on the field.
 */
export function useTypedBeforeHydration<T extends Field>(
  value: string,
  onTyped: (value: string) => void,
): RefObject<T> {
  const field = useRef<T>(null);
  const typed = useRef<string | null>(null);
  useLayoutEffect(() => {
    const element = field.current;
    if (element && element.value !== element.defaultValue && element.value !== value)
      typed.current = element.value;
    // Once, at hydration: later renders are the island's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (typed.current !== null) onTyped(typed.current);
    typed.current = null;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return field;
}
