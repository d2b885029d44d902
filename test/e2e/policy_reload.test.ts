/** The policy file is edited under a running gate: a broken edit is refused by field name and the previous policy stays in force. */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { openKiosk } from '../harness/browser.js';
import { startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { readPolicyChanges } from '../harness/journal.js';

let gate: TestGate | undefined;
let kiosk: Awaited<ReturnType<typeof openKiosk>> | undefined;
afterEach(async () => {
  await kiosk?.close();
  await gate?.close();
  kiosk = gate = undefined;
});

it('refuses an invalid policy file naming the field, keeps the previous one, then applies a valid edit', async () => {
  gate = await startTestGate();
  const g = gate;
  kiosk = await openKiosk(g.app.host.url);
  const idle = kiosk.page.getByTestId('screen-idle');
  await idle.waitFor();
  await expect.poll(() => idle.textContent()).toContain('37.3');
  const original = g.app.gate.policy()?.sha256;
  const json = JSON.parse(readFileSync(g.policyFile, 'utf8')) as { rules: { params: Record<string, unknown> }[] };

  json.rules[1]!.params['thresholdC'] = 'hot';
  writeFileSync(g.policyFile, JSON.stringify(json));
  const rejected = await waitFor('the rejection to be journaled', () => readPolicyChanges(g.journalFile).find((c) => c.outcome === 'rejected'));
  expect(rejected.detail).toContain('rules.1.params.thresholdC');
  expect(g.app.gate.policy()?.sha256).toBe(original);

  json.rules[1]!.params['thresholdC'] = 37.0;
  writeFileSync(g.policyFile, JSON.stringify(json, null, 2));
  await waitFor('the valid edit to apply', () => g.app.gate.policy()?.sha256 !== original);
  await expect.poll(() => idle.textContent()).toContain('37');
  await expect.poll(() => idle.textContent()).not.toContain('37.3');
  const changes = readPolicyChanges(g.journalFile);
  expect(changes.map((c) => c.outcome)).toEqual(['applied', 'rejected', 'applied']);
  expect(changes[2]?.to_sha256).toBe(g.app.gate.policy()?.sha256);
});
