import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests open ptys and Chromium; two cores do not want more than two at once.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'out/vitest-report.json' },
  },
});
