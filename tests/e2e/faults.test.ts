/**
 * The fault suite: every file a panel fetches, served badly on purpose by
 * a fault layer in front of the local server (slow, 404, 500, a 200 with
 * half the file, a 200 with the right length of garbage, a dropped
 * connection), then served well again. Each case asserts what a reader
 * sees: the loading state or an explanation, a retry, and recovery in the
 * same browser, without clearing anything. Nothing leaves 127.0.0.1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page, Route } from 'playwright-core';
import { mimeType } from '../../support/site';
import { E2E_DIST_PATH, UNTIL, useSite } from './suite';

const site = useSite();

type Fault = 'slow' | 'http-404' | 'http-500' | 'truncated' | 'corrupted' | 'dropped';
const FAULTS: readonly Fault[] = ['slow', 'http-404', 'http-500', 'truncated', 'corrupted', 'dropped'];

interface Target {
  /** What fails, as the test's name says it. */
  name: string;
  /** The file under the built site (or a function finding it), and the glob the fault layer catches. */
  file: string;
  glob: string;
  address: string;
  panel: string;
  /** What makes the panel fetch the file, once its code runs. */
  start?: (panel: Locator) => Promise<void>;
  /** The explanation a failure must show (in the panel's alert). */
  explanation: RegExp;
  /** The button that retries. */
  retry: string;
  /** Resolves once the panel works. */
  works: (panel: Locator, page: Page) => Promise<void>;
  /**
   * Console lines a library logs about the fault itself (Pagefind reports a bad index in its
   * own words, from its own scripts): forgiven like the failed request, nothing else is.
   */
  libraryLog?: RegExp;
}

