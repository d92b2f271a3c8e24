/**
 * Astro integration: fails `astro build` when a built page links to a file
 * of the site that does not exist, or to an id its target page lacks
 * (src/lib/link-check.ts). Runs after the other build steps that write
 * files (the search index), so links to those count as present.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { builtHtmlFiles } from './built-pages';
import { findBrokenLinks, type BuiltPage } from '../lib/link-check';

export default function checkInternalLinks(): AstroIntegration {
  let base = '/';
  return {
    name: 'llm-explainer:links',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const toAddress = (file: string) => {
          const relative = path.relative(root, file).split(path.sep).join('/');
          return base + relative.replace(/(^|\/)index\.html$/, '$1');
        };
        const pages: BuiltPage[] = builtHtmlFiles(root).map((file) => ({
          address: toAddress(file),
          html: readFileSync(file, 'utf8'),
        }));
        const exists = (sitePath: string) =>
          sitePath.startsWith(base) && existsSync(path.join(root, sitePath.slice(base.length)));
        const problems = findBrokenLinks(pages, base, exists);
        if (problems.length > 0) {
          throw new Error(`Broken internal links:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
        }
        logger.info(`internal links of ${pages.length} pages checked`);
      },
    },
  };
}
