/**
 * The "Loading the model" chapter in real Chromium, against the built site.
 * No model host is reachable here, so the tests go up to that boundary: the
 * device check without WebGPU and on SwiftShader (--enable-unsafe-webgpu, no
 * shader-f16), real WebLLM loads whose files come from this test server (404,
 * a hanging request, a served config), cancel, retry, and WebLLM's own cache
 * deletion on files the test stores the way WebLLM does.
 *
 * The model files are pointed at the test server through the test-only
 * localStorage key (src/lib/llm/override.ts); readers always get the real URLs.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations, type TestPage } from './harness';
import { recordRequests, UNTIL, useSite } from './suite';

const ADDRESS = 'chapters/loading-the-model/';
const TEST_HOST_KEY = 'llm-explainer:test-model-host';
const F32_ID = 'Mistral-7B-Instruct-v0.3-q4f32_1-MLC';
const site = useSite();

const testHost = () => `${site.server.url}test-models/`;
const f32Folder = () => `${testHost()}${F32_ID}/resolve/main/`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * The line a request to the test host that answered `status` leaves;
 * `file` is a pattern under the host (`[^/]+` stands for any one folder).
 */
const testHostLine = (file: string, status: number) =>
  new RegExp(`^${escapeRegExp(testHost())}${file}: HTTP ${status}$`);

const GiB = 1024 ** 3;

interface ChapterOptions {
  gpu: boolean;
  testModels?: boolean;
  colorScheme?: 'light' | 'dark';
  storage?: { quota: number; usage: number };
}

/**
 * A page ready to open the chapter, not there yet (listen or route first).
 * Headless Chromium's storage quota follows the machine's free disk (4 GiB
 * on one CI machine, more on another), so the page is told a fixed
 * `navigator.storage.estimate()`: a roomy disk unless a test asks for a
 * full one. The verdict's other inputs are the real adapter's.
 */
async function prepareChapter(options: ChapterOptions): Promise<TestPage> {
  const current = await site.blank({ webgpu: options.gpu, colorScheme: options.colorScheme ?? 'light' });
  const storage = options.storage ?? { quota: 100 * GiB, usage: 0 };
  await current.context.addInitScript((estimate) => {
    StorageManager.prototype.estimate = () => Promise.resolve(estimate);
  }, storage);
  if (options.testModels) {
    await current.context.addInitScript(([key, host]) => localStorage.setItem(key, host), [
      TEST_HOST_KEY,
      testHost(),
    ] as const);
  }
  return current;
}

/** Opens the chapter (see `prepareChapter`). */
async function openChapter(options: ChapterOptions): Promise<Page> {
  const { page } = await prepareChapter(options);
  await page.goto(site.server.url + ADDRESS);
  return page;
}

const panel = (page: Page, title: string) => page.getByRole('region', { name: title });
const loader = (page: Page) => panel(page, 'Load the model');
const status = (page: Page, title: string) => panel(page, title).getByRole('status');
const alertText = (page: Page) => loader(page).locator('.panel__error').textContent();

/** Shows the loader and waits for the device verdict. */
async function showLoader(page: Page) {
  await site.panel(page, 'Load the model');
  await loader(page).locator('fieldset[data-checked]').waitFor();
  await expect.poll(() => loader(page).locator('.cache-line').textContent(), UNTIL).not.toMatch(/^Checking/);
}

/** Opens the chapter, waits for the loader's verdict, and starts loading v0.3 (the build SwiftShader can run). */
async function openAndLoadV03(page: Page) {
  await page.goto(site.server.url + ADDRESS);
  await showLoader(page);
  await loader(page)
    .getByRole('radio', { name: /Mistral-7B-Instruct v0.3/ })
    .check();
  await loader(page)
    .getByRole('button', { name: /Download and load Mistral-7B-Instruct v0.3/ })
    .click();
}

