/** The example client in docs/bridge.md, run as written against a real headless gate. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXAMPLE_CLIENT } from '../../main/docs/bridge-doc.js';
import { APP_ROOT } from '../../main/resources.js';
import { startTestGate, type TestGate } from '../harness/gate.js';

let gate: TestGate;
beforeAll(async () => {
  gate = await startTestGate();
});
afterAll(() => gate.close());

/** Runs the client as an ES module from the repository root (so `ws` resolves), with KIOSK_URL set. */
function runClient(kioskUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', EXAMPLE_CLIENT], { cwd: APP_ROOT, env: { ...process.env, KIOSK_URL: kioskUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

it('gets the view with the printed URL', async () => {
  const run = await runClient(gate.app.host.url);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const frame = JSON.parse(run.stdout) as { t: string; id: number; result: { ok: boolean; value: { lanes: { id: string }[] } } };
  expect(frame).toMatchObject({ t: 'result', id: 1, result: { ok: true } });
  expect(frame.result.value.lanes.map((l) => l.id)).toEqual(['t1']);
});

it('is refused with a wrong pairing secret, and says so', async () => {
  const run = await runClient(gate.app.host.url.replace(/#pair=.*/, `#pair=${'0'.repeat(64)}`));
  expect(run.stderr.trim()).toBe('refused: HTTP 403');
  expect(run.code).toBe(1);
});
