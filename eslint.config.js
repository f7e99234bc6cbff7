// @ts-check
// `npm run lint` (part of `npm test`). What the compiler cannot see: unused code, hooks used
// wrongly, duplicate or needless import paths, runtime imports of packages the installed app
// would not have. Which folder may import which is test/unit/layering.test.ts's job, not this.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['node_modules/', 'out/', 'dist/', 'release/', 'test-results/', '.cache/', 'sandbox/sample/', 'test/fixtures/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'drm-workbench/all',
    plugins: { 'import-x': importX },
    // Globals matter only to the .js/.mjs files (for TypeScript, the compiler checks names).
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      // Every relative import names its file (.ts included), so Node's resolution finds them all.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    rules: {
      // Dead code is an error, wherever it is. A leading _ marks a parameter a signature needs.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],

      // Errors here are reworded for the user on purpose: one line that quotes what matters. A
      // `cause` would be printed under it (Node prints the chain), stack and all, and the
      // original may quote a request.
      'preserve-caught-error': 'off',
      // Control characters are matched on purpose: they are refused in names and stripped from
      // anything logged, so no input can forge a log line.
      'no-control-regex': 'off',

      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-absolute-path': 'error',
      'import-x/no-mutable-exports': 'error',
      'import-x/no-empty-named-blocks': 'error',
      'import-x/first': 'error',
      'import-x/export': 'error',
      // What the app, the CLI and the web host load at run time must be a dependency (an installed
      // package has no devDependencies). 'electron' is the exception by Electron's own rule: it
      // is a devDependency, and only electron/main and electron/preload import it (layering test).
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: false, whitelist: ['electron'] }],
    },
  },

  {
    name: 'drm-workbench/typed',
    // A few rules that need types, for the bugs a reader misses: a promise nobody awaits (its
    // rejection is lost), an async callback where a void one is expected, awaiting a non-promise.
    // The whole type-checked set costs the same time and mostly flags style; these earn it.
    // (Types make lint take ~25 s of CPU instead of ~8 s here; import-x/no-cycle would add ~15 s
    // more, and the layering test already keeps the electron/ domains free of cycles.)
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async onClick is React's normal way to await in a handler.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },

  {
    name: 'drm-workbench/dev-only',
    // Tests, the benchmark, scripts and build configs never ship: devDependencies are theirs to use.
    files: ['test/**', 'bench/**', 'scripts/**', '*.config.{js,ts}', 'renderer/vite.config.ts'],
    rules: { 'import-x/no-extraneous-dependencies': ['error', { devDependencies: true }] },
  },

  {
    name: 'drm-workbench/renderer',
    files: ['renderer/src/**', 'test/component/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
