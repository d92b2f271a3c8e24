/**
 * The Parameters chapter in real Chromium, against the built site: the
 * parameter table and its memory, the seed's training run on WebAssembly
 * (and a small one on WebGPU through SwiftShader), the handwritten digits,
 * the drawing pad, and that TensorFlow.js and the digits load only when
 * needed.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { recordRequests, SLOW, SLOW_TEST_MS, UNTIL, useSite } from './suite';

const ADDRESS = 'chapters/parameters/';
const site = useSite();

async function openChapter({ webgpu = false } = {}): Promise<Page> {
  return (await site.open(ADDRESS, { webgpu })).page;
}

const panel = (page: Page, title: string) => page.getByRole('region', { name: title });
const status = (page: Page, title: string) => panel(page, title).getByRole('status');
const TRAINING_PANEL = 'Training the seed’s network';
const DIGITS_PANEL = 'Handwritten digits';

/** The losses in the epoch table, in order. */
async function losses(page: Page, title: string): Promise<number[]> {
  const cells = await panel(page, title).locator('.epoch-table tbody tr td:first-of-type').allTextContents();
  return cells.map(Number);
}

/** Waits for a training panel, then until TensorFlow.js has picked a backend (the status line says so). */
async function showTraining(page: Page, title: string) {
  const region = await site.panel(page, title);
  await expect.poll(() => status(page, title).textContent(), UNTIL).toMatch(/^Ready to train on \w+\.$/);
  return region;
}

