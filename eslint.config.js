// @ts-check
/**
 * Lint for a Preact + TypeScript site: ESLint's and typescript-eslint's recommended rules, the hooks
 * rules (eslint-plugin-react-hooks matches hooks by name, so they hold for `preact/hooks` too) and
 * no-shadow. Formatting is Prettier's job (.prettierrc), so no stylistic rule lives here. `.astro` and
 * `.mdx` files are not linted: `astro check` type-checks their scripts.
 */
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Legacy `window` properties that are everyday words (`name`, `status`, `event`, `top`, ...). A local
 * `name` or `model` is how anyone names things, and TypeScript already refuses most bare uses of these
 * globals, so no-shadow lets them be; it still reports a local `history`, `window`, `document`, `fetch`
 * or any other global the code really uses.
 */
const EVERYDAY_WINDOW_PROPERTIES = [
  'alert',
  'event',
  'external',
  'focus',
  'length',
  'model',
  'name',
  'open',
  'opener',
  'origin',
  'parent',
  'prompt',
  'status',
  'stop',
  'top',
  'when',
];

export default defineConfig(
  {
    // The same files Prettier leaves alone (.prettierignore), and generated code.
    ignores: [
      'dist/',
      'dist-*/',
      '.astro/',
      'public/',
      'src/lib/llm/generated/',
      'src/components/generated/',
      'training/out/',
      'training/node_modules/',
      'test-results/',
      'bench-results/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      // Node's own globals, without CommonJS's `require` and `module`: every file here is an ES module.
      globals: globals.nodeBuiltin,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A local that hides an outer name, or a global the file may also use (`let history` beside the
      // browser's `history`), reads as the other one. The TS version understands types and enums.
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': ['error', { builtinGlobals: true, allow: EVERYDAY_WINDOW_PROPERTIES }],
      // As TypeScript's own noUnused* checks: a `_`-prefixed name is unused on purpose (a parameter a
      // signature needs, a property left out of a rest object).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // The onnxruntime-node stand-in is a CommonJS package (see its package.json).
    files: ['stubs/onnxruntime-node/**'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.nodeBuiltin, ...globals.commonjs } },
  },
  {
    // What runs in the page or a worker: panels, site code, workers.
    files: ['components/**', 'src/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // `declare const self: DedicatedWorkerGlobalScope` gives the worker's global its type; it is the
    // global, not a second variable.
    files: ['src/workers/**'],
    rules: {
      '@typescript-eslint/no-shadow': [
        'error',
        { builtinGlobals: true, allow: [...EVERYDAY_WINDOW_PROPERTIES, 'self'] },
      ],
    },
  },
  {
    // Preact components and their hooks (components/ui/use*.ts), and the tests that render them. The
    // plugin's React Compiler rules (its `recommended` preset) are left out: they assume the React
    // Compiler, which Preact does not have, and know a ref only by a `Ref` suffix in its name, so they
    // report every `latest.current = ...` in these panels.
    files: ['components/**/*.{ts,tsx}', 'src/**/*.tsx', 'tests/**/*.tsx'],
    // Its rules without its `configs`, whose types ESLint's Plugin type refuses
    // (https://github.com/react/react/issues/36907); this config does not use them.
    plugins: { 'react-hooks': { meta: reactHooks.meta, rules: reactHooks.rules } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // An effect or callback that reads a value it does not list keeps a stale one. Where leaving one
      // out is deliberate, an eslint-disable-next-line comment next to it says why.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