/** The built file whose name starts with `prefix` in `_astro/` (workers carry a content hash). */
function astroFile(prefix: string): string {
  const name = readdirSync(path.join(E2E_DIST_PATH, '_astro')).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no _astro/${prefix}* in the build`);
  return `_astro/${name}`;
}

const text = (locator: Locator) => locator.textContent().then((value) => value ?? '');

/** What a reader does with each panel, and what they see when it works: shared by the panel's files. */
type PanelUse = Omit<Target, 'name' | 'file' | 'glob'>;

const TOKENS: PanelUse = {
  address: 'chapters/tokens/',
  panel: 'Tokenizer',
  explanation: /The tokenizer did not load/,
  retry: 'Try again',
  works: (panel) => panel.getByText(/Tokenizer ready/).waitFor(),
};

const CHAT: PanelUse = {
  address: 'chapters/chat-template/',
  panel: 'Chat template',
  explanation: /The chat template did not load/,
  retry: 'Try again',
  works: (panel) => panel.getByText(/Template ready/).waitFor(),
};

const ONE_TOKEN: PanelUse = {
  address: 'chapters/one-token/',
  panel: 'One token',
  start: (panel) => panel.getByRole('button', { name: 'Run one step' }).click(),
  explanation: /The model did not start/,
  retry: 'Try again',
  works: async (panel) => {
    await expect.poll(() => text(panel.getByRole('status')), UNTIL).toMatch(/^Step 1: picked/);
  },
};

const DIGITS: PanelUse = {
  address: 'chapters/parameters/',
  panel: 'Handwritten digits',
  start: async (panel) => {
    const load = panel.getByRole('button', { name: /^Load 10,000 digits/ });
    await expect.poll(() => load.isEnabled(), UNTIL).toBe(true);
    await load.click();
  },
  explanation: /The digits did not load|TensorFlow\.js/,
  retry: 'Try again',
  works: async (panel) => {
    await expect.poll(() => text(panel.locator('.run-summary')), UNTIL).toMatch(/^8,000 digits to train on/);
  },
};

const SEARCH: PanelUse = {
  address: 'search/?q=softmax',
  panel: 'Search the chapters',
  explanation: /Search is not available/,
  retry: 'Try again',
  works: (panel) => panel.getByRole('list', { name: 'Pages that match' }).getByRole('link').first().waitFor(),
  libraryLog: /Failed to load|pagefind(-worker)?\.js/,
};

const MISTRAL = 'models/mistralai/Mistral-7B-Instruct-v0.1';

const TARGETS: Target[] = [
  {
    name: 'the tokenizer (tokenizer.json)',
    file: `${MISTRAL}/tokenizer.json`,
    glob: '**/Mistral-7B-Instruct-v0.1/tokenizer.json',
    ...TOKENS,
  },
  {
    name: 'the tokenizer’s worker script',
    file: astroFile('tokenizer.worker-'),
    glob: '**/_astro/tokenizer.worker-*.js',
    ...TOKENS,
  },
  {
    name: 'the chat template (tokenizer_config.json)',
    file: `${MISTRAL}/tokenizer_config.json`,
    glob: '**/Mistral-7B-Instruct-v0.1/tokenizer_config.json',
    ...CHAT,
  },
  {
    name: 'the chat template’s worker script',
    file: astroFile('chat-template.worker-'),
    glob: '**/_astro/chat-template.worker-*.js',
    ...CHAT,
  },
  {
    name: 'the pocket model’s weights',
    file: 'models/pocket/model.safetensors',
    glob: '**/models/pocket/model.safetensors',
    ...ONE_TOKEN,
  },
  {
    name: 'the in-page model’s worker script',
    file: astroFile('glassbox.worker-'),
    glob: '**/_astro/glassbox.worker-*.js',
    ...ONE_TOKEN,
  },
  { name: 'the MNIST digits', file: 'data/mnist-10k.bin.gz', glob: '**/data/mnist-10k.bin.gz', ...DIGITS },
  {
    name: 'the TensorFlow.js worker script',
    file: astroFile('mlp.worker-'),
    glob: '**/_astro/mlp.worker-*.js',
    ...DIGITS,
  },
  {
    name: 'the search index’s entry file',
    file: 'pagefind/pagefind-entry.json',
    glob: '**/pagefind/pagefind-entry.json*',
    ...SEARCH,
  },
  {
    name: 'the search index’s wasm',
    file: 'pagefind/wasm.en.pagefind',
    glob: '**/pagefind/wasm.en.pagefind*',
    ...SEARCH,
  },
];

/** Serves `body` badly, the way `fault` says; `slow` waits until `released`, then lets the server answer. */
function faultyAnswer(fault: Fault, body: Buffer, contentType: string, released: Promise<void>) {
  return async (route: Route) => {
    switch (fault) {
      case 'slow':
        await released;
        return route.continue();
      case 'http-404':
        return route.fulfill({ status: 404, body: 'Not found' });
      case 'http-500':
        return route.fulfill({ status: 500, body: 'Internal server error' });
      case 'truncated':
        return route.fulfill({
          status: 200,
          contentType,
          body: body.subarray(0, Math.floor(body.length / 2)),
        });
      case 'corrupted': {
        // The right length, the wrong bytes: a deterministic pattern, so a failure can be reproduced.
        const garbage = Buffer.alloc(body.length);
        for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff;
        return route.fulfill({ status: 200, contentType, body: garbage });
      }
      case 'dropped':
        return route.abort('connectionreset');
    }
  };
}

describe('every file a panel fetches, served badly and then well', () => {
  for (const target of TARGETS) {
    describe(target.name, () => {
      for (const fault of FAULTS) {
        it(`${fault}: explains, keeps the reader’s place, recovers`, async () => {
          const body = readFileSync(path.join(E2E_DIST_PATH, target.file));
          const { page, context } = await site.blank();
          let release = () => {};
          const released = new Promise<void>((resolve) => (release = resolve));
          let broken = true;
          const answer = faultyAnswer(fault, body, mimeType(target.file), released);
          await context.route(target.glob, (route) => (broken ? answer(route) : route.continue()));

          await page.goto(`${site.server.url}${target.address}`);
          const panel = await site.panel(page, target.panel);
          await target.start?.(panel);
          if (fault === 'slow') {
            // Nothing is wrong yet: the panel waits, says it is loading, and shows no error.
            await expect.poll(() => text(panel.getByRole('status').first()), UNTIL).toMatch(/…/);
            expect(await panel.getByRole('alert').count()).toBe(0);
            release();
            await target.works(panel, page);
          } else {
            const alert = panel.getByRole('alert');
            await expect.poll(() => text(alert), UNTIL).toMatch(target.explanation);
            // Spoken to a reader: no stack trace, no developer's switches.
            expect(await text(alert)).not.toMatch(
              /local_files_only|allowRemoteModels|at \w+ \(|npm run|Failed to load Pagefind|invalid gzip/,
            );
            broken = false;
            await alert.getByRole('button', { name: target.retry }).click();
            await target.works(panel, page);
          }
          // The failure on purpose may leave a failed request and the browser's own console line for it
          // (both naming the file), and a library's own log of it; nothing else is forgiven: no page
          // error, no other failure.
          const file = path.basename(target.file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          const mentionsFile = new RegExp(file);
          for (const kind of ['failedRequests', 'consoleErrors'] as const) {
            const forgiven = (line: string) =>
              mentionsFile.test(line) || (kind === 'consoleErrors' && target.libraryLog?.test(line) === true);
            const kept = site.current.problems[kind].filter((line) => !forgiven(line));
            site.current.problems[kind].splice(0, Infinity, ...kept);
          }
          site.expectHealthy();
        });
      }
    });
  }
});

describe('TensorFlow.js’s WebAssembly files', () => {
  const WASM_SAYS: Record<Exclude<Fault, 'slow'>, string> = {
    'http-404': 'Its WebAssembly file did not download (HTTP 404).',
    'http-500': 'Its WebAssembly file did not download (HTTP 500).',
    truncated: 'Its WebAssembly file arrived damaged or incomplete.',
    corrupted: 'Its WebAssembly file arrived damaged or incomplete.',
    dropped: 'Its WebAssembly file did not download (the connection failed).',
  };
  for (const fault of FAULTS) {
    it(
      fault === 'slow'
        ? 'slow: waits for the files, then trains on wasm'
        : `${fault}: training falls back to plain JavaScript, says why, and takes wasm again once the files are whole`,
      async () => {
        const file = astroFile('tfjs-backend-wasm-simd-');
        const body = readFileSync(path.join(E2E_DIST_PATH, file));
        const { page, context } = await site.blank();
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        let broken = true;
        const answer = faultyAnswer(fault, body, mimeType(file), released);
        await context.route('**/_astro/tfjs-backend-wasm*.wasm', (route) =>
          broken ? answer(route) : route.continue(),
        );
        await page.goto(`${site.server.url}${DIGITS.address}`);
        const panel = await site.panel(page, DIGITS.panel);
        const current = panel.locator('.backend__name');
        if (fault === 'slow') {
          // A slow file is only slow: the check waits for it, then training runs on wasm.
          await expect.poll(() => text(panel), UNTIL).toContain('checking what works here…');
          release();
          await expect.poll(() => current.getAttribute('data-backend'), UNTIL).toBe('wasm');
        } else {
          await expect.poll(() => current.getAttribute('data-backend'), UNTIL).toBe('cpu');
          await expect
            .poll(() => text(panel), UNTIL)
            .toContain(`wasm (available): ${WASM_SAYS[fault]} Check your connection, then choose it again.`);
          broken = false;
          await panel.getByLabel('Backend').selectOption('wasm');
          await expect.poll(() => current.getAttribute('data-backend'), UNTIL).toBe('wasm');
        }
        // The failures on purpose (the wasm files, and the worker's check of them); nothing else is forgiven.
        for (const kind of ['failedRequests', 'consoleErrors'] as const) {
          const kept = site.current.problems[kind].filter((line) => !/tfjs-backend-wasm/.test(line));
          site.current.problems[kind].splice(0, Infinity, ...kept);
        }
        site.expectHealthy();
      },
    );
  }
});
