/**
 * The One token chapter in real Chromium without WebGPU, against the built
 * site: the pocket model (its weights, its worker, the tokenizer) loads only
 * on the first step and answers the seed question with `▁Dear`; the same
 * model before training is one click away; one step shows the candidates
 * with their stages, settings re-sample at once, bad settings get messages,
 * a failed or damaged download of the weights can be retried, and the chat
 * template chapter's conversation is the prompt.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, formatViolations } from './harness';
import { E2E_DIST_PATH, recordRequests, UNTIL, useSite } from './suite';

const TITLE = 'One token';
const site = useSite();

async function openChapter(address = 'chapters/one-token/'): Promise<Page> {
  return (await site.open(address)).page;
}

const panel = (page: Page) => page.getByRole('region', { name: TITLE, exact: true });
const status = (page: Page) => panel(page).getByRole('status').first();
const field = (page: Page, name: string) => panel(page).getByRole('textbox', { name, exact: true });

/** Rows of the candidate table as [token, id, final, stages]. */
async function rows(page: Page) {
  return panel(page)
    .locator('.candidate-table tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.children].map((cell) => cell.textContent?.trim() ?? '');
        return {
          token: cells[1]!,
          id: Number(cells[2]),
          afterTopK: cells[6]!,
          final: cells[7]!,
          stages: cells[8]!,
        };
      }),
    );
}

/** Scrolls to the panel, waits for it to be ready (it hydrates when visible), and presses Run one step once. */
async function runOneStep(
  page: Page,
  expected = /^Step 1: picked “.+” \(id \d+\), probability [\d.]+%, drawn with random number 0\.\d{4} from 50 kept tokens\.$/,
) {
  await site.panel(page, TITLE);
  await panel(page).getByRole('button', { name: 'Run one step' }).click();
  await expect.poll(() => status(page).textContent(), UNTIL).toMatch(expected);
}

