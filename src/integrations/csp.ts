/**
 * Astro integration: after `astro build`, gives every HTML page the site's
 * Content Security Policy (see src/lib/csp.ts for what it allows and why),
 * and writes `_headers` with the same policy, `frame-ancestors` and the other
 * headers for hosts that read it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { builtHtmlFiles } from './built-pages';
import { buildPolicy, connectOrigins, headersFile, inlineScripts, withPolicy } from '../lib/csp';
import registry from '../lib/llm/generated/webllm-models.json';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export default function contentSecurityPolicy(): AstroIntegration {
  return {
    name: 'llm-explainer:csp',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const files = builtHtmlFiles(fileURLToPath(dir));
        const pages = files.map((file) => readFileSync(file, 'utf8'));
        const modelUrls = Object.values(registry.models).flatMap((model) => [
          model.modelUrl,
          model.modelLibUrl,
        ]);
        const policy = buildPolicy({
          scriptHashes: pages.flatMap(inlineScripts).map(sha256),
          connectOrigins: connectOrigins(modelUrls),
        });
        files.forEach((file, i) => writeFileSync(file, withPolicy(pages[i]!, policy)));
        writeFileSync(new URL('_headers', dir), headersFile(policy));
        logger.info(
          `content security policy added to ${files.length} pages, and to _headers with frame-ancestors`,
        );
      },
    },
  };
}
