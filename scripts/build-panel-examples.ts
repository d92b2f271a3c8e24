/**
 * Writes src/components/generated/PanelExample.astro by hand; Astro already
 * does it at the start of every `astro dev/build/check/sync`
 * (src/integrations/panel-examples.ts, where the generator lives).
 * Usage: npm run panel-examples
 */
import path from 'node:path';
import { PANEL_EXAMPLE_FILE, writePanelExamples } from '../src/integrations/panel-examples';

const names = await writePanelExamples(path.resolve(import.meta.dirname, '..'));
console.log(`Wrote ${PANEL_EXAMPLE_FILE} (${names.length} panels).`);