describe('one token on the pocket model', () => {
  it('loads nothing until the first step, then answers the seed question with ▁Dear, as Mistral-7B did', async () => {
    // Listen before navigating, so that nothing the page loads on its own goes unseen.
    const { page } = await site.blank();
    const requests = recordRequests(site.current);
    await page.goto(`${site.server.url}chapters/one-token/?temperature=0`);
    await site.panel(page, TITLE);
    await page.waitForLoadState('networkidle');
    const heavy = /glassbox\.worker|tokenizer\.json|chat-template\.worker|model\.safetensors/;
    expect(requests.filter((url) => heavy.test(url))).toEqual([]);
    expect(await panel(page).locator('.engine-badge').textContent()).toMatch(
      /^Trained Pocket Mistral \(trained by this site\) .*learned the shape of English and of an answer, not facts\.$/,
    );
    expect(await panel(page).locator('.prompt-line').textContent()).toContain(
      '1 733 16289 28793 2418 368 3324 396 4927 20400 767 396 16704 28755 349 28804 733 28748 16289 28793',
    );
    // The seed's pieces read before anything loads (the notebook's table: ▁Can 2418 … ▁LL 16704, M 28755).
    expect(await panel(page).locator('.prompt-line__pieces').textContent()).toContain(
      '<s> ▁[ INST ] ▁Can ▁you ▁write ▁an ▁email ▁explaining ▁what ▁an ▁LL M ▁is ? ▁[ / INST ]',
    );

    await runOneStep(
      page,
      /^Step 1: picked “▁Dear” \(id 22143\), probability 100%, greedy: the top score\.$/,
    );
    expect(requests.filter((url) => /model\.safetensors/.test(url))).toHaveLength(1);
    expect(requests.some((url) => /glassbox\.worker/.test(url))).toBe(true);
    const table = await rows(page);
    expect(table[0]).toMatchObject({ token: '▁Dear', id: 22143, stages: 'kept · picked' });
    expect(await panel(page).locator('.picked-token').textContent()).toMatch(
      /^Picked ▁Dear \(id 22143\) with probability 100%/,
    );
    expect(await panel(page).locator('.timings').textContent()).toMatch(/Time to first token: [\d,.]+ ms/);
    site.expectHealthy();
  });

  it('runs the same prompt on the model before training, whose scores are far flatter', async () => {
    const page = await openChapter();
    await runOneStep(page);
    const trained = await rows(page);
    const top = (table: typeof trained) => Number.parseFloat(table[0]!.final);
    await panel(page)
      .getByRole('radio', { name: /before training/ })
      .check();
    expect(await panel(page).locator('.engine-badge').textContent()).toMatch(
      /^Untrained Pocket Mistral before training/,
    );
    await panel(page).getByRole('button', { name: 'Run one step' }).click();
    await expect.poll(async () => (await rows(page)).length, UNTIL).toBeGreaterThan(0);
    const untrained = await rows(page);
    expect(untrained[0]!.id).not.toBe(trained[0]!.id);
    expect(top(untrained)).toBeLessThan(top(trained));
    expect(untrained.some((row) => row.id === 22143)).toBe(false);
    // Back on the trained model, its step is still there.
    await panel(page)
      .getByRole('radio', { name: /The pocket model/ })
      .check();
    await expect
      .poll(async () => (await rows(page)).map((row) => row.id), UNTIL)
      .toEqual(trained.map((row) => row.id));
    site.expectHealthy();
  });

  it('explains a failed or damaged download of the weights, and loads them on Try again', async () => {
    const { page, context } = await site.blank();
    const file = readFileSync(path.join(E2E_DIST_PATH, 'models/pocket/model.safetensors'));
    let answer: 'error' | 'truncated' | 'whole' = 'error';
    // On the context, not the page: the weights are fetched by the panel's worker.
    await context.route('**/models/pocket/model.safetensors', (route) =>
      answer === 'error'
        ? route.fulfill({ status: 503, body: 'busy' })
        : route.fulfill({ status: 200, body: answer === 'truncated' ? file.subarray(0, 200_000) : file }),
    );
    await page.goto(`${site.server.url}chapters/one-token/`);
    await site.panel(page, TITLE);
    await panel(page).getByRole('button', { name: 'Run one step' }).click();
    const alert = panel(page).getByRole('alert');
    await expect.poll(() => alert.textContent(), UNTIL).toMatch(/The model did not start.*HTTP 503/);
    answer = 'truncated';
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => alert.textContent(), UNTIL).toMatch(/damaged or incomplete/);
    answer = 'whole';
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => status(page).textContent(), UNTIL).toMatch(/^Step 1: picked/);
    // The alert empties (and so leaves the accessibility tree) once the model runs.
    expect(await panel(page).locator('.panel__error').textContent()).toBe('');
    // The 503 on purpose, asked for by the panel's worker (which logs nothing to the page's console).
    await site.clearExpected({ failedRequests: [/\/models\/pocket\/model\.safetensors: HTTP 503$/] });
    site.expectHealthy();
  });

  it('re-samples as the settings change: greedy takes the top row, top-k removes rows in words', async () => {
    const page = await openChapter();
    await runOneStep(page);
    const before = await rows(page);

    await field(page, 'Temperature').fill('0');
    await expect
      .poll(() => status(page).textContent(), UNTIL)
      .toMatch(/probability 100%, greedy: the top score\.$/);
    let table = await rows(page);
    expect(table.map((row) => row.id)).toEqual(before.map((row) => row.id)); // same scores, same ranking
    expect(table[0]!.stages).toBe('kept · picked');
    expect(table.slice(1).every((row) => row.stages === 'removed: greedy keeps only the top score')).toBe(
      true,
    );

    await field(page, 'Temperature').fill('1');
    await field(page, 'Top-k').fill('3');
    await expect.poll(async () => (await rows(page))[3]?.stages, UNTIL).toBe('removed by top-k');
    table = await rows(page);
    expect(table.slice(0, 3).every((row) => row.stages.startsWith('kept'))).toBe(true);
    expect(
      table
        .slice(3)
        .every((row) => row.stages === 'removed by top-k' && row.afterTopK === '0%' && row.final === '0%'),
    ).toBe(true);
    expect(await status(page).textContent()).toMatch(/from 3 kept tokens\.$/);
    site.expectHealthy();
  });

  it('keeps the settings in the address: a link sets the boxes, typing updates it, a reload keeps it', async () => {
    const page = await openChapter('chapters/one-token/?temperature=0&seed=7&top_k=hot');
    await site.panel(page, TITLE);
    await expect.poll(() => field(page, 'Temperature').inputValue(), UNTIL).toBe('0');
    expect(await field(page, 'Seed').inputValue()).toBe('7');
    // A bad value from a link arrives as typed, with its message.
    expect(await field(page, 'Top-k').inputValue()).toBe('hot');
    await expect.poll(() => panel(page).locator('.text-field__error').count(), UNTIL).toBe(1);

    await field(page, 'Top-k').fill('40');
    await field(page, 'Top-p').fill('0.9');
    await expect
      .poll(() => Object.fromEntries(new URL(page.url()).searchParams), UNTIL)
      .toEqual({ temperature: '0', top_k: '40', top_p: '0.9', seed: '7' });
    await page.reload();
    await site.panel(page, TITLE);
    await expect.poll(() => field(page, 'Top-p').inputValue(), UNTIL).toBe('0.9');
    expect(await field(page, 'Top-k').inputValue()).toBe('40');
    // Temperature 0 from the link: the step is greedy, so no random number is drawn.
    const button = panel(page).getByRole('button', { name: 'Run one step' });
    await expect.poll(() => button.isEnabled(), UNTIL).toBe(true);
    await button.click();
    await expect.poll(() => status(page).textContent(), UNTIL).toMatch(/^Step 1: picked “.+” \(id \d+\)/);
    expect(await status(page).textContent()).not.toContain('random number');
    site.expectHealthy();
  });

  it('gives a message for each bad setting, keeps what was typed, and runs again once fixed', async () => {
    const page = await openChapter();
    await runOneStep(page);
    await field(page, 'Temperature').fill('hot');
    await field(page, 'Top-p').fill('1.5');
    const errors = panel(page).locator('.text-field__error');
    await expect
      .poll(() => errors.allTextContents(), UNTIL)
      .toEqual([
        '“hot” is not a number, so it cannot be the temperature.',
        'Top-p 1.5 is out of range: use a number above 0 and at most 1 (1 switches it off).',
      ]);
    expect(await field(page, 'Temperature').inputValue()).toBe('hot');
    expect(await field(page, 'Temperature').getAttribute('aria-invalid')).toBe('true');
    expect(await panel(page).getByRole('button', { name: 'Run one step' }).isDisabled()).toBe(true);
    expect(await panel(page).locator('.generation-controls__blocked').textContent()).toBe(
      'Fix the settings marked above first.',
    );
    await field(page, 'Temperature').fill('0.7');
    await field(page, 'Top-p').fill('0.9');
    await expect.poll(() => errors.count(), UNTIL).toBe(0);
    expect(await panel(page).getByRole('button', { name: 'Run one step' }).isEnabled()).toBe(true);
    site.expectHealthy();
  });

  it('feeds the chat template chapter’s conversation, rendered by its template, with a link back', async () => {
    const page = await openChapter('chapters/one-token/?chat=uHello');
    await site.panel(page, TITLE);
    await expect
      .poll(() => panel(page).locator('.prompt-line').textContent(), UNTIL)
      .toContain(
        'from your conversation through Mistral-7B-Instruct v0.1’s chat template, in its 32,000-token vocabulary (chapter 1’s ids): 1 733 16289 28793 22557 733 28748 16289 28793',
      );
    const back = panel(page).getByRole('link', {
      name: 'Change the conversation in the chat template chapter',
    });
    expect(new URL((await back.getAttribute('href'))!, site.server.url).pathname).toBe(
      '/chapters/chat-template/',
    );
    await runOneStep(page);
    site.expectHealthy();
  });

  it('explains a conversation that ends with the model’s turn instead of running it', async () => {
    const page = await openChapter('chapters/one-token/?chat=uHi*aHello');
    await site.panel(page, TITLE);
    await expect
      .poll(() => panel(page).locator('.generation-controls__blocked').textContent(), UNTIL)
      .toMatch(/ends with the model’s own turn, so there is nothing to answer/);
    expect(await panel(page).getByRole('button', { name: 'Run one step' }).isDisabled()).toBe(true);
    site.expectHealthy();
  });

  it('has no accessibility violations after a step, in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await site.open('chapters/one-token/', { colorScheme });
      await runOneStep(page);
      await field(page, 'Top-k').fill('3');
      await expect.poll(async () => (await rows(page))[3]?.stages, UNTIL).toBe('removed by top-k');
      const violations = await checkA11y(page);
      expect(violations, formatViolations(violations)).toEqual([]);
    }
    site.expectHealthy();
  });
});

