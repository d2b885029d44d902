/**
 * `journal` benchmark group: one decision transaction (decision + outbox + chain link) at
 * synchronous=FULL, on a real disk. The database lives under `$GATE_BENCH_DIR`, else `out/bench-journal/`
 * in the repository (not os.tmpdir(), which may be tmpfs and would time no fsync at all).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision } from '../src/policy/decision.js';
import { Journal } from '../main/journal/journal.js';
import { APP_ROOT } from '../main/resources.js';
import type { DecisionRecordInput } from '../main/journal/record.js';
import { type Emit, msSince, percentile } from './figure.js';

const MIN_SAMPLES = 2_000;
const MIN_SECONDS = 3;
const WARMUP = 200;

const VERDICTS = ['admit', 'admit', 'admit', 'deny', 'refer'] as const;

/**
 * A realistic decision: identity, temperature (two readings, one re-measure) and mask rules, as the
 * engine produces them. `n` varies the verdict, readings and time; `id` must be unique per journal.
 */
export function syntheticInput(id: string, n: number, lane = 'lane-1'): DecisionRecordInput {
  const verdict = VERDICTS[n % VERDICTS.length] ?? 'admit';
  const fever = verdict === 'deny';
  const decision: Decision = {
    verdict,
    direction: n % 2 === 0 ? 'entry' : 'exit',
    at: new Date(Date.UTC(2024, 4, 1, 8) + n * 1_500).toISOString(),
    rules: [
      {
        id: 'identity.resident',
        kind: 'identity',
        outcome: 'PASSED',
        effect: 'none',
        values: { kind: 'resident-id', accepted: ['resident-id', 'staff-badge', 'qr-pass'] },
        cites: { notice: 'notice-2020-07', clause: '二(一)' },
      },
      {
        id: 'temperature.fever',
        kind: 'temperature',
        outcome: fever ? 'FAILED' : 'PASSED',
        effect: fever ? 'deny' : 'none',
        values: { readingsC: fever ? [37.6, 37.8] : [36.4 + (n % 7) / 10], thresholdC: 37.3, remeasures: 1 },
        cites: { notice: 'notice-2020-07', clause: '二(三)' },
      },
      {
        id: 'mask.required',
        kind: 'mask',
        outcome: verdict === 'refer' ? 'MISSING_EVIDENCE' : 'PASSED',
        effect: verdict === 'refer' ? 'refer' : 'none',
        values: verdict === 'refer' ? { accepted: ['self-declared', 'guard-confirmed'] } : { kind: 'self-declared' },
        cites: { notice: 'notice-2020-07', clause: '二(四)' },
      },
    ],
    notes: [],
    clock: { source: 'bench', trusted: true, lastGoodSync: null },
    policy: { id: 'district-7', version: '2024.05.01', sha256: 'a3f1c2'.padEnd(64, '0') },
  };
  const masked = `4201${'*'.repeat(10)}${String(1000 + (n % 9000))}`;
  return { id, lane, decision, subject: { kind: 'resident-id', masked }, ending: verdict === 'refer' ? 'step-timeout' : 'complete' };
}

export async function run(emit: Emit): Promise<void> {
  const base = process.env['GATE_BENCH_DIR'] || join(APP_ROOT, 'out', 'bench-journal');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'journal-'));
  console.error(`bench: journal database in ${dir} (the figures are this disk's fsync)`);
  const opened = Journal.open(join(dir, 'bench.sqlite'));
  if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
  const journal = opened.value;
  // As on a gate with a platform: every decision is queued for the uplink in its transaction (never drained here).
  const queued = journal.configureUplink({ enabled: true, maxRecords: 10_000_000, maxBytes: 2 ** 40, whenFull: 'drop-oldest' });
  if (!queued.ok) throw new Error(`${queued.error.code}: ${queued.error.message}`);
  try {
    let n = 0;
    const record = (): void => {
      const r = journal.record(syntheticInput(`bench-${n}`, n));
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      n++;
    };
    for (let i = 0; i < WARMUP; i++) record();
    const samples: number[] = [];
    const start = process.hrtime.bigint();
    while (samples.length < MIN_SAMPLES || msSince(start) < MIN_SECONDS * 1_000) {
      const t = process.hrtime.bigint();
      record();
      samples.push(msSince(t));
    }
    const seconds = msSince(start) / 1_000;
    emit({ name: 'journal.commit.p50', value: percentile(samples, 50), unit: 'ms', runs: samples.length });
    emit({ name: 'journal.commit.p99', value: percentile(samples, 99), unit: 'ms', runs: samples.length });
    emit({ name: 'journal.commits_per_s', value: samples.length / seconds, unit: 'commits/s', runs: samples.length });
  } finally {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
