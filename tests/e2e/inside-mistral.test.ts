/**
 * The Inside Mistral chapter in real Chromium, against the built site: the
 * config explorer recounts as the reader edits and explains bad values, the
 * module tree and per-module tables show the known totals.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { recordRequests, UNTIL, useSite } from './suite';

const ADDRESS = 'chapters/inside-mistral/';
const CONFIG_PANEL = 'Mistral-7B’s config';
const LAYER_PANEL = 'One layer, step by step';
const site = useSite();

async function openChapter(): Promise<Page> {
  return (await site.open(ADDRESS)).page;
}

describe('the config explorer', () => {
  it('shows 7,241,732,096, recounts an edited value, and explains a bad one without losing it', async () => {
    const page = await openChapter();
    const region = page.getByRole('region', { name: CONFIG_PANEL, exact: true });
    await region.scrollIntoViewIfNeeded();
    const total = region.getByTestId('config-total');
    const status = region.getByRole('status');
    expect(await total.textContent()).toBe('7,241,732,096');
    expect(await region.getByTestId('config-per-layer').textContent()).toBe('218,112,000');
    expect(await region.getByTestId('config-kv').textContent()).toMatch(/^128 KiB/);
    expect(await region.getByRole('row', { name: /fp16/ }).textContent()).toContain('13.49 GiB');

    // The server-rendered numbers above are there before the panel's code; edits need the code.
    await site.panel(page, CONFIG_PANEL);
    const layers = region.getByRole('textbox', { name: /^Layers/ });
    await layers.fill('16');
    await expect
      .poll(() => status.textContent(), UNTIL)
      .toBe('Your edited config: 3,751,940,096 parameters, 218,112,000 per layer.');
    expect(await total.textContent()).toBe('3,751,940,096');
    expect(await region.getByTestId('config-kv').textContent()).toMatch(/^64 KiB/);

    // Grouped-query attention undone: the cache per token grows fourfold.
    await region.getByRole('textbox', { name: /^Key\/value heads/ }).fill('32');
    await expect.poll(() => region.getByTestId('config-kv').textContent(), UNTIL).toMatch(/^256 KiB/);

    // A head count that does not divide the hidden size: a message, the typed text kept, the last count shown.
    const heads = region.getByRole('textbox', { name: /^Query heads/ });
    await heads.fill('24');
    await expect
      .poll(() => region.locator('.text-field__error').first().textContent(), UNTIL)
      .toBe('24 heads cannot split a hidden size of 4,096 evenly: pick a divisor of 4,096.');
    expect(await heads.inputValue()).toBe('24');
    expect(await heads.getAttribute('aria-invalid')).toBe('true');
    expect(await status.textContent()).toMatch(/^Showing the last valid config/);

    await layers.fill('<b>many</b>');
    // Three messages now: the layers, the heads, and 32 key/value heads for 24 query heads.
    await expect.poll(() => region.locator('.text-field__error').count(), UNTIL).toBe(3);
    expect(await region.locator('#config-numLayers-error').textContent()).toMatch(
      /^“<b>many<\/b>” is not a whole number/,
    );
    expect(await region.locator('b').count()).toBe(0);

    await region.getByRole('button', { name: 'Back to Mistral-7B’s values' }).click();
    await expect.poll(() => total.textContent(), UNTIL).toBe('7,241,732,096');
    expect(await status.textContent()).toBe(
      'Mistral-7B as released: 7,241,732,096 parameters, 218,112,000 per layer.',
    );
    expect(await layers.inputValue()).toBe('32');

    // A tied output head: lm_head's 131,072,000 parameters go.
    const tiedBox = region.getByRole('checkbox', { name: /^Output head shares the embedding table/ });
    await tiedBox.check();
    await expect.poll(() => total.textContent(), UNTIL).toBe('7,110,660,096');
    expect(await status.textContent()).toBe(
      'Your edited config: 7,110,660,096 parameters, 218,112,000 per layer.',
    );
    await tiedBox.uncheck();
    await expect.poll(() => total.textContent(), UNTIL).toBe('7,241,732,096');
    site.expectHealthy();
  });
});

describe('the module tree and the per-module tables', () => {
  it('prints the layers as PyTorch does, folds them, and totals both models', async () => {
    const page = await openChapter();
    const tree = page.locator('.module-tree');
    await tree.scrollIntoViewIfNeeded();
    const layer = tree.locator('summary', { hasText: '(0-31): 32 x MistralDecoderLayer(' });
    expect(await layer.textContent()).toContain('218,112,000 each');
    const kProj = tree.getByText('(k_proj): Linear(in_features=4096, out_features=1024, bias=False)');
    expect(await kProj.isVisible()).toBe(true);
    await layer.click();
    expect(await kProj.isVisible()).toBe(false);
    await layer.press('Enter');
    expect(await kProj.isVisible()).toBe(true);

    expect(await page.getByTestId('mistral-7b-module-total').textContent()).toBe('7,241,732,096');
    // 32,000 x 128 + 6 layers x 221,440 + 128: the pocket model, its head tied to its embedding.
    expect(await page.getByTestId('pocket-module-total').textContent()).toBe('5,424,768');
    const upRow = page.locator('table[data-model="mistral-7b"] tbody tr', { hasText: 'mlp.up_proj' });
    expect(await upRow.textContent()).toContain('25.95%');
    expect(formatViolations(await checkA11y(page))).toBe('');
    site.expectHealthy();
  });
});

describe('one layer, step by step', () => {
  it('traces the seed prompt on the trained weights, and a new head changes the heatmap and its table', async () => {
    const page = await openChapter();
    const region = await site.panel(page, LAYER_PANEL);
    const status = region.getByRole('status');
    await expect
      .poll(() => status.textContent(), UNTIL)
      .toMatch(/^Layer 0, head 0, position 19 \(\]\): 20 tokens through the pocket model in \d+ ms\.$/);

    // A shape at every arrow, from the embeddings to the logits.
    const shapes = await region.locator('.layer-stage__shape').allTextContents();
    expect(shapes).toEqual([
      '[20, 128]',
      '[20, 128]',
      '[20, 4, 32]',
      '[20, 2, 32]',
      '[20, 2, 32]',
      '[20, 4, 32]',
      '[20, 2, 32]',
      '[20, 4, 32]',
      '[20, 128]',
      '[20, 128]',
      '[20, 128]',
      '[20, 448]',
      '[20, 128]',
      '[20, 128]',
      '[20, 128]',
      '[20, 32,000]',
    ]);

    // The heatmap: 400 cells, causal; 20 tokens all fit in the window of 64. Each cell's name carries its number.
    const cells = region.locator('.heatmap button');
    expect(await cells.count()).toBe(400);
    expect(await region.locator('.heatmap .heatmap__cell--future').count()).toBe(190);
    expect(await region.locator('.heatmap .heatmap__cell--window').count()).toBe(0);
    expect(await region.getByRole('button', { name: 'Query 0 <s>, key 0 <s>: weight 1.000' }).count()).toBe(
      1,
    );
    expect(
      await region.getByRole('button', { name: 'Query 3 ], key 4 Can: masked: a later position' }).count(),
    ).toBe(1);
    // Rows and columns are labelled with the tokens, not only their positions.
    expect(await region.locator('.heatmap__label--key').nth(4).textContent()).toBe('4 Can');
    expect(await region.locator('.heatmap__label--query').nth(9).textContent()).toBe('9 explaining');

    const table = region.locator('table.attention-table');
    const lastRow = () => table.locator('tbody tr').last().locator('td').allTextContents();
    const heatmapNames = () =>
      cells.evaluateAll((spans) => spans.slice(-20).map((span) => span.getAttribute('aria-label')));
    const beforeRow = await lastRow();
    const beforeNames = await heatmapNames();
    const seen = beforeRow.filter((text) => /^\d\.\d{3}$/.test(text)).map(Number);
    expect(seen).toHaveLength(20);
    expect(seen.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 2);

    await region.getByLabel('Head', { exact: true }).selectOption('3');
    await expect.poll(() => table.getAttribute('data-head'), UNTIL).toBe('3');
    expect(await lastRow()).not.toEqual(beforeRow);
    expect(await heatmapNames()).not.toEqual(beforeNames);
    expect(await region.locator('.layer-attention__groups').textContent()).toMatch(
      /^Head 3 reads key\/value head 1, which it shares with head 2\./,
    );
    expect(await status.textContent()).toMatch(/^Layer 0, head 3, position 19/);

    // The picked position in every head: a column per head, grouped by the key/value head they share,
    // and a row per token up to the position (the later ones are masked in every head).
    const comparison = region.locator('table.head-comparison');
    expect(await comparison.locator('thead tr').first().locator('th').allTextContents()).toEqual([
      'key/value head 0',
      'key/value head 1',
    ]);
    expect(await comparison.locator('thead tr').last().locator('th').allTextContents()).toEqual([
      'Key token',
      'Head 0',
      'Head 1',
      'Head 2',
      'Head 3',
    ]);
    expect(await comparison.locator('thead th.head-comparison__picked').textContent()).toBe('Head 3');
    expect(await comparison.locator('tbody tr').count()).toBe(20);
    // Head 3's column is the heatmap's last row, to two decimals.
    const headColumn = (await comparison.locator('tbody tr td:nth-of-type(4)').allTextContents()).map(Number);
    const threeDigits = (await lastRow()).map(Number);
    expect(headColumn).toHaveLength(20);
    headColumn.forEach((weight, key) =>
      expect(Math.abs(weight - threeDigits[key]!)).toBeLessThanOrEqual(0.0051),
    );

    // Another position and layer.
    await region.getByLabel('Token position', { exact: true }).selectOption('4');
    await region.getByLabel('Layer', { exact: true }).selectOption('1');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/^Layer 1, head 3, position 4 \(Can\)/);
    expect(await region.locator('.layer-stage').first().textContent()).toContain('output of layer 0');
    expect(formatViolations(await checkA11y(page))).toBe('');
    site.expectHealthy();
  });

  it('shows the sliding window on a prompt longer than 64 tokens, and the untrained weights on request', async () => {
    const page = await openChapter();
    const region = await site.panel(page, LAYER_PANEL);
    const status = region.getByRole('status');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/through the pocket model/);
    await region.getByLabel('Prompt', { exact: true }).selectOption('four-times');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/: 80 tokens through the pocket model/);
    // 80 x 79 / 2 later positions; row i hides max(0, i - 63) earlier ones: 1 + 2 + ... + 16 = 136.
    expect(await region.locator('.heatmap .heatmap__cell--future').count()).toBe(3160);
    expect(await region.locator('.heatmap .heatmap__cell--window').count()).toBe(136);
    const trained = await region
      .locator('table.attention-table tbody tr')
      .last()
      .locator('td')
      .allTextContents();
    await region.getByRole('radio', { name: 'Before training (random)' }).check();
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/: 80 tokens through the untrained model/);
    expect(
      await region.locator('table.attention-table tbody tr').last().locator('td').allTextContents(),
    ).not.toEqual(trained);
    site.expectHealthy();
  });

  it('explains ids it cannot trace, keeps them in the box, and traces the reader’s own', async () => {
    const page = await openChapter();
    const region = await site.panel(page, LAYER_PANEL);
    const status = region.getByRole('status');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/^Layer 0/);
    const box = region.getByRole('textbox', { name: 'Token ids' });
    await box.fill('1, 2418, 99999');
    await expect
      .poll(() => region.locator('.layer-controls__error').textContent(), UNTIL)
      .toBe('99,999 is outside the vocabulary: token ids go from 0 to 31,999.');
    expect(await box.inputValue()).toBe('1, 2418, 99999');
    expect(await status.textContent()).toBe(
      'Showing the last valid prompt (20 tokens) until the ids are fixed.',
    );

    await box.fill('1 2418 368');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/position 2 \(you\): 3 tokens/);
    expect(await region.locator('.heatmap button').count()).toBe(9);
    expect(await region.getByLabel('Prompt', { exact: true }).inputValue()).toBe('own');
    await region.getByLabel('Prompt', { exact: true }).selectOption('seed-question');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/13 tokens/);
    site.expectHealthy();
  });

  it('runs the reader’s own text through the real tokenizer, only when asked', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const { page } = await site.blank();
    const requests = recordRequests(site.current);
    await page.goto(site.server.url + ADDRESS);
    const region = await site.panel(page, LAYER_PANEL);
    const status = region.getByRole('status');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/^Layer 0/);
    expect(requests.filter((url) => /tokenizer/.test(url))).toEqual([]);

    await region.getByRole('button', { name: 'Type your own text' }).click();
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/position 12 \(\?\): 13 tokens/);
    expect(await region.getByRole('textbox', { name: 'Token ids' }).inputValue()).toBe(
      '1, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804',
    );
    await region.getByRole('textbox', { name: 'Text', exact: true }).fill('Dear reader');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/: 3 tokens/);
    expect(await region.getByRole('button', { name: /^Query 2 reader, key 1 Dear: weight / }).count()).toBe(
      1,
    );
    // The prompt as text and as the tokenizer's pieces.
    expect(await region.locator('.layer-prompt__string').textContent()).toBe('<s> Dear reader');
    expect(await region.locator('.layer-prompt__pieces .token-chip__text').allTextContents()).toEqual([
      '<s>',
      '▁Dear',
      '▁reader',
    ]);
    expect(requests.some((url) => /tokenizer/.test(url))).toBe(true);
    site.expectHealthy();
  });
});

describe('the layer drawn: diagram, colour strips, heatmap cells, next tokens', () => {
  /** The first `count` numbers a step's strip lists in its text twin. */
  async function firstValues(region: Locator, stage: string): Promise<number[]> {
    const twin = await region.locator(`.layer-stage[data-stage="${stage}"] .strip__twin`).textContent();
    const list = /first \d+: (.*)\.$/.exec(twin!.trim())![1]!;
    return list
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => Number(part.replace('−', '-')));
  }

  it('lights the current step in the diagram, jumps from a block, and steps with the buttons', async () => {
    const page = await openChapter();
    const region = await site.panel(page, LAYER_PANEL);
    await expect
      .poll(() => region.getByRole('status').textContent(), UNTIL)
      .toMatch(/through the pocket model/);
    const diagram = region.locator('.layer-diagram');
    const current = () => diagram.locator('[aria-current="step"]').getAttribute('data-step');
    expect(await current()).toBe('input');
    // Shapes beside the blocks: the pocket model's for this 20-token prompt, then Mistral-7B's.
    const shapes = await diagram.locator('.layer-diagram__shape').allTextContents();
    expect(shapes).toContain('q [20, 4, 32] · 7B [20, 32, 128]');
    expect(shapes).toContain('[20, 448] · 7B [20, 14,336]');
    expect(shapes).toContain('[20, 32,000] · 7B [20, 32,000]');

    await diagram.getByRole('button', { name: 'grouped-query attention: go to this step' }).click();
    await expect.poll(current, UNTIL).toBe('attention');
    expect(await region.locator('.layer-stage[data-current]').getAttribute('data-stage')).toBe('attention');
    await region.getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(current, UNTIL).toBe('o_proj');
    expect(await diagram.locator('.layer-diagram__where').textContent()).toBe('Step 9 of 16: o_proj');
    // From the keyboard: a block takes focus and Enter jumps to it.
    await diagram.getByRole('button', { name: 'residual add 2: go to this step' }).focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-step'))).toBe('residual_2');
    await page.keyboard.press('Enter');
    await expect.poll(current, UNTIL).toBe('residual_2');
    // Tab reaches the blocks in order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-step'))).toBe('final_norm');
    site.expectHealthy();
  });

  it('draws each vector as a strip whose numbers add up: the residual is the input plus o_proj', async () => {
    const page = await openChapter();
    const region = await site.panel(page, LAYER_PANEL);
    await expect
      .poll(() => region.getByRole('status').textContent(), UNTIL)
      .toMatch(/through the pocket model/);
    // 128 cells for a 128-wide vector; the text twin names its size.
    const input = region.locator('.layer-stage[data-stage="input"]');
    expect(await input.locator('.strip__cell').count()).toBe(128);
    expect(await input.locator('.strip__twin').textContent()).toMatch(
      /128 numbers from −?\d\.\d{3} to \d\.\d{3}/,
    );
    expect(await region.locator('.layer-stage[data-stage="swiglu"] .strip__cell').count()).toBe(448);
    // residual_1 = input + o_proj, number by number (each shown to 3 decimals, so within 0.0015).
    const [x, attended, sum] = await Promise.all(
      ['input', 'o_proj', 'residual_1'].map((stage) => firstValues(region, stage)),
    );
    sum!.forEach((value, i) =>
      expect(Math.abs(value - (x![i]! + attended![i]!))).toBeLessThanOrEqual(0.0015),
    );

    // The current step's strip reads its numbers one by one, from the keyboard too.
    const cell = input.getByRole('img', { name: /^Number 0 of 128: / });
    await cell.focus();
    await page.keyboard.press('ArrowRight');
    const readout = input.locator('.strip__readout');
    await expect.poll(() => readout.textContent(), UNTIL).toMatch(/^Number 1: /);
    const shown = (await readout.locator('strong').textContent())!;
    expect(await input.getByRole('img', { name: `Number 1 of 128: ${shown}` }).count()).toBe(1);
    expect(Number(shown.replace('−', '-'))).toBe(x![1]);
    site.expectHealthy();
  });

  it('reads a heatmap cell on hover and focus, moves with the arrows, and follows its query on click', async () => {
    const page = await openChapter();
    const region = await site.panel(page, LAYER_PANEL);
    const status = region.getByRole('status');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/position 19/);
    const readout = region.locator('.heatmap__readout');
    await region.locator('.heatmap [data-cell="12-4"]').hover();
    await expect
      .poll(() => readout.textContent(), UNTIL)
      .toMatch(/^Query 12 LL → key 4 Can: weight \d\.\d{3}\./);
    // The same weight as the table twin's row 12, column 4.
    const weight = /weight (\d\.\d{3})/.exec((await readout.textContent())!)![1];
    const tableCell = region.locator('table.attention-table tbody tr').nth(12).locator('td').nth(4);
    expect(await tableCell.textContent()).toBe(weight);

    await region.locator('.heatmap [data-cell="12-4"]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('13-4');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('13-5');
    await expect.poll(() => readout.textContent(), UNTIL).toMatch(/^Query 13 M → key 5 you: /);
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/^Layer 0, head 0, position 13 \(M\)/);
    expect(await region.locator('.layer-diagram [aria-current="step"]').getAttribute('data-step')).toBe(
      'attention',
    );
    expect(await region.getByLabel('Token position', { exact: true }).inputValue()).toBe('13');
    site.expectHealthy();
  });

  it('shows lm_head’s best ids as tokens, loading the vocabulary only when the step is reached', async () => {
    const { page } = await site.blank();
    const requests = recordRequests(site.current);
    await page.goto(site.server.url + ADDRESS);
    const region = await site.panel(page, LAYER_PANEL);
    await expect.poll(() => region.getByRole('status').textContent(), UNTIL).toMatch(/position 19/);
    const rows = region.locator('.lm-head__table tbody tr');
    // Before: ids only (the seed's own pieces are known, these are not), and nothing fetched.
    expect(await rows.first().locator('th').textContent()).toMatch(/^#\d+$/);
    expect(requests.filter((url) => /tokenizer/.test(url))).toEqual([]);

    await region.locator('.layer-diagram').getByRole('button', { name: 'lm_head: go to this step' }).click();
    // The pocket model answers the seed's question as Mistral-7B did in the notebook: "Dear" (id 22143).
    await expect.poll(() => rows.first().locator('.token-chip__text').textContent(), UNTIL).toBe('▁Dear');
    expect(await rows.first().locator('.token-chip__note').textContent()).toBe('id 22143');
    expect(requests.some((url) => /tokenizer/.test(url))).toBe(true);
    // The five shown and "the other 31,995" add up to 100%.
    const shares = (await rows.locator('td.lm-head__share').allTextContents()).map((text) =>
      parseFloat(text),
    );
    expect(await rows.last().locator('th').textContent()).toBe('the other 31,995');
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(100, 0);
    site.expectHealthy();
  });

  it('offers the chat template chapter’s conversation as the prompt, shown as text and pieces', async () => {
    const { page } = await site.blank();
    const requests = recordRequests(site.current);
    await page.goto(`${site.server.url}${ADDRESS}?chat=uHello`);
    const region = await site.panel(page, LAYER_PANEL);
    const status = region.getByRole('status');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/: 20 tokens/);
    // The conversation is on the page's address, but nothing loads until the reader picks it.
    expect(requests.filter((url) => /tokenizer/.test(url))).toEqual([]);
    await region.getByLabel('Prompt', { exact: true }).selectOption('conversation');
    await expect.poll(() => status.textContent(), UNTIL).toMatch(/: 9 tokens/);
    expect(await region.getByRole('textbox', { name: 'Token ids' }).inputValue()).toBe(
      '1, 733, 16289, 28793, 22557, 733, 28748, 16289, 28793',
    );
    await expect
      .poll(() => region.locator('.layer-prompt__string').textContent(), UNTIL)
      .toBe('<s> [INST] Hello [/INST]');
    expect(await region.getByLabel('Prompt', { exact: true }).inputValue()).toBe('conversation');
    site.expectHealthy();
  });
});
