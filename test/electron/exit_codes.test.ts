/**
 * The Electron shell exits like `gate start`: 2 on a configuration error, whether the config or its policy
 * file is wrong. Runs only where an Electron runtime exists (elsewhere the headless path is covered by
 * test/cli/start.test.ts; both use startFailureExitCode).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../main/resources.js';
import { detectElectron } from '../../main/runtime.js';

const runtime = detectElectron();
const sim = { device: { kind: 'simulated' } };
if (!runtime.available) console.log(`Electron exit-code tests not run: ${runtime.why}`);

describe.runIf(runtime.available)('Electron exit codes', () => {
  it.each([
    ['an invalid config', { lanes: [] }],
    ['a policy file that is not there', { dataDir: 'data', policyFile: 'missing.json', lanes: [{ id: 'e1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }] }],
  ])('%s exits 2', { timeout: 60_000 }, (_what, config) => {
    if (!runtime.available) return;
    const dir = mkdtempSync(join(tmpdir(), 'gate-electron-exit-'));
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
      const r = spawnSync(runtime.binary, [join(APP_ROOT, 'out', 'main', 'electron', 'main.js'), '--config', join(dir, 'config.json')], { timeout: 50_000 });
      expect(r.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
