/**
 * Lighthouse over every built page, in Debian's Chromium: performance,
 * accessibility, best practices and SEO, side by side (goal: 100 each).
 * Lighthouse's default mobile profile (simulated slow 4G and a slower CPU),
 * against the local static server, so the figures describe the site and not
 * a network. Chromium is started by chrome-launcher with the same flags the
 * tests use; Lighthouse never downloads a browser.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { Row } from './tokenizer';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../support/chromium';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** One row per page address: the four scores (0-100) and the audits that cost points. */
export async function benchLighthouse(siteUrl: string, addresses: readonly string[]): Promise<Row[]> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: [...CHROMIUM_FLAGS] });
  const rows: Row[] = [];
  try {
    for (const address of addresses) {
      const result = await lighthouse(siteUrl + address, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      const lhr = result?.lhr;
      if (!lhr) {
        rows.push({ page: `/${address}`, performance: 'failed' });
        continue;
      }
      const row: Row = { page: `/${address}` };
      for (const category of CATEGORIES)
        row[category] = Math.round((lhr.categories[category]?.score ?? 0) * 100);
      // The audits that cost points, so a score below 100 says why.
      const failing = Object.values(lhr.audits)
        .filter(
          (audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative',
        )
        .map((audit) => audit.id);
      row['below 0.9'] = failing.slice(0, 6).join(', ') || '–';
      rows.push(row);
    }
  } finally {
    chrome.kill();
  }
  return rows;
}
