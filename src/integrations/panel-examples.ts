/**
 * Astro integration: writes the panel catalogue's list of live examples
 * (scripts/build-panel-examples.mjs) when Astro starts, for dev, build,
 * check and sync alike, so a panel added to components/ is always in it.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { writePanelExamples } from '../../scripts/build-panel-examples.mjs';

export default function panelExamples(): AstroIntegration {
  return {
    name: 'llm-explainer:panel-examples',
    hooks: {
      'astro:config:setup': async ({ config }) => {
        await writePanelExamples(fileURLToPath(config.root));
      },
    },
  };
}