describe('without WebGPU', () => {
  it('explains why the model cannot load and what the reader can still do, with no page error', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const current = await prepareChapter({ gpu: false });
    const requests = recordRequests(current);
    const { page } = current;
    await page.goto(site.server.url + ADDRESS);
    const check = await site.panel(page, 'Will it run here?');
    await expect
      .poll(() => status(page, 'Will it run here?').textContent(), UNTIL)
      .toBe(
        'No WebGPU here, so the model cannot load in this browser. Everything else in the chapter still works.',
      );
    expect(
      await check.getByRole('list', { name: 'What this device means for the model' }).textContent(),
    ).toContain('found no GPU it is willing to use');
    expect(await check.getByText('What you can still do here').isVisible()).toBe(true);
    expect(await check.getByRole('row', { name: /Mistral-7B-Instruct v0.2/ }).textContent()).toContain(
      'Cannot run · Needs WebGPU.',
    );

    await showLoader(page);
    const load = loader(page).getByRole('button', { name: /Download and load/ });
    expect(await load.isDisabled()).toBe(true);
    expect(await loader(page).locator('#loader-why-not').textContent()).toMatch(/^No WebGPU here/);
    expect(
      await loader(page)
        .getByRole('radio')
        .evaluateAll((radios) => radios.map((radio) => (radio as HTMLInputElement).disabled)),
    ).toEqual([true, true, true]);

    // The memory predictor needs no GPU: the cache doubles with the context.
    const memory = await site.panel(page, 'Memory predictor');
    await memory.getByLabel(/Context length/).fill('4');
    await expect
      .poll(() => status(page, 'Memory predictor').textContent(), UNTIL)
      .toBe('At 8,192 tokens of context the key/value cache takes 1.0 GiB.');

    expect(requests.filter((url) => /webllm|huggingface|githubusercontent/.test(url))).toEqual([]);
    site.expectHealthy();
  });
});

describe('on SwiftShader (WebGPU without shader-f16)', () => {
  it('names the missing feature, offers the 32-bit build and says how its ids differ', async () => {
    const page = await openChapter({ gpu: true });
    await site.panel(page, 'Will it run here?');
    const reasons = panel(page, 'Will it run here?').getByRole('list', {
      name: 'What this device means for the model',
    });
    await expect
      .poll(() => reasons.textContent(), UNTIL)
      .toContain('shader-f16: no. Builds that compute in 16-bit floats cannot run; 32-bit builds can.');
    expect(await reasons.textContent()).toContain('software adapter that runs on the CPU');

    await showLoader(page);
    const f16 = loader(page).getByRole('radio', { name: /Mistral-7B-Instruct v0.2/ });
    const f32 = loader(page).getByRole('radio', { name: /Mistral-7B-Instruct v0.3/ });
    await expect.poll(() => f16.isDisabled(), UNTIL).toBe(true);
    expect(await loader(page).locator('#model-choice-mistral-f16-details').textContent()).toContain(
      'Not here: Needs the shader-f16 feature, which this GPU does not offer.',
    );
    expect(await f32.isEnabled()).toBe(true);
    expect(await loader(page).locator('#model-choice-mistral-f32-details').textContent()).toContain(
      '32,768-token vocabulary: 768 control tokens',
    );
    await f32.check();
    expect(
      await loader(page)
        .getByRole('button', { name: /Download and load/ })
        .textContent(),
    ).toBe('Download and load Mistral-7B-Instruct v0.3 (about 4.2 GiB)');
    site.expectHealthy();
  });
});

