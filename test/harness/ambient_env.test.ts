/**
 * A user who exports GATE_DATA_DIR (as the README's quick start allows) must still get a suite that uses
 * its own temp folders: vitest.config.ts blanks it for every test and every process a test starts.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('tests, and the processes they start, see no ambient GATE_DATA_DIR', () => {
  expect(process.env['GATE_DATA_DIR'] ?? '').toBe('');
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(process.env.GATE_DATA_DIR ?? "")'], { encoding: 'utf8' });
  expect(child.stdout).toBe('');
});
