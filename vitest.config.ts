import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stryker's sandboxes (`npm run mutate`) hold a copy of every test.
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
    environment: 'node',
    // The gate logs to stderr; tests keep it quiet unless asked (GATE_LOG_LEVEL=debug npm test). An ambient
    // GATE_DATA_DIR (the README suggests exporting one) would send every test gate and command to one real
    // folder: tests see it empty, and the ones about it set it themselves.
    env: { GATE_LOG_LEVEL: process.env['GATE_LOG_LEVEL'] ?? 'silent', GATE_DATA_DIR: '' },
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests open ptys and Chromium; two cores do not want more than two at once.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'out/vitest-report.json' },
  },
});