describe('one token: the whole distribution, any token, many draws, more candidates', () => {
  it('charts every score with a table twin, finds ▁Dear, draws 1,000 times and lists more candidates with </s>', async () => {
    // In the dark theme: the light one is checked after a step by the accessibility test above.
    const { page } = await site.open('chapters/one-token/', { colorScheme: 'dark' });
    await runOneStep(page);

    // The chart: an image with a name that says what it shows, and its table twin down to the last rank.
    const chart = panel(page).getByRole('img', { name: /^Probability against rank for all 32,000 tokens/ });
    await expect.poll(() => chart.count(), UNTIL).toBe(1);
    expect(await chart.getAttribute('aria-label')).toMatch(
      /The 50 tokens that survived every stage are drawn thick/,
    );
    await expect.poll(() => chart.locator('canvas').count(), UNTIL).toBe(1);
    const twin = panel(page).getByRole('table', {
      name: /^The distribution at ranks 1, 2, 5, 10, … of 32,000/,
    });
    const twinRows = await twin
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim() ?? '')));
    expect(twinRows.map((row) => row[0])).toEqual([
      '1',
      '2',
      '5',
      '10',
      '20',
      '50',
      '100',
      '200',
      '500',
      '1,000',
      '2,000',
      '5,000',
      '10,000',
      '20,000',
      '32,000',
    ]);
    expect(twinRows[5]![3]).toBe('yes'); // rank 50 survived top-k 50
    expect(twinRows[6]![3]).toBe('no');
    expect(twinRows.at(-1)![2]).toMatch(/^(100\.0|100)%$/);

    // Find ▁Dear by its text: rank 1, every stage's probability, kept and picked at temperature 0.
    await field(page, 'Temperature').fill('0');
    await expect.poll(() => status(page).textContent(), UNTIL).toMatch(/greedy: the top score\.$/);
    const finder = panel(page).getByRole('textbox', { name: 'Find a token', exact: true });
    await finder.fill('▁Dear');
    await panel(page).getByRole('button', { name: 'Find', exact: true }).click();
    const trace = panel(page).getByRole('table', {
      name: /^Where ▁Dear \(id 22143\) stands at every stage$/,
    });
    await expect.poll(() => trace.count(), UNTIL).toBe(1);
    const cells = await trace
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim() ?? '')));
    expect(cells[0]).toEqual(['Rank by score', '1']);
    expect(cells.find((row) => row[0] === 'Final (drawn with)')).toEqual(['Final (drawn with)', '100%']);
    expect(cells.at(-1)).toEqual(['Verdict', 'kept · picked']);

    // Bad input: a message, and the box keeps what was typed.
    await finder.fill('🦙');
    await panel(page).getByRole('button', { name: 'Find', exact: true }).click();
    await expect
      .poll(() => panel(page).locator('.token-finder .text-field__error').textContent(), UNTIL)
      .toMatch(/^No token of this vocabulary is “🦙”/);
    expect(await finder.inputValue()).toBe('🦙');
    expect(await finder.getAttribute('aria-invalid')).toBe('true');

    // Many draws, back at temperature 1: the table counts all 1,000, and the same seed gives the same counts.
    await field(page, 'Temperature').fill('1');
    await expect.poll(() => status(page).textContent(), UNTIL).toMatch(/from 50 kept tokens\.$/);
    const drawButton = panel(page).getByRole('button', { name: 'Draw 1,000 times' });
    await drawButton.click();
    const draws = panel(page).getByRole('table', { name: /^1,000 draws with seed 0:/ });
    await expect.poll(() => draws.locator('tfoot tr').textContent(), UNTIL).toBe('Every draw1,000100%100%');
    const counts = async () =>
      draws
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Number(tr.children[2]!.textContent!.replaceAll(',', ''))));
    const first = await counts();
    expect(first.reduce((sum, count) => sum + count, 0)).toBe(1_000);
    await drawButton.click();
    expect(await counts()).toEqual(first);

    // More candidates, on demand; </s> (the end of a reply) is always offered.
    expect((await rows(page)).some((row) => row.token === '</s>')).toBe(true);
    const before = (await rows(page)).length;
    await panel(page).getByRole('button', { name: 'Show 15 more' }).click();
    await expect.poll(async () => (await rows(page)).length, UNTIL).toBe(before + 15);
    const longer = await rows(page);
    expect(longer.some((row) => row.token === '</s>' && row.id === 2)).toBe(true);

    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    site.expectHealthy();
  });
});

