/**
 * kill -9 mid-apply, many times: a child process runs `gate bundle apply --file F` on a large rotation
 * bundle (a new district key with residents and quarantine lists hashed under it) and is killed at varied
 * points — before the key file is written, between it and the commit, inside the transaction, after it.
 * Every time, the gate reopens with the old key and the old lists or the new key and the new lists, never
 * a mix, and only the committed key's file is left once it has opened.
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { BundleStore } from '../../main/bundles/store.js';
import { openJournalDb } from '../../main/journal/db.js';
import { logger } from '../../main/log.js';
import { shippedCatalogue } from '../../main/notices/load.js';
import { PolicyStore } from '../../main/policy/store.js';
import { districtKeyFileName, keyFingerprint } from '../../main/registers/district-key-file.js';
import { SqliteRegisters } from '../../main/registers/sqlite-registers.js';
import { APP_ROOT } from '../../main/resources.js';
import { ok } from '../../src/result.js';
import { testCatalogue } from '../fixtures/notices.js';
import { tempDir } from '../journal/helpers.js';
import { writeConfig } from '../journal/run-command.js';
import { bundle, GATE_ID, rotation, signer, stubOpener } from './helpers.js';

const ITERATIONS = 30;
const RESIDENTS = 20_000;
const platform = signer('platform-1', ['residents', 'quarantine', 'district-key']);
const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);
const keyAt = (i: number): Buffer => (i === 0 ? KEY_A : KEY_B);
const fp = (k: Uint8Array): string => keyFingerprint(k);

/** The child: `gate bundle apply` with the test-only opener (the key bytes as base64url ciphertext). */
const RUNNER = `
import { pathToFileURL } from 'node:url';
const [, file, ...args] = process.argv;
const mod = await import(pathToFileURL(file).href);
const open = (sealed) => Promise.resolve({ ok: true, value: new Uint8Array(Buffer.from(sealed.ciphertext, 'base64url')) });
process.exitCode = await mod.runBundleApply(args, open);
`;
const CLI = join(APP_ROOT, 'out', 'main', 'bundles', 'apply-cli.js');

let tmp: ReturnType<typeof tempDir>;
/** Runs killed after the new key file was written but before its commit (the file is left, then removed at open). */
let orphans = 0;
beforeAll(() => (tmp = tempDir()));
afterAll(() => tmp.remove());

/** A rotation to `key` at `version`, its lists at `version` too, every row tagged with the key's fingerprint. */
function rotationTo(key: Uint8Array, version: number): string {
  const tag = fp(key);
  const residents = Array.from({ length: RESIDENTS }, (_, i) => ({ ref: `${tag}${i.toString(16).padStart(48, '0')}`, household: `H-${tag}` }));
  const quarantine = [{ ref: tag.repeat(4), from: '2026-11-01T00:00:00Z' }];
  return rotation(platform, version, key, {
    residents: bundle(platform, 'residents', version, residents, { hashedUnder: tag }),
    quarantine: bundle(platform, 'quarantine', version, quarantine, { hashedUnder: tag }),
  });
}

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly ms: number;
}

function apply(file: string, config: string, killAfterMs?: number): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, CLI, '--file', file, '--config', config], {
    env: { ...process.env, GATE_LOG_LEVEL: 'silent', GATE_DATA_DIR: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  onTestFinished(() => void child.kill('SIGKILL'));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: performance.now() - started });
    }),
  );
}

