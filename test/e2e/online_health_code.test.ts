/** A resident identified by ID card, whose health code the gate asks an online verifier for: real HTTP, ptys and SQLite. */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openJournalDb } from '../../main/journal/db.js';
import { importRegister } from '../../main/registers/import.js';
import { keyedRef } from '../../src/identity/classify.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { readDecisions } from '../harness/journal.js';

const POLICY = fileURLToPath(new URL('../../resources/policy/shijiazhuang-2021-wartime.json', import.meta.url));
const KEY = randomBytes(32);
const GREEN = '11010519491231002X';
const SLOW = '440524188001010014';
let server: Server;
let gate: TestGate;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { subject } = JSON.parse(body) as { subject: string };
      const reply = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ subject, colour: 'green', colourSince: new Date(Date.now() - 3_600_000).toISOString(), issuer: 'hebei-online' }));
      if (subject === keyedRef(KEY, 'resident-id', SLOW)) setTimeout(reply, 1500);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/check`;
  gate = await startTestGate({
    policy: POLICY,
    direction: 'exit',
    config: { credentials: { onlineVerifier: { url, timeoutMs: 400 } } },
    beforeStart: (file) => {
      const db = openJournalDb(file);
      if (!db.ok) throw new Error(db.error.message);
      for (const [kind, json] of [
        ['district-key', { key: KEY.toString('hex') }],
        ['residents', [{ idNumber: GREEN, household: 'h1' }, { idNumber: SLOW, household: 'h2' }]],
      ] as const) {
        const r = importRegister(db.value, kind, json, { nowMs: Date.now(), source: 'test' });
        if (!r.ok) throw new Error(r.error[0]?.message);
      }
      db.value.close();
    },
  });
}, 30_000);

afterAll(async () => {
  await gate?.close();
  server?.close();
});

async function person(id: string) {
  const before = readDecisions(gate.journalFile).length;
  gate.sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
  await gate.sims.scanner.scan(id);
  gate.sims.thermometer.setScene({ objectC: 36.5 - OFFSET_C, ambientC: 24.5 });
  const row = await waitFor('the decision', () => readDecisions(gate.journalFile)[before], 10_000);
  gate.sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
  await new Promise((r) => setTimeout(r, 2100));
  return row;
}

it('admits a resident whose code the verifier reports green', async () => {
  const row = await person(GREEN);
  expect(row.verdict).toBe('admit');
  expect(row.body.rules.find((r) => r.id === 'scan-code')).toMatchObject({ outcome: 'PASSED', values: { via: 'online', colour: 'green' } });
});

it('refers to the guard when the verifier does not answer in time, as the policy says', async () => {
  const row = await person(SLOW);
  expect(row.verdict).toBe('refer');
  expect(row.body.rules.find((r) => r.id === 'scan-code')).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { unverifiable: 'timeout' } });
});
