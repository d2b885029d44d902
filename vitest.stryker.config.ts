/**
 * The tests Stryker runs against each mutant of src/policy and src/session (stryker.config.json,
 * `npm run mutate`): the pure tests under test/src, and the generated-docs test, which regenerates the
 * policy reference from the schemas and so catches a changed bound or description. No global setup, so
 * nothing builds out/; nothing here spawns a process, opens a pty or a browser. Property tests run 200
 * cases per property (FC_RUNS) and stop at the first counterexample (test/stryker/fast-check.setup.ts).
 */
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/src/**/*.test.ts', 'test/docs/generated.test.ts'],
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
    setupFiles: ['test/stryker/fast-check.setup.ts'],
    environment: 'node',
    env: { GATE_LOG_LEVEL: 'silent', GATE_DATA_DIR: '', FC_RUNS: '200' },
    testTimeout: 30_000,
  },
});
