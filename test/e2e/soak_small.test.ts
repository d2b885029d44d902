/**
 * The soak (bench/soak.ts; `npm run bench -- soak` runs 100,000) at 1,000 visitors, in a process of its own
 * (bench/soak-run.ts): the real gate core and journal, the headless host, the kiosk page in Chromium. After
 * the warm-up no file descriptor is left open per visitor, and the checkpoint policy keeps the WAL within its
 * limit (plus one transaction) while the 700 visitors after it fill and restart it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { SoakResult } from '../../bench/soak.js';
import { WAL_SIZE_LIMIT_BYTES } from '../../main/journal/db.js';
import { APP_ROOT } from '../../main/resources.js';

const VISITORS = 1_000;
/** One decision transaction's frames, beyond the limit the WAL is cut back to. */
const ONE_TRANSACTION_MB = 0.25;

function soakProcess(visitors: number, warmup: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(APP_ROOT, 'out', 'bench', 'soak-run.js'), String(visitors), String(warmup)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

it('1,000 visitors through the gate and the page: no descriptor leaks, the WAL stays bounded', { timeout: 120_000 }, async () => {
  const run = await soakProcess(VISITORS, 300);
  expect(run.code, run.stderr.slice(-2000)).toBe(0);
  const r = JSON.parse(run.stdout) as SoakResult;
  expect(r.decisions).toBe(VISITORS - VISITORS / 20); // every visitor but the misreads was decided
  expect(r.fdGrowth).toBe(0);
  expect(r.walMaxMB).toBeGreaterThan(0);
  expect(r.walMaxMB).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES / (1024 * 1024) + ONE_TRANSACTION_MB);
});