describe('the network and its parameters', () => {
  it('counts the seed network from its shapes and recounts when the hidden size changes', async () => {
    const page = await openChapter();
    const network = panel(page, 'The network and its parameters');
    await network.scrollIntoViewIfNeeded();
    const rows = () =>
      network
        .locator('.parameter-table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim())));
    expect(await rows()).toEqual([
      ['fc1.weight', '[256, 784]', '200,704', 'yes'],
      ['fc1.bias', '[256]', '256', 'yes'],
      ['fc2.weight', '[10, 256]', '2,560', 'yes'],
      ['fc2.bias', '[10]', '10', 'yes'],
    ]);
    expect(await network.locator('.parameter-table tfoot').textContent()).toContain('203,530');
    expect(await network.getByRole('row', { name: /fp16/ }).textContent()).toContain('0.39 MiB');

    // The server-rendered table above is there before the panel's code; a change needs the code.
    await site.panel(page, 'The network and its parameters');
    const hidden = network.getByRole('textbox', { name: 'Hidden size' });
    await hidden.fill('512');
    await expect
      .poll(() => status(page, 'The network and its parameters').textContent(), UNTIL)
      .toBe('784 → 512 → 10: 407,050 parameters, all trainable.');
    expect(await network.locator('.parameter-table tfoot').textContent()).toContain('407,050');

    await hidden.fill('12x');
    await expect
      .poll(() => network.locator('.text-field__error').textContent(), UNTIL)
      .toMatch(/whole number/);
    expect(await hidden.inputValue()).toBe('12x');
    expect(await status(page, 'The network and its parameters').textContent()).toBe(
      'Showing 784 → 512 → 10 until the hidden size is valid.',
    );
    await hidden.fill('256');

    // Mistral, counted by the same rule at build time.
    expect(await page.getByTestId('mistral-7b-module-total').textContent()).toBe('7,241,732,096');
    site.expectHealthy();
  });
});

describe('training the seed’s network', () => {
  it('loads TensorFlow.js only when the panel comes into view, and the digits only on request', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const { page } = await site.blank();
    const requests = recordRequests(site.current);
    await page.goto(site.server.url + ADDRESS, { waitUntil: 'networkidle' });
    expect(requests.filter((url) => /mlp\.worker|tfjs|\.wasm|mnist/.test(url))).toEqual([]);

    await showTraining(page, TRAINING_PANEL);
    expect(requests.some((url) => /mlp\.worker/.test(url))).toBe(true);
    expect(requests.filter((url) => /mnist/.test(url))).toEqual([]);
    site.expectHealthy();
  });

  it(
    'trains the seed run on wasm: ten epochs, the loss falls from about 2.3, no tensor left behind',
    async () => {
      const page = await openChapter();
      const region = await showTraining(page, TRAINING_PANEL);
      expect(await region.locator('.backend__name').textContent()).toBe('wasm');
      // Without WebGPU the panel says why it is not used.
      expect(await region.locator('.backend__note').textContent()).toMatch(
        /requestAdapter\(\) returned null/,
      );

      const train = region.getByRole('button', { name: 'Train', exact: true });
      await train.click();
      await expect
        .poll(() => status(page, TRAINING_PANEL).textContent(), SLOW)
        .toMatch(/^Trained 10 epochs in [\d.]+ s on wasm: loss 2\.\d+ → 0\.0\d+\.$/);
      const first = await losses(page, TRAINING_PANEL);
      expect(first).toHaveLength(10);
      for (let i = 1; i < first.length; i++) expect(first[i]).toBeLessThan(first[i - 1]!);
      const tensors = await region.getByTestId('tensor-count').textContent();

      // A fixed seed: the second run draws the same curve and leaves the same tensors.
      await train.click();
      await expect.poll(() => status(page, TRAINING_PANEL).textContent(), SLOW).toMatch(/^Trained 10 epochs/);
      expect(await losses(page, TRAINING_PANEL)).toEqual(first);
      expect(await region.getByTestId('tensor-count').textContent()).toBe(tensors);
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it(
    'stops a run on request and says after how many epochs',
    async () => {
      const page = await openChapter();
      const region = await showTraining(page, TRAINING_PANEL);
      // 100 epochs take a few seconds here: long enough to stop one early.
      await region.getByRole('textbox', { name: 'Epochs' }).fill('100');
      await region.getByRole('button', { name: 'Train', exact: true }).click();
      await expect.poll(() => status(page, TRAINING_PANEL).textContent(), SLOW).toMatch(/Epoch \d loss/);
      await region.getByRole('button', { name: 'Stop' }).click();
      await expect
        .poll(() => status(page, TRAINING_PANEL).textContent(), SLOW)
        .toMatch(/^Stopped after \d+ of 100 epochs in [\d.]+ s on wasm/);
      expect(await region.getByRole('button', { name: 'Train', exact: true }).isEnabled()).toBe(true);
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it('refuses bad settings with a message, keeps what was typed, and trains nothing', async () => {
    const page = await openChapter();
    const region = await showTraining(page, TRAINING_PANEL);
    const rate = region.getByRole('textbox', { name: 'Learning rate' });
    await rate.fill('<b>fast</b>');
    await expect.poll(() => region.locator('.text-field__error').count(), UNTIL).toBe(1);
    expect(await region.locator('.text-field__error').textContent()).toMatch(/number/);
    expect(await rate.inputValue()).toBe('<b>fast</b>');
    expect(await region.locator('b').count()).toBe(0);
    const train = region.getByRole('button', { name: 'Train', exact: true });
    expect(await train.isDisabled()).toBe(true);
    expect(await region.locator('.run-controls__blocked').textContent()).toBe(
      'Fix the settings marked above first.',
    );
    expect(await status(page, TRAINING_PANEL).textContent()).toBe('Ready to train on wasm.');
    site.expectHealthy();
  });

  it(
    'trains a small run on WebGPU (SwiftShader) when the reader picks it, and says so',
    async () => {
      const page = await openChapter({ webgpu: true });
      const region = await showTraining(page, TRAINING_PANEL);
      // SwiftShader is a software adapter: wasm stays the default, webgpu is offered.
      expect(await region.locator('.backend__name').textContent()).toBe('wasm');
      await region.getByLabel('Backend').selectOption('webgpu');
      await expect.poll(() => region.locator('.backend__name').textContent(), UNTIL).toBe('webgpu');
      await region.getByRole('textbox', { name: 'Hidden size' }).fill('16');
      await region.getByRole('textbox', { name: 'Epochs' }).fill('2');
      await region.getByRole('button', { name: 'Train', exact: true }).click();
      await expect
        .poll(() => status(page, TRAINING_PANEL).textContent(), SLOW)
        .toMatch(/^Trained 2 epochs in [\d.]+ s on webgpu: loss 2\.\d+ → \d\.\d+\.$/);
      const [a, b] = await losses(page, TRAINING_PANEL);
      expect(b).toBeLessThan(a!);
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );
});

describe('handwritten digits', () => {
  it(
    'loads the digits on request, learns them, shows mistakes, and reads a drawing',
    async () => {
      const page = await openChapter();
      const region = await site.panel(page, DIGITS_PANEL);
      expect(await status(page, DIGITS_PANEL).textContent()).toMatch(/^The digits are not loaded yet/);
      const load = region.getByRole('button', { name: /^Load 10,000 digits/ });
      await expect.poll(() => load.isEnabled(), UNTIL).toBe(true);
      await load.click();
      await expect
        .poll(() => region.locator('.run-summary').textContent(), UNTIL)
        .toMatch(/^8,000 digits to train on, 2,000 held out/);

      await region.getByRole('textbox', { name: 'Epochs' }).fill('2');
      const train = region.getByRole('button', { name: 'Train on the digits' });
      await expect.poll(() => train.isEnabled(), UNTIL).toBe(true);
      await train.click();
      await expect
        .poll(() => status(page, DIGITS_PANEL).textContent(), SLOW)
        .toMatch(/^Trained 2 epochs in [\d.]+ s on wasm: .*held-out accuracy (\d+(\.\d+)?)%\.$/);
      const accuracy = Number(
        /accuracy ([\d.]+)%/.exec((await status(page, DIGITS_PANEL).textContent())!)![1],
      );
      expect(accuracy).toBeGreaterThan(90);
      expect(await region.locator('.epoch-table tbody tr').count()).toBe(2);
      expect(
        await region.getByRole('img', { name: /^A handwritten digit labelled \d$/ }).count(),
      ).toBeGreaterThan(0);

      // A held-out digit on the pad gets ten probabilities that add up to 100%.
      await region.getByRole('button', { name: 'Show a held-out digit' }).click();
      await expect.poll(() => region.locator('table.probabilities tbody tr').count(), UNTIL).toBe(10);
      const shares = await region
        .locator('table.probabilities tbody tr td:last-of-type')
        .allTextContents()
        .then((cells) => cells.map((cell) => Number.parseFloat(cell)));
      expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(100, 0);

      // Drawing with the mouse: a vertical stroke.
      const box = (await region.getByLabel('Drawing pad for a digit').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++)
        await page.mouse.move(box.x + box.width / 2, box.y + box.height * (0.2 + i * 0.06));
      await page.mouse.up();
      await expect
        .poll(() => region.locator('.seen').first().textContent(), UNTIL)
        .toMatch(/What the network gets/);
      await expect.poll(() => region.locator('table.probabilities tbody tr').count(), UNTIL).toBe(10);

      // The same from the keyboard: clear, pen down, a stroke of arrows, pen up.
      const pad = region.getByLabel('Drawing pad for a digit');
      await region.getByRole('button', { name: 'Clear' }).click();
      await expect.poll(() => region.locator('table.probabilities').count(), UNTIL).toBe(0);
      await pad.focus();
      for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      expect(await region.locator('.draw-pad__help').textContent()).toContain('down now');
      for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Space');
      await expect.poll(() => region.locator('table.probabilities tbody tr').count(), UNTIL).toBe(10);

      // The trained panel (chart, tables, digits, pad) passes axe.
      expect(formatViolations(await checkA11y(page))).toBe('');
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it('explains a failed download and loads on Try again', async () => {
    const page = await openChapter();
    let fail = true;
    await site.current.context.route('**/data/mnist-10k.bin.gz', (route) =>
      fail ? route.fulfill({ status: 503, body: 'busy' }) : route.continue(),
    );
    const region = await site.panel(page, DIGITS_PANEL);
    const load = region.getByRole('button', { name: /^Load 10,000 digits/ });
    await expect.poll(() => load.isEnabled(), UNTIL).toBe(true);
    await load.click();
    await expect
      .poll(() => region.getByRole('alert').textContent(), UNTIL)
      .toMatch(/The digits did not load/);
    await site.clearExpected({ failedRequests: [/\/data\/mnist-10k\.bin\.gz: HTTP 503$/] });
    fail = false;
    await region.getByRole('button', { name: 'Try again' }).click();
    await expect
      .poll(() => region.locator('.run-summary').textContent(), UNTIL)
      .toMatch(/^8,000 digits to train on/);
    site.expectHealthy();
  });
});
