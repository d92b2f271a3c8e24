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

  it(
    'steps one epoch at a time: each Step adds exactly one row and one point, then the run waits',
    async () => {
      const page = await openChapter();
      const region = await showTraining(page, TRAINING_PANEL);
      const step = region.getByRole('button', { name: 'Step one epoch' });
      const rows = region.locator('.epoch-table tbody tr');
      const points = () => region.locator('.epoch-chart').getAttribute('data-points');
      for (const epoch of [1, 2]) {
        await step.click();
        await expect
          .poll(() => status(page, TRAINING_PANEL).textContent(), SLOW)
          .toMatch(new RegExp(`^Paused after epoch ${epoch} of 10\\. Epoch ${epoch} loss \\d\\.\\d+\\.`));
        // The worker is waiting: nothing more arrives until the next Step.
        expect(await rows.count()).toBe(epoch);
        expect(await points()).toBe(String(epoch));
        expect(await step.isEnabled()).toBe(true);
      }
      const resume = region.getByRole('button', { name: 'Resume' });
      await resume.click();
      await expect
        .poll(() => status(page, TRAINING_PANEL).textContent(), SLOW)
        .toMatch(/^Trained 10 epochs in [\d.]+ s on wasm: loss 2\.\d+ → 0\.0\d+\.$/);
      expect(await rows.count()).toBe(10);
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it(
    'at slow speed the curve grows point by point while the run goes on',
    async () => {
      const page = await openChapter();
      const region = await showTraining(page, TRAINING_PANEL);
      await region.getByRole('radio', { name: /^Slow/ }).check();
      await region.getByRole('button', { name: 'Train', exact: true }).click();
      // A moment passes before each epoch: part of the curve is drawn, and its rows listed, while the
      // status still says the run goes on. Read in one go, so an epoch cannot land between the readings.
      const snapshot = () =>
        region.evaluate((element) => ({
          points: Number(element.querySelector('.epoch-chart')?.getAttribute('data-points')),
          rows: element.querySelectorAll('.epoch-table tbody tr').length,
          status: element.querySelector('[role="status"]')?.textContent ?? '',
        }));
      await expect.poll(async () => (await snapshot()).points, SLOW).toBeGreaterThanOrEqual(2);
      const during = await snapshot();
      expect(during.status).toMatch(/^Training: epoch \d+ of 10 \(slowly\)\. Epoch \d+ loss/);
      expect(during.points).toBeLessThan(10);
      expect(during.rows).toBe(during.points);
      // Full speed again mid-run: the rest goes at once.
      await region.getByRole('radio', { name: 'Full speed' }).check();
      await expect.poll(() => status(page, TRAINING_PANEL).textContent(), SLOW).toMatch(/^Trained 10 epochs/);
      site.expectHealthy();
    },
    SLOW_TEST_MS,
  );

  it(
    'draws two runs over each other, named by their learning rates, with a table twin and a way to clear',
    async () => {
      const page = await openChapter();
      const region = await showTraining(page, TRAINING_PANEL);
      const rate = region.getByRole('textbox', { name: 'Learning rate' });
      const train = region.getByRole('button', { name: 'Train', exact: true });
      await region.getByRole('textbox', { name: 'Epochs' }).fill('3');
      await train.click();
      await expect.poll(() => status(page, TRAINING_PANEL).textContent(), SLOW).toMatch(/^Trained 3 epochs/);
      // One run: no legend, no comparison.
      expect(await region.locator('.epoch-legend').count()).toBe(0);
      const firstRun = await losses(page, TRAINING_PANEL);
      await rate.fill('0.1');
      await train.click();
      await expect
        .poll(() => region.locator('.epoch-legend').textContent(), SLOW)
        .toBe('lr 0.01lr 0.1 (latest)');
      await expect.poll(() => status(page, TRAINING_PANEL).textContent(), SLOW).toMatch(/^Trained 3 epochs/);
      const chart = region.locator('.epoch-chart');
      expect(await chart.getAttribute('data-points')).toBe('6');
      expect(await chart.getAttribute('aria-label')).toMatch(
        /^Loss per epoch, 2 runs\. lr 0\.01: from 2\.\d+ to .*; lr 0\.1: from/,
      );
      // The twin: a column per run, each the losses that run's epoch table showed.
      const table = region.getByRole('table', { name: /run by run/ });
      expect(await table.locator('thead th').allTextContents()).toEqual(['Epoch', 'lr 0.01', 'lr 0.1']);
      const column = (n: number) =>
        table
          .locator(`tbody tr td:nth-of-type(${n})`)
          .allTextContents()
          .then((cells) => cells.map(Number));
      expect(await column(1)).toEqual(firstRun);
      expect(await column(2)).toEqual(await losses(page, TRAINING_PANEL));
      expect(firstRun).toHaveLength(3);

      await region.getByRole('button', { name: 'Clear earlier runs' }).click();
      await expect.poll(() => region.locator('.epoch-legend').count(), UNTIL).toBe(0);
      expect(await table.count()).toBe(0);
      expect(await chart.getAttribute('data-points')).toBe('3');
      await rate.fill('0.01');
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

describe('the chapter on a phone', () => {
  it('fits 360 px without scrolling sideways once the training controls are in', async () => {
    const page = (await site.open(ADDRESS, { viewport: { width: 360, height: 740 } })).page;
    await showTraining(page, TRAINING_PANEL);
    await site.panel(page, DIGITS_PANEL);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    site.expectHealthy();
  });
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
      // At 1280 x 800 the pad and the network's answer stand side by side, and fit the window together.
      const padBox = (await region.getByLabel('Drawing pad for a digit').boundingBox())!;
      const answerBox = (await region.locator('table.probabilities').boundingBox())!;
      expect(answerBox.x).toBeGreaterThanOrEqual(padBox.x + padBox.width);
      expect(answerBox.y).toBeLessThan(padBox.y + padBox.height);
      expect(padBox.y).toBeLessThan(answerBox.y + answerBox.height);
      const top = Math.min(padBox.y, answerBox.y);
      const bottom = Math.max(padBox.y + padBox.height, answerBox.y + answerBox.height);
      expect(bottom - top).toBeLessThanOrEqual(800);
      expect(await region.locator('.draw-area__verdict').textContent()).toMatch(
        /^The network says \d \(\d+\.\d% sure\)\.$/,
      );
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
