// Layering is enforced here as well as by tsconfig references: a folder may import only what its
// runtime has (docs/architecture.md §3). Rules name the layer so a violation explains itself.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'events', 'url', 'util', 'worker_threads'];
const nativeOrNode = ['better-sqlite3', 'serialport', '@serialport/*', 'ws', 'pino', 'node-hid'];

const restrict = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.stryker-tmp/**'] },
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: restrict('src/ runs anywhere: no Electron, Node built-ins, native modules, DOM or other layers', [
      'electron',
      ...nodeBuiltins,
      ...nativeOrNode,
      '**/main/**',
      '**/drivers/**',
      '**/renderer/**',
    ]),
  },
  {
    files: ['drivers/**/*.ts'],
    rules: restrict('drivers/ may use src/ and Node, never Electron, main/ or renderer/', ['electron', '**/main/**', '**/renderer/**']),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: restrict('Electron is imported only under main/electron/; main/ never imports renderer/', ['electron', '**/renderer/**']),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict('renderer/ reaches the core only through window.gate: no Node, Electron, native modules, main/ or drivers/', [
      'electron',
      ...nodeBuiltins,
      ...nativeOrNode,
      '**/main/**',
      '**/drivers/**',
    ]),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'main/cli.ts', 'main/**/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests assert shapes they just built; `!` there says "this test fails loudly if absent".
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