describe('one token: the draw drawn, the sliders beside the bars, the table at 1280 and 360 px', () => {
  /** The numbers the status line announces: the pick and the random number. */
  const announced = async (page: Page) => {
    const text = (await status(page).textContent()) ?? '';
    const match = /picked “(.+)” \(id \d+\), probability [\d.]+%, drawn with random number (0\.\d{4})/.exec(
      text,
    );
    expect(match, text).not.toBeNull();
    return { token: match![1]!, u: match![2]! };
  };
  const figure = (page: Page) => panel(page).locator('figure.draw-line');
  /** Where the marked number sits and where the picked stretch runs, in px, from the drawing itself. */
  const geometry = (page: Page) =>
    figure(page)
      .locator('svg')
      .evaluate((svg) => {
        const box = (selector: string) => svg.querySelector(selector)!.getBoundingClientRect();
        const line = box('.draw-line__u line');
        const picked = box('.draw-line__stretch--picked rect');
        return {
          u: line.left + line.width / 2,
          from: picked.left,
          to: picked.right,
          share: picked.width / svg.getBoundingClientRect().width,
          label: svg.querySelector('.draw-line__stretch--picked text')?.textContent ?? null,
        };
      });

  it('marks the random number on the picked token’s stretch, as long as its final probability', async () => {
    const page = await openChapter('chapters/one-token/?temperature=1.5&top_k=0&top_p=0.9');
    await runOneStep(
      page,
      /^Step 1: picked “.+” \(id \d+\), probability [\d.]+%, drawn with random number 0\.\d{4} from [\d,]+ kept tokens\.$/,
    );
    let previous = '';
    for (const seed of ['0', '3', '11']) {
      if (seed !== '0') await field(page, 'Seed').fill(seed);
      // Another seed, another random number: wait for the step drawn with it.
      await expect.poll(async () => (await announced(page)).u, UNTIL).not.toBe(previous);
      const { token, u } = await announced(page);
      previous = u;
      const twin = figure(page).locator('.draw-line__twin');
      await expect.poll(() => twin.textContent(), UNTIL).toMatch(new RegExp(`^u = ${u} fell in `));
      expect((await twin.textContent())!.startsWith(`u = ${u} fell in ${token}’s stretch `)).toBe(true);
      const at = await geometry(page);
      // The mark is inside the picked stretch (a pixel of slack for the stroke).
      expect(at.u).toBeGreaterThanOrEqual(at.from - 1);
      expect(at.u).toBeLessThanOrEqual(at.to + 1);
      // The stretch is as long as the pick's final probability, read from the table twin.
      const picked = (await rows(page)).find((row) => row.stages.endsWith('picked'))!;
      expect(picked.token).toBe(token);
      expect(at.share).toBeCloseTo(Number.parseFloat(picked.final) / 100, 2);
    }
    // Greedy: nothing is drawn, so nothing is marked, and the top token fills the line.
    await field(page, 'Temperature').fill('0');
    await expect
      .poll(() => figure(page).locator('.draw-line__twin').textContent(), UNTIL)
      .toMatch(/^Temperature 0 is greedy: nothing is drawn, and ▁Dear fills the whole line\./);
    expect(await figure(page).locator('.draw-line__u').count()).toBe(0);
    site.expectHealthy();
  });

  it('moves the settings with the sliders: the box follows, the bars reshape on one 0–100% scale', async () => {
    const page = await openChapter();
    await runOneStep(page);
    const slider = panel(page).getByRole('slider', { name: 'Temperature' });
    const topBar = panel(page).locator('.candidate-bars__row').first().locator('.candidate-bars__bar');
    const width = async () =>
      Number.parseFloat((await topBar.getAttribute('style'))!.replace(/^width:\s*/, ''));
    // At temperature 1 the top bar is as long as the top row's final probability: one absolute scale.
    const atOne = await width();
    expect(atOne).toBeCloseTo(Number.parseFloat((await rows(page))[0]!.final), 0);

    // One step to the right from the keyboard: 1.05 in the box, a flatter distribution, a shorter top bar.
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => field(page, 'Temperature').inputValue(), UNTIL).toBe('1.05');
    await page.keyboard.press('End');
    await expect.poll(() => field(page, 'Temperature').inputValue(), UNTIL).toBe('2');
    await expect.poll(width, UNTIL).toBeLessThan(atOne);
    expect(await status(page).textContent()).toMatch(/random number/);
    // All the way left is greedy: the top token's bar fills the whole track.
    await page.keyboard.press('Home');
    await expect.poll(() => field(page, 'Temperature').inputValue(), UNTIL).toBe('0');
    await expect.poll(width, UNTIL).toBe(100);
    expect(await status(page).textContent()).toMatch(/greedy: the top score\.$/);

    // Top-k's slider steps through its stops: one left of 50 is 40.
    const topK = panel(page).getByRole('slider', { name: 'Top-k' });
    await topK.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => field(page, 'Top-k').inputValue(), UNTIL).toBe('40');

    // A bad value typed in a box stays, with its message, until the slider itself is moved.
    await field(page, 'Temperature').fill('hot');
    await expect
      .poll(() => panel(page).locator('.draw-sliders__value').first().textContent(), UNTIL)
      .toBe('fix the box');
    expect(await field(page, 'Temperature').inputValue()).toBe('hot');
    expect(await panel(page).locator('.text-field__error').allTextContents()).toEqual([
      '“hot” is not a number, so it cannot be the temperature.',
    ]);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => field(page, 'Temperature').inputValue(), UNTIL).toBe('0.05');
    await expect.poll(() => panel(page).locator('.text-field__error').count(), UNTIL).toBe(0);
    site.expectHealthy();
  });

  /** Opens the chapter at `width` px with top-k 3 and runs a step; returns the table's scroll box and a check of one heading. */
  async function tableAt(width: number) {
    const { page } = await site.open('chapters/one-token/?top_k=3', { viewport: { width, height: 800 } });
    await runOneStep(page, /^Step 1: picked .* from 3 kept tokens\.$/);
    const box = panel(page).locator('.candidate-table-frame .table-scroll');
    const visible = (name: string) =>
      box.evaluate((scroll, heading) => {
        const th = [...scroll.querySelectorAll('thead th')].find((cell) => cell.textContent === heading)!;
        const edge = scroll.getBoundingClientRect();
        const cell = th.getBoundingClientRect();
        return cell.width > 0 && cell.left >= edge.left && cell.right <= edge.right + 0.5;
      }, name);
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    return { page, box, visible, pageWidth };
  }

  it('fits every column of the table at 1280 px, the final probability and the stage among them', async () => {
    const { box, visible, pageWidth } = await tableAt(1280);
    expect(await visible('Final')).toBe(true);
    expect(await visible('Stages')).toBe(true);
    // Every column fits: the box has nothing to scroll sideways.
    expect(await box.evaluate((scroll) => scroll.scrollWidth <= scroll.clientWidth)).toBe(true);
    expect(await pageWidth()).toBeLessThanOrEqual(1280);
    site.expectHealthy();
  });

  it('on a phone keeps the key columns in view, folds the rest until asked, and gives the bars the width', async () => {
    const { page, visible, pageWidth } = await tableAt(360);
    expect(await visible('Final')).toBe(true);
    expect(await visible('Stages')).toBe(true);
    expect(await visible('Softmax')).toBe(false);
    await panel(page).getByRole('checkbox', { name: 'Show every stage’s column' }).check();
    await expect.poll(() => visible('Id'), UNTIL).toBe(true);
    expect(await pageWidth()).toBeLessThanOrEqual(360);
    // Each bar's track runs under its token and number, most of the panel wide.
    const track = await panel(page).locator('.candidate-bars__track').first().boundingBox();
    expect(track!.width).toBeGreaterThan(360 * 0.6);
    // The sliders stay within reach: pinned to the top of the screen while the bars scroll under them.
    await panel(page)
      .locator('.draw-figure')
      .evaluate((drawing) => window.scrollBy(0, drawing.getBoundingClientRect().top + 300));
    const sliders = await panel(page)
      .getByRole('group', { name: 'Sampling settings as sliders' })
      .boundingBox();
    expect(Math.round(sliders!.y)).toBe(0);
    site.expectHealthy();
  });
});
