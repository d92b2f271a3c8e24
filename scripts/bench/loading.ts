/**
 * Figures for the "Loading the model" chapter: what the page weighs before and
 * after the reader clicks Load, and how long the device check and a load that
 * fails at the first model file take in Chromium. No model host is reachable
 * here, so the load is pointed at the local server (the test-only key in
 * src/lib/llm/override.ts) and ends in a 404: what it measures is starting the
 * worker and WebLLM up to its first request, not a model download.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { moduleGraph } from './page-weight';
import type { Row } from './tokenizer';

const CHAPTER = 'chapters/loading-the-model/';
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** The chapter's page scripts and island code (every visit) beside the WebLLM worker bundle (only on a click). */
export function loadingPageWeight(distDir: string): Row[] {
  const html = readFileSync(path.join(distDir, CHAPTER, 'index.html'), 'utf8');
  const assets = path.join(distDir, '_astro');
  // Every module the HTML names (page scripts, island components and renderers) and what they import.
  const named = [
    ...new Set([...html.matchAll(/_astro\/([\w.-]+\.js)/g)].map((m) => path.join(assets, m[1]!))),
  ];
  const page = new Set(named.flatMap((file) => [...moduleGraph(file)]));
  const workers = readdirSync(assets)
    .filter((name) => /^webllm\.worker.*\.js$/.test(name))
    .map((name) => path.join(assets, name));
  const row = (what: string, when: string, files: string[]): Row => ({
    what,
    when,
    files: files.length,
    'raw KiB': kib(files.reduce((t, f) => t + readFileSync(f).length, 0)),
    'gzip KiB': kib(files.reduce((t, f) => t + gzipSync(readFileSync(f), { level: 9 }).length, 0)),
  });
  return [
    row('page scripts and the three panels with their imports', 'page load / panels scroll into view', [
      ...page,
    ]),
    row('WebLLM worker (@mlc-ai/web-llm)', 'the reader clicks Load', workers),
  ];
}

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
    let failMs: number | string = 'n/a (no WebGPU: the button is disabled)';
    const f32 = loader.getByRole('radio', { name: /Mistral-7B-Instruct v0.3/ });
    if (await f32.isEnabled()) {
      await f32.check();
      const clicked = Date.now();
      await loader.getByRole('button', { name: /Download and load/ }).click();
      await loader.getByText('A model file is missing on the server').waitFor({ timeout: 60_000 });
      failMs = Date.now() - clicked;
    }
    rows.push({
      browser: label,
      'panel visible → verdict ms': verdictMs,
      'click → 404 explained ms': failMs,
    });
    await context.close();
  }
  return rows;
}
