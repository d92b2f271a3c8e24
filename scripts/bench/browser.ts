import type { Browser, Page } from 'playwright-core';
import { benchCorpus } from './corpus';
import { TYPED, typingRow, type Row } from './tokenizer';

const CHAPTER = 'chapters/tokens/';

/** Scrolls the panel into view and waits for its first tokens; returns [worker load ms, visible-to-tokens ms]. */
async function openPanel(page: Page, url: string): Promise<[number, number]> {
  await page.goto(url + CHAPTER);
  const started = Date.now();
  await page.locator('#tokenizer-input').scrollIntoViewIfNeeded();
  const status = page.getByText(/Tokenizer ready \(loaded in [\d,]+ ms\)/);
  await status.waitFor({ timeout: 60_000 });
  await page.locator('.token-table tbody tr').first().waitFor();
  const elapsed = Date.now() - started;
  const loadMs = Number((await status.textContent())!.match(/loaded in ([\d,]+) ms/)![1]!.replace(/,/g, ''));
  return [loadMs, elapsed];
}

/** Tokenizer load time (cold and warm) and typing latency, in Debian's Chromium against the built site. */
export async function benchBrowser(browser: Browser, url: string): Promise<{ load: Row[]; typing: Row[] }> {
  const load: Row[] = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  const [coldLoad, coldVisible] = await openPanel(page, url);
  load.push({
    visit: 'cold (empty cache)',
    'worker load ms': coldLoad,
    'panel visible → tokens shown ms': coldVisible,
  });
  const [warmLoad, warmVisible] = await openPanel(page, url);
  load.push({
    visit: 'warm (same browser, reload)',
    'worker load ms': warmLoad,
    'panel visible → tokens shown ms': warmVisible,
  });

  // Typing at the end of a 2,000-character prompt; each keystroke's worker time is what the counts line shows.
  const input = page.locator('#tokenizer-input');
  await input.fill(benchCorpus(2_000));
  await page.waitForFunction(() =>
    document.querySelector('.token-counts')?.textContent?.includes('2,000 characters'),
  );
  await page.evaluate(() => {
    const samples: number[] = [];
    (window as unknown as { __samples: number[] }).__samples = samples;
    new MutationObserver(() => {
      const match = document.querySelector('.token-counts')?.textContent?.match(/tokenized in ([\d.,]+) ms/);
      if (match) samples.push(Number(match[1]!.replace(/,/g, '')));
    }).observe(document.querySelector('.token-counts')!, {
      subtree: true,
      characterData: true,
      childList: true,
    });
  });
  await input.focus();
  await page.keyboard.press('End');
  const started = Date.now();
  await page.keyboard.type(TYPED, { delay: 20 });
  await page.waitForFunction(() =>
    document.querySelector('.token-counts')?.textContent?.includes('2,052 characters'),
  );
  const wallMs = Date.now() - started;
  const samples = await page.evaluate(() => (window as unknown as { __samples: number[] }).__samples);
  await context.close();
  return {
    load,
    typing: [
      typingRow('Chromium worker (the time the panel shows)', samples, {
        'panel updates': samples.length,
        'wall ms for all keys (20 ms apart)': wallMs,
      }),
    ],
  };
}
