/**
 * A model loaded in chapter 3 drives chapters 2, 4 and 5 with its own
 * tokenizer and template, in real Chromium. The model is Qwen2.5-0.5B-Instruct
 * "loaded" from this test server: its folder holds the real tokenizer files
 * (scripts/build-model-fixtures.mjs), and a stand-in engine of its vocabulary
 * size stands behind the real worker protocol and logit adapter (see
 * stand-in/). Everything the page fetches stays on 127.0.0.1.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelTokenizer } from '../../src/lib/tokenizer/load';
import { fetchFixture, fixtureFolderUrl } from '../unit/tokenizer-fixture';
import { serveStandInModels } from './stand-in/serve';
import { recordRequests, UNTIL, useSite } from './suite';

const site = useSite();
const TEST_HOST_KEY = 'llm-explainer:test-model-host';
const QWEN = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const V03 = 'Mistral-7B-Instruct-v0.3-q4f32_1-MLC';
const REPLY = 'Hello from Qwen: naïve 🦙 tokens.';
const testHost = () => `${site.server.url}test-models/`;

let qwen: PreTrainedTokenizer;
/** The reply the stand-in writes: the text above in Qwen's ids, then <|im_end|>. */
let script: number[];
beforeAll(async () => {
  qwen = (await loadModelTokenizer(fixtureFolderUrl(QWEN), fetchFixture)).tokenizer;
  script = [...qwen.encode(REPLY, { add_special_tokens: false }), 151_645];
});

/** Chapter 3 with the test host and the stand-in worker, and a model loaded through the loader. */
async function loadModel(title: string, webllmId: string, reply: readonly number[]) {
  const current = await site.blank({ webgpu: true });
  await current.context.addInitScript(([key, host]) => localStorage.setItem(key, host), [
    TEST_HOST_KEY,
    testHost(),
  ] as const);
  await current.context.addInitScript(
    (estimate) => {
      StorageManager.prototype.estimate = () => Promise.resolve(estimate);
    },
    { quota: 100 * 1024 ** 3, usage: 0 },
  );
  await serveStandInModels(current.context, testHost(), {
    [`${webllmId}/resolve/main/stand-in-reply.json`]: JSON.stringify(reply),
  });
  const requests = recordRequests(current);
  const { page } = current;
  await page.goto(`${site.server.url}chapters/loading-the-model/`);
  const loader = await site.panel(page, 'Load the model');
  await loader.locator('fieldset[data-checked]').waitFor();
  await loader.getByRole('radio', { name: title }).check();
  await loader.getByRole('button', { name: `Download and load ${title}`, exact: false }).click();
  await expect
    .poll(() => loader.getByRole('status').textContent(), UNTIL)
    .toMatch(new RegExp(`^${title.replaceAll('.', '\\.')} is loaded`));
  return { page, requests };
}

