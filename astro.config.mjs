// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { fileURLToPath } from 'node:url';
import contentSecurityPolicy from './src/integrations/csp.ts';
import chapterSearch from './src/integrations/search.ts';
import checkInternalLinks from './src/integrations/links.ts';
import panelExamples from './src/integrations/panel-examples.ts';

// A base path (for example `/llm-explainer/` on GitHub Pages) comes from the
// environment so one build setup serves both the root and a sub-folder.
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  site: process.env.SITE_URL ?? 'https://llm-explainer.example.org',
  base,
  trailingSlash: 'ignore',
  // The policy goes in last, once every page (and every inline script) exists.
  integrations: [
    panelExamples(),
    mdx(),
    preact(),
    sitemap(),
    chapterSearch(),
    checkInternalLinks(),
    contentSecurityPolicy(),
  ],
  markdown: {
    shikiConfig: {
      // Both themes are emitted; CSS picks one from the page's colour scheme. The
      // '-default' GitHub palettes keep every token at WCAG AA contrast (github-light's
      // orange does not).
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: false,
    },
  },
  vite: {
    worker: { format: 'es' },
    resolve: {
      // transformers.js runs only tokenizers here; see stubs/onnxruntime-web-webgpu.js for why.
      alias: [
        {
          find: /^onnxruntime-web\/webgpu$/,
          replacement: fileURLToPath(new URL('./stubs/onnxruntime-web-webgpu.js', import.meta.url)),
        },
      ],
    },
  },
});
