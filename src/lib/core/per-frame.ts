/**
 * Coalesces updates: `apply` runs with the newest value at most once per
 * scheduled turn (an animation frame in the page). The loop can pick a token
 * every few milliseconds; the screen only needs the newest state once per
 * frame, and rendering each token would cost more than computing it.
 */
export function perFrame<T>(
  apply: (value: T) => void,
  schedule: (run: () => void) => void,
): (value: T) => void {
  let pending: { value: T } | null = null;
  return (value) => {
    const first = pending === null;
    pending = { value };
    if (!first) return;
    schedule(() => {
      const latest = pending!;
      pending = null;
      apply(latest.value);
    });
  };
}