describe('a model loaded in chapter 3, in the chapters after it', () => {
  it('renders the conversation through its own template in chapter 2, beside Mistral v0.1’s', async () => {
    const { page, requests } = await loadModel('Qwen2.5-0.5B-Instruct', QWEN, script);
    // The client router keeps the document, and with it the loaded engine (src/lib/llm/store.ts).
    await site.followChapterLink(page, /The chat template/);
    const chat = await site.panel(page, 'Chat template');
    const own = chat.getByRole('region', { name: /Qwen2.5-0.5B-Instruct’s own template/ });
    const ids = own.getByRole('list', { name: 'Templated ids for Qwen2.5-0.5B-Instruct' });
    await expect.poll(() => ids.locator('li').count(), UNTIL).toBeGreaterThan(0);
    // ChatML: <|im_start|> system \n first, the assistant's turn opened last, the template's ids marked.
    const chipIds = await ids
      .locator('li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
    expect(chipIds[0]).toMatch(/^Id 1 of \d+: 151644, <\|im_start\|>, added by the template$/);
    expect(chipIds.at(-2)).toMatch(/: 77091, assistant, added by the template$/);
    expect(chipIds.some((label) => /: 6713, Can, from turn text$/.test(label))).toBe(true);
    expect(await own.textContent()).toContain('151,665 byte-level entries');
    // Mistral v0.1's rendering is still there, with the seed notebook's ids.
    const mistral = chat.getByRole('list', { name: 'Templated ids', exact: true });
    expect(await mistral.locator('li').first().getAttribute('aria-label')).toMatch(
      /: 1, <s>, added by the template$/,
    );
    expect(requests.filter((url) => !url.startsWith(site.server.url) && !/^(data|blob):/.test(url))).toEqual(
      [],
    );
    site.expectHealthy();
  });

  it('feeds chapters 4 and 5 its own ids and pieces, stops at <|im_end|>, and switching back restores chapter 1’s ids', async () => {
    const { page, requests } = await loadModel('Qwen2.5-0.5B-Instruct', QWEN, script);
    await site.followChapterLink(page, /One token/);
    const oneToken = await site.panel(page, 'One token');
    expect(await oneToken.locator('.engine-badge').textContent()).toContain('Qwen2.5-0.5B-Instruct');
    const prompt = oneToken.locator('.prompt-line');
    await expect
      .poll(() => prompt.locator('.prompt-line__ids').textContent(), UNTIL)
      .toMatch(/^151644 8948 198 /);
    expect(await prompt.textContent()).toContain('through Qwen2.5-0.5B-Instruct’s own chat template');
    await oneToken.getByRole('textbox', { name: 'Temperature', exact: true }).fill('0');
    await oneToken.getByRole('button', { name: 'Run one step' }).click();
    const picked = oneToken.locator('.picked-token');
    await expect.poll(() => picked.textContent(), UNTIL).toContain(`(id ${script[0]})`);
    expect(await picked.locator('.picked-token__piece').textContent()).toBe(qwen.decode([script[0]!]).trim());
    // Qwen's pieces are bytes: shown as the text they spell (▁ a space, ↵ a newline), listed under the ids.
    expect(await prompt.locator('.prompt-line__pieces').textContent()).toContain(
      '<|im_start|> system ↵ You ▁are ▁Q wen , ▁created',
    );
    // Scores for all 151,936 ids: a step at temperature 1 says how many survived, out of that many.
    await oneToken.getByRole('textbox', { name: 'Temperature', exact: true }).fill('1');
    await oneToken.getByRole('button', { name: 'Run one step' }).click();
    await expect.poll(() => picked.textContent(), UNTIL).toMatch(/ of 151,936 tokens survived every stage/);

    await site.followChapterLink(page, /The loop/);
    const loop = await site.panel(page, 'The loop');
    await expect.poll(() => loop.locator('.prompt-line__ids').textContent(), UNTIL).toMatch(/^151644 /);
    await loop.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => loop.locator('.reply__text').textContent(), UNTIL).toBe(REPLY);
    const status = loop.getByRole('status').first();
    await expect
      .poll(() => status.textContent(), UNTIL)
      .toBe(
        `The model picked <|im_end|> (id 151645), the end-of-text token: the reply is complete after ${script.length} tokens.`,
      );
    expect(await loop.locator('.reply-token').count()).toBe(script.length);

    // The in-page model reads chapter 1's vocabulary: the seed notebook's ids come back.
    await loop.getByRole('radio', { name: /pocket model/ }).check();
    await expect
      .poll(() => loop.locator('.prompt-line__ids').textContent(), UNTIL)
      .toBe(
        '1 733 16289 28793 2418 368 3324 396 4927 20400 767 396 16704 28755 349 28804 733 28748 16289 28793',
      );
    expect(await loop.locator('.prompt-line').textContent()).toContain('chapter 1’s ids');
    expect(requests.filter((url) => !url.startsWith(site.server.url) && !/^(data|blob):/.test(url))).toEqual(
      [],
    );
    site.expectHealthy();
  });

  it('feeds Mistral v0.3 its own ids: [INST] and [/INST] as control tokens 3 and 4, every other id 768 up', async () => {
    const reply = [22_143 + 768, 2];
    const { page } = await loadModel('Mistral-7B-Instruct v0.3', V03, reply);
    await site.followChapterLink(page, /One token/);
    const oneToken = await site.panel(page, 'One token');
    const ids = oneToken.locator('.prompt-line__ids');
    // The seed notebook's ids for "▁Can … ?" (2418 … 28804), each moved up by v0.3's 768 control tokens.
    await expect
      .poll(() => ids.textContent(), UNTIL)
      .toBe('1 3 3186 1136 4092 1164 5695 21168 1535 1164 17472 29523 1117 29572 4');
    await oneToken.getByRole('textbox', { name: 'Temperature', exact: true }).fill('0');
    await oneToken.getByRole('button', { name: 'Run one step' }).click();
    await expect.poll(() => oneToken.locator('.picked-token').textContent(), UNTIL).toContain('(id 22911)');
    expect(await oneToken.locator('.picked-token__piece').textContent()).toBe('▁Dear');
    expect(await oneToken.locator('.prompt-line__pieces').textContent()).toContain('<s> [INST] ▁Can ▁you');
    expect(await oneToken.locator('.prompt-line').textContent()).toContain('every other id is 768 higher');
    site.expectHealthy();
  });
});

