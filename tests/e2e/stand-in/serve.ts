/**
 * What an end-to-end test needs to "load" a WebLLM model in Chromium without
 * a GPU: the stand-in worker (./webllm.worker.ts) served in place of the built
 * WebLLM worker script, and the test model folders of
 * scripts/build-model-fixtures.mjs (real tokenizer files) served under the
 * test host the page is pointed at (src/lib/llm/override.ts). Both are routes
 * on the page's own origin: nothing is requested from another host.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { projectRoot } from '../harness';

const FIXTURES = path.join(projectRoot, 'tests', 'fixtures', 'models');

let script: Promise<string> | null = null;

/** The stand-in worker, bundled once per test run. */
export function standInWorkerScript(): Promise<string> {
  script ??= build({
    entryPoints: [path.join(import.meta.dirname, 'webllm.worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  }).then((result) => result.outputFiles[0]!.text);
  return script;
}

/**
 * Routes the WebLLM worker script to the stand-in and `testHost` to the
 * model folders; `extra` adds files by path under the host (a stand-in's
 * scripted reply, say). A file neither has is a 404, as on a real host.
 */
export async function serveStandInModels(
  context: BrowserContext,
  testHost: string,
  extra: Record<string, string> = {},
): Promise<void> {
  const worker = await standInWorkerScript();
  await context.route('**/_astro/webllm.worker-*.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: worker }),
  );
  await context.route(`${testHost}**`, async (route) => {
    const file = decodeURIComponent(
      new URL(route.request().url()).pathname.slice(new URL(testHost).pathname.length),
    );
    if (file in extra)
      return route.fulfill({ status: 200, contentType: 'application/json', body: extra[file]! });
    const full = path.join(FIXTURES, file);
    if (!full.startsWith(FIXTURES + path.sep)) return route.fulfill({ status: 404, body: 'Not found' });
    try {
      return await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: await readFile(full),
      });
    } catch {
      return route.fulfill({ status: 404, body: 'Not found' });
    }
  });
}
