/**
 * Debian's Chromium, for the end-to-end tests (through playwright-core) and
 * the bench (playwright-core, and Lighthouse through chrome-launcher): one
 * path and one set of flags, so both measure the same browser. Nothing here
 * ever downloads a browser.
 */
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: where it is, and the flags that switch off everything that would reach the network on its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Debian's Chromium, headless; with `webgpu`, a real (SwiftShader) WebGPU adapter. */
export async function launchBrowser({ webgpu = false }: { webgpu?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}
