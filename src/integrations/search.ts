/**
 * Astro integration: after `astro build`, Pagefind indexes the chapters
 * (the parts marked `data-pagefind-body`, minus the live panels) and writes
 * its index and client into `dist/pagefind/`. The search page loads that
 * client on demand; nothing of it rides on any other page.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

export default function chapterSearch(): AstroIntegration {
  return {
    name: 'llm-explainer:search',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
          if (added.page_count === 0) throw new Error('Pagefind found no page marked data-pagefind-body.');
          const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
          if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
          logger.info(`search index of ${added.page_count} pages written to pagefind/`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
