import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests in real Chromium against the built site in `dist/`
 * (`npm run build` first; `npm test` does). One file at a time, one test at
 * a time: each test drives a browser, and running them side by side would
 * only make timings flaky.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
