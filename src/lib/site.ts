/** Facts about the site itself, shown in the header, titles and meta tags. */
export const SITE_NAME = 'LLM Explainer';

/** The default meta description, for pages that have none of their own. */
export const SITE_DESCRIPTION =
  'How a large language model turns a prompt into an answer, step by step, live in your browser.';

/** A page's `<title>`: its own title, then the site name (the home page has only the site name). */
export function pageTitle(title?: string): string {
  return title ? `${title} · ${SITE_NAME}` : SITE_NAME;
}
