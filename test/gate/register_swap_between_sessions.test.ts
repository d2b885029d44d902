/**
 * Registers, and the district key with them, swap in only between sessions (main/gate/serve.ts,
 * SqliteRegisters.holdSwapsWhile): a key rotation landing while a person's session is under way would
 * otherwise key their scan under the new key and look them up in the lists the session froze under the old
 * one. A real gate (headless host, simulated devices on ptys), the key imported by another connection as
 * `gate import district-key` does, while the lane is collecting.
 */
import { afterEach, expect, it } from 'vitest';
import { openJournalDb } from '../../main/journal/db.js';
import { importRegister } from '../../main/registers/import.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { checksPolicyJson } from '../fixtures/policy.js';

const NOBODY = { objectC: 25, ambientC: 24.5 };
const NEW_KEY = 'ab'.repeat(32);

let gate: TestGate | undefined;
afterEach(async () => {
  await gate?.close();
  gate = undefined;
});

it('a district key imported mid-session comes into force once the session is over, not during it', async () => {
  gate = await startTestGate({ policyJson: checksPolicyJson(), session: { verdictDisplayMs: 1000 } });
  const g = gate;
  g.sims.thermometer.setScene(NOBODY);
  await g.app.gate.whenInService();
  const before = g.app.gate.keys();
  expect(before?.refKey).toBe('install');

  await g.sims.scanner.scan('11010519491231002X');
  await waitFor('the session to open', () => g.lane.view().screen.kind === 'collecting');
  const db = openJournalDb(g.journalFile);
  if (!db.ok) throw new Error(db.error.message);
  try {
    expect(importRegister(db.value, 'district-key', { key: NEW_KEY }, { nowMs: Date.now(), source: 'district-key.json' }).ok).toBe(true);
  } finally {
    db.value.close();
  }
  // Several reload ticks (every 2 s) pass while the person is still at the lane: the keys stay the session's.
  const heldUntil = Date.now() + 4500;
  while (Date.now() < heldUntil) {
    expect(g.lane.view().screen.kind).toBe('collecting');
    expect(g.app.gate.keys()?.refKey).toBe('install');
    await new Promise((r) => setTimeout(r, 250));
  }

  g.sims.thermometer.setScene({ objectC: 36.6 - OFFSET_C, ambientC: 24.5 });
  await waitFor('the mask to be asked for', () => g.lane.declareMask().ok);
  await waitFor('the decision', () => g.lane.view().screen.kind === 'verdict');
  // Between sessions now: the held change goes in at once, without waiting for the next tick.
  await waitFor('the district key in force', () => g.app.gate.keys()?.refKey === 'district', 1500);
  expect(Buffer.from(g.app.gate.keys()?.hmacKey ?? []).toString('hex')).toBe(NEW_KEY);
});