describe('the loaded model’s own tokenizer files, served badly and then well', () => {
  type Fault = 'slow' | 'http-404' | 'http-500' | 'truncated' | 'corrupted' | 'dropped';
  const SAYS: Record<Exclude<Fault, 'slow'>, string> = {
    'http-404': 'the model’s host answered that a file is missing (HTTP 404).',
    'http-500': 'the model’s host answered with an error (HTTP 500).',
    truncated: 'a file arrived damaged or incomplete.',
    corrupted: 'a file arrived damaged or incomplete.',
    dropped: 'the connection dropped before the files arrived.',
  };
  const FAULTS: readonly Fault[] = ['slow', 'http-404', 'http-500', 'truncated', 'corrupted', 'dropped'];
  for (const fault of FAULTS) {
    it(
      fault === 'slow'
        ? 'slow: chapter 4 waits for them, then renders the prompt'
        : `${fault}: chapter 4 says what went wrong, keeps the engine, and loads them on the retry`,
      async () => {
        const { page } = await loadModel('Qwen2.5-0.5B-Instruct', QWEN, script);
        const file = `${testHost()}${QWEN}/resolve/main/tokenizer.json`;
        const body = await (
          await fetchFixture(new URL('tokenizer.json', fixtureFolderUrl(QWEN)).href)
        ).arrayBuffer();
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        let broken = true;
        await site.current.context.route(file, async (route) => {
          if (!broken) return route.fallback();
          if (fault === 'slow') return released.then(() => route.fallback());
          if (fault === 'dropped') return route.abort('connectionreset');
          if (fault === 'http-404' || fault === 'http-500')
            return route.fulfill({ status: fault === 'http-404' ? 404 : 500, body: 'No' });
          const bytes = Buffer.from(body);
          if (fault === 'truncated')
            return route.fulfill({ status: 200, body: bytes.subarray(0, bytes.length / 2) });
          return route.fulfill({ status: 200, body: Buffer.alloc(bytes.length, 0x7b) });
        });
        await site.followChapterLink(page, /One token/);
        const oneToken = await site.panel(page, 'One token');
        const prompt = oneToken.locator('.prompt-line');
        if (fault === 'slow') {
          await expect.poll(() => prompt.textContent(), UNTIL).toContain('Rendering your conversation');
          release();
        } else {
          await expect
            .poll(() => prompt.textContent(), UNTIL)
            .toContain(`The tokenizer and chat template could not be loaded (Could not load the model's`);
          expect(await prompt.textContent()).toContain(SAYS[fault]);
          // The engine is still the loaded model; only its files are missing.
          expect(await oneToken.locator('.engine-badge').textContent()).toContain('Qwen2.5-0.5B-Instruct');
          broken = false;
          await prompt.getByRole('button', { name: 'Load the tokenizer again' }).click();
        }
        await expect
          .poll(() => prompt.locator('.prompt-line__ids').textContent(), UNTIL)
          .toMatch(/^151644 8948 198 /);
        // The failure on purpose may leave a failed request and the browser's console line for it.
        for (const kind of ['failedRequests', 'consoleErrors'] as const) {
          const kept = site.current.problems[kind].filter((line) => !line.includes('tokenizer.json'));
          site.current.problems[kind].splice(0, Infinity, ...kept);
        }
        site.expectHealthy();
      },
    );
  }
});
