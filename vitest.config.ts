import { defineConfig } from 'vitest/config';

// Unit tests: framework-free logic in src/lib and panel parts rendered to strings.
// End-to-end tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}', 'components/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