describe('with little storage left', () => {
  it('blocks the builds that would not fit, says how much fits, and offers the small model', async () => {
    const page = await openChapter({ gpu: true, storage: { quota: 5 * GiB, usage: 1 * GiB } });
    await showLoader(page);
    const f32 = loader(page).getByRole('radio', { name: /Mistral-7B-Instruct v0.3/ });
    const small = loader(page).getByRole('radio', { name: /Qwen2.5-0.5B-Instruct/ });
    await expect.poll(() => f32.isDisabled(), UNTIL).toBe(true);
    expect(await loader(page).locator('#model-choice-mistral-f32-details').textContent()).toContain(
      'Not here: Downloads about 4.2 GiB, but this site may store only 4.0 GiB more.',
    );
    expect(await small.isEnabled()).toBe(true);
    expect(await small.isChecked()).toBe(true);
    expect(
      await loader(page)
        .getByRole('button', { name: /Download and load/ })
        .textContent(),
    ).toBe('Download and load Qwen2.5-0.5B-Instruct (about 294 MiB)');
    site.expectHealthy();
  });
});

describe('loading through WebLLM from a test host', () => {
  it('starts WebLLM only on the click, ends a 404 in a clear error, and Try again really runs again', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const current = await prepareChapter({ gpu: true, testModels: true });
    const requests = recordRequests(current);
    const { page } = current;
    await page.goto(site.server.url + ADDRESS);
    await showLoader(page);
    expect(await loader(page).getByText(`Test mode: model files come from ${testHost()}`).isVisible()).toBe(
      true,
    );
    expect(requests.some((url) => url.includes('webllm.worker'))).toBe(false);

    await loader(page)
      .getByRole('radio', { name: /Mistral-7B-Instruct v0.3/ })
      .check();
    await loader(page)
      .getByRole('button', { name: /Download and load Mistral-7B-Instruct v0.3/ })
      .click();
    await expect.poll(() => alertText(page), UNTIL).toContain('A model file is missing on the server');
    expect(await alertText(page)).toContain(
      `answered 404 for mlc-chat-config.json (${f32Folder()}mlc-chat-config.json)`,
    );
    expect(await status(page, 'Load the model').textContent()).toBe(
      'Loading Mistral-7B-Instruct v0.3 stopped.',
    );
    expect(requests.some((url) => url.includes('webllm.worker'))).toBe(true);
    // The click also asked for persistent storage; headless Chromium answers, and the panel says what it said.
    expect(await loader(page).locator('.persist-line').textContent()).toMatch(
      /^Persistent storage: (granted|not granted)/,
    );

    // Now the host serves the config (the compiled library is still missing): the retry must get further.
    // The 404s on purpose: WebLLM's request for the config, then the worker's probe (HEAD) of the config and
    // the compiled library, which names the missing file in the message.
    await site.clearExpected({
      failedRequests: [
        testHostLine(`${escapeRegExp(F32_ID)}/resolve/main/mlc-chat-config\\.json`, 404),
        testHostLine('libs/Mistral-7B-Instruct-v0\\.3-q4f32_1_cs1k-webgpu\\.wasm', 404),
      ],
    });
    await current.context.route(`${f32Folder()}mlc-chat-config.json`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ tokenizer_files: ['tokenizer.json'] }),
      }),
    );
    await loader(page).getByRole('button', { name: 'Try again' }).click();
    await expect
      .poll(() => alertText(page), UNTIL)
      .toContain('Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm');
    expect(await alertText(page)).toContain('answered 404');
    await site.clearExpected({
      failedRequests: [testHostLine('libs/Mistral-7B-Instruct-v0\\.3-q4f32_1_cs1k-webgpu\\.wasm', 404)],
    });
    site.expectHealthy();
  });

  it('explains a WebLLM worker script that did not arrive, and Try again starts a fresh worker', async () => {
    const current = await prepareChapter({ gpu: true, testModels: true });
    const { page } = current;
    let broken = true;
    await current.context.route('**/_astro/webllm.worker-*.js', (route) =>
      broken ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue(),
    );
    await openAndLoadV03(page);
    await expect.poll(() => alertText(page), UNTIL).toMatch(/worker/i);
    expect(await status(page, 'Load the model').textContent()).toBe(
      'Loading Mistral-7B-Instruct v0.3 stopped.',
    );
    broken = false;
    await loader(page).getByRole('button', { name: 'Try again' }).click();
    // The fresh worker runs: it gets as far as the test host's missing config.
    await expect.poll(() => alertText(page), UNTIL).toContain('A model file is missing on the server');
    await site.clearExpected({
      failedRequests: [
        // The 404, and the worker that could not start for it.
        /\/_astro\/webllm\.worker-[\w-]+\.js: (HTTP 404|net::ERR_FAILED)$/,
        testHostLine(`${escapeRegExp(F32_ID)}/resolve/main/mlc-chat-config\\.json`, 404),
        testHostLine('libs/Mistral-7B-Instruct-v0\\.3-q4f32_1_cs1k-webgpu\\.wasm', 404),
      ],
    });
    site.expectHealthy();
  });

  it('cancels a load that hangs and is ready to load again, with nothing stored', async () => {
    const current = await prepareChapter({ gpu: true, testModels: true });
    const { page } = current;
    await current.context.route(`${f32Folder()}mlc-chat-config.json`, () => {
      // Never answer: the download hangs until WebLLM aborts it.
    });
    await openAndLoadV03(page);
    const progress = loader(page).getByRole('progressbar', { name: 'Loading progress' });
    await expect.poll(() => progress.isVisible(), UNTIL).toBe(true);
    await expect
      .poll(() => loader(page).locator('.load-progress__line').textContent(), UNTIL)
      .toMatch(/^Fetching the model’s settings, compiled GPU code and tokenizer… · \d+ s elapsed$/);
    await loader(page).getByRole('button', { name: 'Cancel loading' }).click();
    await expect
      .poll(() => status(page, 'Load the model').textContent(), UNTIL)
      .toBe('No model loaded in this tab.');
    expect(await progress.count()).toBe(0);
    expect(await loader(page).locator('.panel__error').textContent()).toBe('');
    expect(await loader(page).locator('.cache-line').textContent()).toBe('Not stored in this browser yet.');
    expect(
      await loader(page)
        .getByRole('button', { name: /Download and load Mistral-7B-Instruct v0.3/ })
        .isEnabled(),
    ).toBe(true);
    site.expectHealthy();
  });

  it('reports a partly stored model and deletes it with WebLLM’s deleteModelAllInfoInCache', async () => {
    const page = await openChapter({ gpu: true, testModels: true });
    // Store files where WebLLM would: two of three shards, the shard list, the config and the library.
    await page.evaluate(
      async ({ folder, lib }) => {
        const put = async (name: string, url: string, body: string) =>
          (await caches.open(name)).put(url, new Response(body));
        const records = [0, 1, 2].map((i) => ({
          dataPath: `params_shard_${i}.bin`,
          nbytes: 32 * 2 ** 20,
          records: [],
        }));
        await put('webllm/model', `${folder}tensor-cache.json`, JSON.stringify({ metadata: {}, records }));
        await put('webllm/model', `${folder}params_shard_0.bin`, 'x');
        await put('webllm/model', `${folder}params_shard_1.bin`, 'x');
        await put('webllm/config', `${folder}mlc-chat-config.json`, '{}');
        await put('webllm/wasm', lib, 'x');
      },
      { folder: f32Folder(), lib: `${testHost()}libs/Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm` },
    );
    await page.reload();
    await showLoader(page);
    await loader(page)
      .getByRole('radio', { name: /Mistral-7B-Instruct v0.3/ })
      .check();
    await expect
      .poll(() => loader(page).locator('.cache-line').textContent(), UNTIL)
      .toBe('Partly stored: 2 of 3 weight files (64 MiB of 96 MiB). Loading continues from there.');
    expect(
      await loader(page)
        .getByRole('button', { name: /^Resume/ })
        .textContent(),
    ).toBe('Resume: download the rest of Mistral-7B-Instruct v0.3 (about 32 MiB)');
    await loader(page).getByRole('button', { name: 'Delete stored files' }).click();
    await expect
      .poll(() => loader(page).locator('.cache-line').textContent(), UNTIL)
      .toBe('Not stored in this browser yet.');
    const left = await page.evaluate(async () =>
      Promise.all(
        ['webllm/model', 'webllm/config', 'webllm/wasm'].map(
          async (name) => (await (await caches.open(name)).keys()).length,
        ),
      ),
    );
    expect(left).toEqual([0, 0, 0]);
    site.expectHealthy();
  });
});