/** Reopens the folder as the gate does; the key in force, the lists' tags, the bundles in force, the key files left. */
function reopen(dataDir: string): { key: string; households: string[]; quarantine: string[]; versions: number[]; files: string[] } {
  const file = join(dataDir, 'journal.sqlite');
  if (readdirSync(dataDir).filter((n) => n.startsWith('district')).length > 1) orphans++;
  const db = openJournalDb(file);
  if (!db.ok) throw new Error(`${db.error.code}: ${db.error.message}`);
  try {
    expect(db.value.pragma('integrity_check', { simple: true })).toBe('ok');
    const registers = SqliteRegisters.open(file);
    if (!registers.ok) throw new Error(`${registers.error.code}: ${registers.error.message}`);
    const key = registers.value.districtKey();
    registers.value.close();
    const policies = new PolicyStore({ recordPolicyChange: () => ok(undefined) }, logger('test'), join(dataDir, 'lg.json'), testCatalogue());
    const store = BundleStore.open({ db: db.value, policies, shippedNotices: shippedCatalogue(), config: {}, openDistrictKey: stubOpener, log: logger('test') });
    if (!store.ok) throw new Error(store.error.message);
    const versions = ['district-key', 'residents', 'quarantine'].map((k) => store.value.inForce().find((b) => b.kind === k)?.version ?? 0);
    return {
      key: key === undefined ? 'none' : fp(key),
      households: db.value.prepare('SELECT DISTINCT household FROM residents').pluck().all().map(String),
      quarantine: db.value.prepare('SELECT ref FROM quarantine').pluck().all().map(String),
      versions,
      files: readdirSync(dataDir).filter((n) => n.startsWith('district')),
    };
  } finally {
    db.value.close();
  }
}

it(`a rotation killed mid-apply ${ITERATIONS} times leaves the old pair or the new, never a mix`, { timeout: 300_000 }, async () => {
  const dataDir = join(tmp.dir, 'data');
  const config = writeConfig(tmp.dir, dataDir, {
    bundles: { keys: [platform.config] },
    uplink: { gateId: GATE_ID, transport: { kind: 'mqtt', url: 'mqtt://127.0.0.1:1' } },
  });
  const bundleFile = join(tmp.dir, 'rotation.jws');
  writeFileSync(bundleFile, rotationTo(KEY_A, 1));
  const first = await apply(bundleFile, config);
  expect(first, first.stderr).toMatchObject({ code: 0 });
  // A second whole run measures a rotation that replaces lists (what every killed run does).
  writeFileSync(bundleFile, rotationTo(KEY_B, 2));
  const second = await apply(bundleFile, config);
  expect(second, second.stderr).toMatchObject({ code: 0 });
  let fullMs = second.ms;

  let version = 2;
  let keyIndex = 1;
  const outcomes = { old: 0, new: 0 };
  for (let i = 0; i < ITERATIONS; i++) {
    const next = 1 - keyIndex;
    writeFileSync(bundleFile, rotationTo(keyAt(next), version + 1));
    // Spread the kills over the whole run (start-up, reading, checking, the key file, the transaction, after).
    const run = await apply(bundleFile, config, Math.floor(((i + 0.5) / ITERATIONS) * fullMs * 1.6));
    if (run.code === 0) fullMs = run.ms; // the machine's pace now (other work shares it)
    const state = reopen(dataDir);
    const oldKey = fp(keyAt(keyIndex));
    const newKey = fp(keyAt(next));
    const expected = (tag: string, v: number): unknown => ({ key: tag, households: [`H-${tag}`], quarantine: [tag.repeat(4)], versions: [v, v, v], files: [districtKeyFileName(tag)] });
    const isNew = state.key === newKey;
    expect(state, `run ${i} (${run.signal ?? `exit ${run.code}`}): ${run.stderr}`).toEqual(isNew ? expected(newKey, version + 1) : expected(oldKey, version));
    if (isNew) {
      outcomes.new++;
      version++;
      keyIndex = next;
    } else outcomes.old++;
  }
  console.log(`rotation kill -9: ${JSON.stringify({ runs: ITERATIONS, fullMs: Math.round(fullMs), ...outcomes, orphanKeyFiles: orphans })}`);
  // The kills were spread so that both outcomes happen; neither alone would show the swap is atomic.
  expect(outcomes.old).toBeGreaterThan(0);
  expect(outcomes.new).toBeGreaterThan(0);
});
