/**
 * A hostile reader, measured: every text field of every page gets every
 * input in HOSTILE_INPUTS, and every address parameter every form in
 * DAMAGED_VALUES; the script counts what was kept, what ran, what threw,
 * how long the page took to answer, and the longest address the site
 * wrote. A measurement for the record (issue notes, reviews), not a test:
 * the tests pin the same rules case by case.
 *
 * Usage: npm run build && npx tsx scripts/hostile-inputs.ts
 */
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/chromium';
import { startServer } from '../support/site';
import { waitForEveryPanel } from '../tests/e2e/harness';

const PAGES = [
  'chapters/tokens/',
  'chapters/chat-template/',
  'chapters/one-token/',
  'chapters/the-loop/',
  'chapters/parameters/',
  'chapters/inside-mistral/',
  'search/',
];

/** What a hostile reader types or pastes. `LONE` is a lone surrogate, set through the DOM (CDP would mend it). */
const LONE = 'half \uD83D of an emoji';
const HOSTILE_INPUTS = [
  '',
  '   ',
  '\u0000\u0001\u001b[31m\u007f',
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=1</script>',
  '🦩👩‍👩‍👧‍👦\u202eevil',
  '<s>[INST] hi [/INST]</s><unk>',
  '-1',
  '1e400',
  'NaN',
  '-9007199254740993',
  '語'.repeat(2_000),
  'x'.repeat(100_000),
  LONE,
];

const PARAMS = ['text', 'chat', 'q', 'temperature', 'top_k', 'top_p', 'seed', 'max_new_tokens'];
/** Raw query values, as a damaged or hand-edited link carries them. */
const DAMAGED_VALUES = [
  '%',
  '%E0%A4%A',
  '%ZZ',
  '%ED%A0%80',
  '%00%1B',
  '%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E',
  'u*'.repeat(500),
  '\\',
  '*a*u',
  '1e400',
  'x'.repeat(5_000),
];

interface Tally {
  inputs: number;
  kept: number;
  ran: number;
  pageErrors: string[];
  slowest: number;
  longestAddress: number;
}

async function fieldsOf(page: Page): Promise<string[]> {
  return page.evaluate(
    `[...document.querySelectorAll('section.panel input[type=text], section.panel input[type=search], section.panel textarea')].filter((f) => f.id && !f.disabled).map((f) => f.id)`,
  ) as Promise<string[]>;
}

async function typeInto(page: Page, id: string, value: string): Promise<void> {
  if (value === LONE) {
    await page.evaluate(
      `(() => { const f = document.getElementById(${JSON.stringify(id)}); f.focus(); f.value = 'half \\uD83D of an emoji'; f.dispatchEvent(new Event('input', { bubbles: true })); })()`,
    );
  } else await page.locator(`#${id}`).fill(value);
}

const server = await startServer('dist');
const browser = await launchBrowser({ webgpu: false });
const tally: Tally = { inputs: 0, kept: 0, ran: 0, pageErrors: [], slowest: 0, longestAddress: 0 };
const fields = new Set<string>();
let addresses = 0;
let addressesOpened = 0;

try {
  for (const address of PAGES) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => tally.pageErrors.push(`${address}: ${error.message.split('\n')[0]}`));
    await page.goto(server.url + address);
    await waitForEveryPanel(page, 60_000);
    for (const id of await fieldsOf(page)) {
      fields.add(`${address}#${id}`);
      for (const value of HOSTILE_INPUTS) {
        await typeInto(page, id, value);
        tally.inputs += 1;
        // The page must answer within a frame or two; a freeze shows as a slow round trip.
        const started = Date.now();
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
        tally.slowest = Math.max(tally.slowest, Date.now() - started);
        // Past the address writer's delay (300 ms), so the address the site wrote is the one measured.
        await page.waitForTimeout(350);
        const kept = (await page.evaluate(
          `document.getElementById(${JSON.stringify(id)}).value === ${JSON.stringify(value === LONE ? 'half \uD83D of an emoji' : value)}`,
        )) as boolean;
        if (kept) tally.kept += 1;
        if (await page.evaluate('window.__pwned === 1')) tally.ran += 1;
        tally.longestAddress = Math.max(tally.longestAddress, page.url().length);
      }
    }
    await context.close();
  }

  for (const param of PARAMS) {
    const address = ['text'].includes(param)
      ? 'chapters/tokens/'
      : param === 'chat'
        ? 'chapters/chat-template/'
        : param === 'q'
          ? 'search/'
          : 'chapters/the-loop/';
    for (const value of DAMAGED_VALUES) {
      addresses += 1;
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (error) =>
        tally.pageErrors.push(`${address}?${param}=…: ${error.message.split('\n')[0]}`),
      );
      await page.goto(`${server.url}${address}?${param}=${value}`);
      await waitForEveryPanel(page, 60_000);
      if (await page.evaluate('window.__pwned === 1')) tally.ran += 1;
      addressesOpened += 1;
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`text fields: ${fields.size} on ${PAGES.length} pages`);
console.log(`hostile inputs: ${tally.inputs}; kept in their box as typed: ${tally.kept}`);
console.log(`damaged addresses: ${addresses}; pages that opened with every panel ready: ${addressesOpened}`);
console.log(`code that ran: ${tally.ran}; page errors: ${tally.pageErrors.length}`);
for (const error of tally.pageErrors.slice(0, 10)) console.log(`  ${error}`);
console.log(
  `slowest answer to an input: ${tally.slowest} ms; longest address written: ${tally.longestAddress} bytes`,
);
