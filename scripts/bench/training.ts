/**
 * The Parameters chapter's training in Debian's Chromium, through the built
 * page as a reader uses it: the seed's run (784 -> 256 -> 10, 100 random
 * examples, batch 1, 10 epochs) on each backend the browser offers, and the
 * MNIST digits at the panel's default settings. Times are the ones the panel
 * itself reports (worker time, from the first step to the last).
 */
import type { Browser, Page } from 'playwright-core';
import type { Row } from './tokenizer';

const CHAPTER = 'chapters/parameters/';
const SEED_PANEL = 'Training the seed’s network';
const DIGITS_PANEL = 'Handwritten digits';

const panel = (page: Page, title: string) => page.getByRole('region', { name: title });
const statusText = async (page: Page, title: string) =>
  (await panel(page, title).getByRole('status').textContent()) ?? '';

async function waitForStatus(page: Page, title: string, pattern: RegExp, timeout = 300_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const text = await statusText(page, title);
    if (pattern.test(text)) return text;
    if (Date.now() - started > timeout) throw new Error(`${title}: still "${text}" after ${timeout} ms`);
    await page.waitForTimeout(100);
  }
}

async function openPanel(browser: Browser, url: string, title: string, ready: RegExp): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url + CHAPTER);
  await panel(page, title).scrollIntoViewIfNeeded();
  await waitForStatus(page, title, ready, 60_000);
  return page;
}

/**
 * The seed run on `backend`, `runs` times (the first includes the backend's
 * warm-up); null where the backend is not offered.
 */
async function seedRun(page: Page, backend: string, runs: number): Promise<string[] | null> {
  const region = panel(page, SEED_PANEL);
  const option = region.getByRole('combobox', { name: 'Backend' }).locator(`option[value="${backend}"]`);
  if ((await option.count()) === 0 || (await option.isDisabled())) return null;
  await region.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  await page.waitForFunction(([b]) => document.querySelector('.backend__name')?.textContent === b, [
    backend,
  ] as const);
  const times: string[] = [];
  for (let run = 0; run < runs; run++) {
    await region.getByRole('button', { name: 'Train', exact: true }).click();
    const done = await waitForStatus(page, SEED_PANEL, /^Trained 10 epochs in/);
    times.push(`${/in ([\d.]+ s)/.exec(done)![1]} (loss ${/loss (.+)\.$/.exec(done)![1]})`);
  }
  return times;
}

/** The seed's run on each backend, side by side: goal 2 s or less on wasm (a plain `model.fit` loop took 5.5 s). */
export async function benchSeedRun(
  browsers: { label: string; browser: Browser }[],
  url: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { label, browser } of browsers) {
    const page = await openPanel(browser, url, SEED_PANEL, /^Ready to train on /);
    for (const backend of ['wasm', 'webgpu', 'cpu']) {
      // SwiftShader's WebGPU runs on the CPU and takes about a minute a run: once is enough.
      const times = await seedRun(page, backend, backend === 'webgpu' ? 1 : 2);
      if (!times) continue;
      rows.push({
        browser: label,
        backend,
        'first run': times[0] ?? '',
        'second run': times[1] ?? '(not repeated)',
      });
    }
    await page.close();
  }
  return rows;
}

/** MNIST at the panel's defaults (8,000 digits, batch 32, 8 epochs): held-out accuracy and time elapsed per epoch. */
export async function benchDigits(browser: Browser, url: string): Promise<Row[]> {
  const page = await openPanel(browser, url, DIGITS_PANEL, /^The digits are not loaded yet/);
  const region = panel(page, DIGITS_PANEL);
  const load = region.getByRole('button', { name: /^Load 10,000 digits/ });
  await page.waitForFunction((button) => !(button as HTMLButtonElement).disabled, await load.elementHandle());
  await load.click();
  await region.locator('.run-summary').waitFor({ timeout: 60_000 });
  const loaded = (await region.locator('.run-summary').textContent()) ?? '';
  await region.getByRole('button', { name: 'Train on the digits' }).click();
  await waitForStatus(page, DIGITS_PANEL, /^Trained \d+ epochs/);
  const cells = await region
    .locator('.epoch-table tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
    );
  await page.close();
  return cells.map(([epoch, loss, accuracy, time]) => ({
    epoch: epoch ?? '',
    loss: loss ?? '',
    'held-out accuracy': accuracy ?? '',
    elapsed: time ?? '',
    digits: /downloaded ([\d.]+ MiB in [\d.]+ s)/.exec(loaded)?.[1] ?? '',
  }));
}