describe('across chapters', () => {
  it('keeps the engine and its load running when the reader goes to another chapter and comes back', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const current = await prepareChapter({ gpu: true, testModels: true });
    const { page } = current;
    const config = `${f32Folder()}mlc-chat-config.json`;
    const workerScripts: string[] = [];
    const configRequests: string[] = [];
    current.context.on('request', (request) => {
      if (request.url().includes('webllm.worker')) workerScripts.push(request.url());
      if (request.url() === config) configRequests.push(request.method());
    });
    await current.context.route(config, () => {
      // Never answer, so the load is still running when the reader comes back.
    });
    await openAndLoadV03(page);
    await expect.poll(() => loader(page).getByRole('progressbar').isVisible(), UNTIL).toBe(true);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await site.clientNavigate(page, () =>
      page
        .locator('.chapter-sidebar__open')
        .getByRole('link', { name: /The chat template/ })
        .click(),
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The chat template');
    await site.clientNavigate(page, () => page.goBack());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Loading the model');
    await site.panel(page, 'Load the model');
    await expect
      .poll(() => status(page, 'Load the model').textContent(), UNTIL)
      .toBe(
        'Loading Mistral-7B-Instruct v0.3. Fetching the model’s settings, compiled GPU code and tokenizer…',
      );
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(workerScripts).toHaveLength(1);
    // One request for the config, still hanging: the status line shows before WebLLM gets to send it.
    await expect.poll(() => configRequests, UNTIL).toEqual(['GET']);

    await loader(page).getByRole('button', { name: 'Cancel loading' }).click();
    await expect
      .poll(() => status(page, 'Load the model').textContent(), UNTIL)
      .toBe('No model loaded in this tab.');
    site.expectHealthy();
  });
});

