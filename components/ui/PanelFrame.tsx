import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A problem the panel cannot get past by itself, with an optional way out (for example "Try again"). */
export interface PanelError {
  title: string;
  message: string;
  action?: { label: string; onAction: () => void };
}

export interface PanelFrameProps {
  /** The panel's name, e.g. "Tokenizer"; it also labels the panel's region for assistive technology. */
  title: string;
  /** Where and how the panel computes, shown under the title, e.g. "Runs in your browser: …". */
  runs: string;
  /** What the panel is doing now ("Loading the tokenizer…", "Ready"); announced politely when it changes. */
  status: ComponentChildren;
  /** A problem to show above the panel's content; announced at once. */
  error?: PanelError | null;
  children: ComponentChildren;
  /** The section's id; also the stem of the title's id. Give one when a page has two panels with the same title. */
  id?: string;
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The frame every live panel uses: title, what it runs on, a live status
 * line, an error area and the panel's own content.
 *
 * The title is a <p>, not a heading. A panel sits inside a chapter section
 * that may be an h2 or an h3, so no fixed heading level fits everywhere, and
 * a panel heading would show up in the readers' heading list without being in
 * "On this page" (built from the MDX headings only). Screen reader users
 * still reach each panel by name: the <section> is labelled by its title,
 * which makes it a named region landmark.
 *
 * The status area is always rendered, empty when there is nothing to say,
 * because screen readers announce changes only in live regions that existed
 * before the change. The alert area is always in the DOM as well, but hidden
 * by CSS while empty (`.panel__error:empty`) so it takes no room; an element
 * with role="alert" is announced when it appears, so that costs nothing.
 *
 * `data-ready` appears on the section once the panel's code runs in the page
 * (the server-rendered HTML never has it): the one readiness signal tests and
 * benches wait for, instead of guessing at the framework's hydration.
 */
export function PanelFrame({ title, runs, status, error, children, id }: PanelFrameProps) {
  if (!title.trim()) throw new Error('PanelFrame: the `title` prop must be a non-empty string.');
  const stem = id ?? `panel-${slugify(title) || 'untitled'}`;
  const titleId = `${stem}-title`;
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <section
      class="panel"
      id={id}
      aria-labelledby={titleId}
      data-pagefind-ignore="all"
      data-ready={ready || undefined}
    >
      <p class="panel__title" id={titleId}>
        {title}
      </p>
      <p class="panel__runs">{runs}</p>
      <div class="panel__status" role="status" aria-live="polite">
        {status}
      </div>
      <div class="panel__error" role="alert">
        {error && (
          <>
            <p class="panel__error-title">{error.title}</p>
            <p class="panel__error-message">{error.message}</p>
            {error.action && (
              <button type="button" class="button" onClick={error.action.onAction}>
                {error.action.label}
              </button>
            )}
          </>
        )}
      </div>
      {children}
    </section>
  );
}
