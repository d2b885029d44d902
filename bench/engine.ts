/**
 * engine.decide.*: the policy engine alone. The headline figures run the Shijiazhuang example policy
 * (7 rules over the full vocabulary) against SQLite registers of 50,000 residents in 25,000 households,
 * with exits on record; engine.decide.demo.* runs the three-rule demo policy with no registers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../main/journal/journal.js';
import { SqliteRegisters } from '../main/registers/sqlite-registers.js';
import { importRegister } from '../main/registers/import.js';
import { openJournalDb } from '../main/journal/db.js';
import { shippedCatalogue } from '../main/notices/load.js';
import { resourcePath } from '../main/resources.js';
import type { Evidence } from '../src/domain.js';
import { keyedRef } from '../src/identity/classify.js';
import { decide, type DecisionContext } from '../src/policy/engine.js';
import { parsePolicy, type LoadedPolicy } from '../src/policy/load.js';
import { NO_REGISTERS } from '../src/registers.js';
import { percentile, type Emit } from './figure.js';

const RESIDENTS = 50_000;
const SAMPLES = 100_000;

function policy(file: string): LoadedPolicy {
  const p = parsePolicy(readFileSync(resourcePath('policy', file), 'utf8'), shippedCatalogue());
  if (!p.ok) throw new Error(`${file} invalid`);
  return p.value;
}

function measure(p: LoadedPolicy, evidences: readonly Evidence[], ctxs: readonly DecisionContext[]): number[] {
  for (let i = 0; i < 20_000; i++) decide(p, evidences[i % evidences.length] as Evidence, ctxs[i % ctxs.length] as DecisionContext);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = process.hrtime.bigint();
    decide(p, evidences[i % evidences.length] as Evidence, ctxs[i % ctxs.length] as DecisionContext);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return samples;
}

export async function run(emit: Emit): Promise<void> {
  const now = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'gate-bench-engine-'));
  const file = join(dir, 'journal.sqlite');
  const journal = Journal.open(file);
  const db = openJournalDb(file);
  if (!journal.ok || !db.ok) throw new Error('bench journal');
  const key = randomBytes(32);
  const refs = Array.from({ length: RESIDENTS }, (_, i) => keyedRef(key, 'resident-id', `r${i}`));
  const opts = { nowMs: now, source: 'bench' };
  for (const [kind, json] of [
    ['district-key', { key: key.toString('hex') }],
    ['residents', refs.map((ref, i) => ({ ref, household: `h${i >> 1}` }))],
    ['quarantine', refs.filter((_, i) => i % 97 === 0).map((ref) => ({ ref, from: new Date(now - 86_400_000).toISOString() }))],
    ['risk-areas', [{ area: '130104', level: 'high', from: '2021-01-01' }]],
  ] as const) {
    const r = importRegister(db.value, kind, json, opts);
    if (!r.ok) throw new Error(`${kind}: ${r.error[0]?.message}`);
  }
  db.value.close();
  const registers = SqliteRegisters.open(file);
  if (!registers.ok) throw new Error('registers');
  const clock = { now, trusted: true, source: 'bench', lastGoodSync: now };
  const evidences: Evidence[] = Array.from({ length: 256 }, (_, i) => {
    const ref = refs[(i * 193) % RESIDENTS] ?? '';
    return {
      identity: { kind: 'health-code', masked: '1301**********0011', ref, refKey: 'district' },
      temperatures: [{ bodyC: 36 + (i % 12) / 10, rawC: 35, ambientC: 24, offsetC: 1, compensation: 'none', samples: 2, at: now, device: 't' }],
      healthCode: { status: 'verified', via: 'signed-qr', colour: i % 17 === 0 ? 'yellow' : 'green', subject: ref, issuer: 'hc', issuedAt: now - 3_600_000 },
      travel: { status: 'verified', via: 'signed-travel-code', subject: ref, issuedAt: now, visited: i % 5 === 0 ? [{ area: '130104', lastDay: new Date(now - 3 * 86_400_000).toISOString().slice(0, 10) }] : [] },
    };
  });
  const ctxs: DecisionContext[] = [
    { direction: 'exit', clock, registers: registers.value },
    { direction: 'entry', clock, registers: registers.value },
  ];
  const full = measure(policy('shijiazhuang-2021-wartime.json'), evidences, ctxs);
  emit({ name: 'engine.decide.p50', value: percentile(full, 50), unit: 'ms', runs: full.length });
  emit({ name: 'engine.decide.p99', value: percentile(full, 99), unit: 'ms', runs: full.length });
  const demo = measure(policy('demo.json'), evidences, [{ direction: 'entry', clock, registers: NO_REGISTERS }]);
  emit({ name: 'engine.decide.demo.p50', value: percentile(demo, 50), unit: 'ms', runs: demo.length });
  emit({ name: 'engine.decide.demo.p99', value: percentile(demo, 99), unit: 'ms', runs: demo.length });
  registers.value.close();
  journal.value.close();
  rmSync(dir, { recursive: true, force: true });
}
