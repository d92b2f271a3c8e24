/**
 * Internal links. Every internal href goes through `withBase` with
 * `import.meta.env.BASE_URL`, so a build under a sub-folder (`SITE_BASE=/llm-explainer/`)
 * links to its own pages rather than to the host's root.
 */

/** `path` under `base`, with exactly one slash between them: `withBase('/x', '/a/')` -> `/x/a/`. */
export function withBase(base: string, path: string): string {
  const slashedBase = base.endsWith('/') ? base : `${base}/`;
  return `${slashedBase}${path.replace(/^\/+/, '')}`;
}
