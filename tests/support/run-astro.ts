/**
 * Runs the real Astro CLI under the Node that package.json pins (Astro 7
 * needs Node >= 22.12; the machine's own `node` may be older).
 *
 * The child gets the environment of a plain shell, not of the test runner:
 * Vitest puts `BASE_URL`, `MODE`, `NODE_ENV=test` and friends in
 * `process.env`, and Astro reads `process.env` into `import.meta.env` at
 * build time, so inherited they would silently override the site's base
 * path (a `SITE_BASE` build would link to `/`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pinnedNode = path.join(projectRoot, 'node_modules/.bin/node');
const astroCli = path.join(projectRoot, 'node_modules/astro/bin/astro.mjs');

const TEST_RUNNER_VARIABLES = /^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|TEST|VITEST.*)$/;

export interface AstroRun {
  status: number | null;
  /** stdout and stderr together. */
  output: string;
}

/** `astro <args>` in `cwd`, with `env` added to a clean copy of the environment. */
export function runAstro(
  args: string[],
  { cwd, env = {} }: { cwd: string; env?: Record<string, string> },
): AstroRun {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !TEST_RUNNER_VARIABLES.test(name)),
  );
  const result = spawnSync(pinnedNode, [astroCli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...inherited, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    timeout: 170_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
