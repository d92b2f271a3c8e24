import type { ComponentChildren } from 'preact';
import type { RunStyle } from '../../src/lib/mlp/run-history';

/**
 * A legend key: a short stretch of a chart line, drawn with the line's own
 * colour and dash pattern (so the key is not told apart by colour alone),
 * then its name. The sample is decoration; the name carries the meaning.
 */
export function RunKey({ style, children }: { style: RunStyle; children: ComponentChildren }) {
  return (
    <span class="run-key">
      <svg class="run-key__line" viewBox="0 0 32 8" width="32" height="8" aria-hidden="true">
        <line
          x1="0"
          y1="4"
          x2="32"
          y2="4"
          style={{ stroke: style.color }}
          stroke-width="2.5"
          stroke-dasharray={style.dash.length ? style.dash.join(' ') : undefined}
        />
      </svg>
      {children}
    </span>
  );
}
