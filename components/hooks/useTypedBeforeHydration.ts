import { useEffect, useState } from 'preact/hooks';

/**
 * Keeps what the reader typed into a server-rendered field before its
 * island woke up. Until the panel's code arrives the field is plain HTML
 * and takes typing; when Preact hydrates the island, its state still holds
 * the default, so the field snaps back (a textarea at once, an input on the
 * next render) or the panel computes from the default meanwhile.
 *
 * The field (found by its `id`) is read during the island's first render,
 * before hydration touches the DOM: it holds typed text when its value
 * differs from the server-rendered one (`defaultValue`) and from the
 * island's own `value`. That text is then handed to `onTyped`, the field's
 * ordinary edit handler, in an effect, so it flows into state, stores and
 * the address like any edit, and wins over what the panel's own layout
 * effects read from the address or storage at start-up (they run first).
 */
export function useTypedBeforeHydration(id: string, value: string, onTyped: (value: string) => void): void {
  const [typed] = useState(() => {
    if (typeof document === 'undefined') return null;
    const field = document.getElementById(id);
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return null;
    return field.value !== field.defaultValue && field.value !== value ? field.value : null;
  });
  useEffect(() => {
    if (typed !== null) onTyped(typed);
    // Once, at hydration: later edits go through the field's own handler.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
