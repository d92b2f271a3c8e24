/**
 * Figures for the "Loading the model" chapter: how long the device check and
 * a load that fails at the first model file take in Chromium (its page weight
 * is in the page-weight section with every chapter's). No model host is reachable
 * here, so the load is pointed at the local server (the test-only key in
 * src/lib/llm/override.ts) and ends in a 404: what it measures is starting the
 * worker and WebLLM up to its first request, not a model download.
 */
import type { Browser } from 'playwright-core';
import type { Row } from './tokenizer';

const CHAPTER = 'chapters/loading-the-model/';

/** Device check and failing-load timings in Chromium, with and without WebGPU (SwiftShader). */
export async function benchLoading(
  browsers: { label: string; browser: Browser }[],
  url: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { label, browser } of browsers) {
    const context = await browser.newContext();
    await context.addInitScript(
      (host) => localStorage.setItem('llm-explainer:test-model-host', host),
      `${url}bench-models/`,
    );
    const page = await context.newPage();
    await page.goto(url + CHAPTER);
    const loader = page.getByRole('region', { name: 'Load the model' });
    const started = Date.now();
    await loader.scrollIntoViewIfNeeded();
    await loader.locator('fieldset[data-checked]').waitFor({ timeout: 30_000 });
    const verdictMs = Date.now() - started;
    // The model the verdict picked for this browser (the small one where storage or the GPU is short).
    const load = loader.getByRole('button', { name: /Download and load/ });
    let failMs: number | string = 'n/a (no model can load here: the button is disabled)';
    const model = ((await load.textContent()) ?? '').replace(/^Download and load /, '');
    if (await load.isEnabled()) {
      const clicked = Date.now();
      await load.click();
      await loader.getByText('A model file is missing on the server').waitFor({ timeout: 60_000 });
      failMs = Date.now() - clicked;
    }
    rows.push({
      browser: label,
      'panel visible → verdict ms': verdictMs,
      model,
      'click → 404 explained ms': failMs,
    });
    await context.close();
  }
  return rows;
}