describe('the client router the engine relies on', () => {
  it('keeps the chosen theme and a working theme button after a client-side page change', async () => {
    const page = await openChapter({ gpu: false });
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.click();
    await expect.poll(() => page.locator('html').getAttribute('data-theme'), UNTIL).toBe('dark');
    await site.clientNavigate(page, () =>
      page
        .locator('.chapter-sidebar__open')
        .getByRole('link', { name: /Tokens/ })
        .click(),
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tokens');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await expect.poll(() => toggle.getAttribute('aria-pressed'), UNTIL).toBe('true');
    await toggle.click();
    await expect.poll(() => page.locator('html').getAttribute('data-theme'), UNTIL).toBe('light');
    site.expectHealthy();
  });
});

describe('accessibility', () => {
  it('has no axe violations without WebGPU, on SwiftShader, and with a load error, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const gpu of [false, true]) {
        const page = await openChapter({ gpu, testModels: gpu, colorScheme });
        await site.panel(page, 'Memory predictor');
        await site.panel(page, 'Will it run here?');
        await showLoader(page);
        if (gpu) {
          await loader(page)
            .getByRole('button', { name: /Download and load/ })
            .click();
          await expect.poll(() => alertText(page), UNTIL).toContain('missing on the server');
          // The test host has none of the chosen model's files: the config's 404, then the worker's probe
          // (HEAD) of the config and the compiled library, all before the message shows.
          await site.clearExpected({
            failedRequests: [
              testHostLine('[^/]+/resolve/main/mlc-chat-config\\.json', 404),
              testHostLine('libs/[^/]+\\.wasm', 404),
            ],
          });
        }
        const violations = await checkA11y(page);
        expect(violations, `${colorScheme}, gpu ${gpu}: ${formatViolations(violations)}`).toEqual([]);
      }
    }
    site.expectHealthy();
  });
});
