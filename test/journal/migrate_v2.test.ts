/**
 * A journal written by schema version 2 (keys in `settings`, decisions with plain columns, policy changes
 * and events without links), opened by this code: the keys move to files, no byte of them stays in the
 * database or its WAL, every column is generated from the body, and the whole journal verifies.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS, chainHash } from '../../main/journal/chain.js';
import { checkpointMessage } from '../../main/journal/checkpoint.js';
import { DEVICE_KEY_FILE, DEVICE_PUBLIC_KEY_FILE } from '../../main/journal/device-key.js';
import { Journal } from '../../main/journal/journal.js';
import { migrate, schemaVersion, shippedMigrations } from '../../main/journal/migrations.js';
import { toExportRecord } from '../../main/journal/record.js';
import { verifyJournalFile } from '../../main/journal/verify.js';
import { DISTRICT_KEY_FILE } from '../../main/keys.js';
import { resourcePath } from '../../main/resources.js';
import { input, tempDir } from './helpers.js';
import { runCommand, sqlite3Cli, writeConfig } from './run-command.js';

let tmp: ReturnType<typeof tempDir>;
let dataDir: string;
let file: string;
let config: string;
beforeEach(() => {
  tmp = tempDir();
  dataDir = join(tmp.dir, 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755); // as an older gate may have left it (or an operator made it)
  file = join(dataDir, 'journal.sqlite');
  config = writeConfig(tmp.dir, dataDir);
});
afterEach(() => tmp.remove());

interface Legacy {
  readonly deviceJwk: { kty: string; crv: string; x: string; d: string };
  readonly districtKey: Buffer;
}

/**
 * Writes a version-2 journal as the code of that version did: 3 decisions (`dropped`: and a 4th, deleted
 * with its links, so the high-water mark is above the newest row), a policy change, two events, a
 * checkpoint signed with the device key, and both keys in `settings`.
 */
function writeV2(opts: { dropped?: boolean } = {}): Legacy {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, shippedMigrations().slice(0, 2));
  const insertDecision = db.prepare(
    `INSERT INTO decisions (id, at, lane, direction, verdict, policy_id, policy_version, policy_sha256, body)
     VALUES (@id, @at, @lane, @direction, @verdict, @policy_id, @policy_version, @policy_sha256, @body)`,
  );
  let prev = GENESIS;
  for (let n = 0; n < (opts.dropped === true ? 4 : 3); n++) {
    const i = input(n);
    const body = canonicalize(toExportRecord(i, i.decision.at));
    const d = i.decision;
    const seq = Number(
      insertDecision.run({ id: i.id, at: d.at, lane: i.lane, direction: d.direction, verdict: d.verdict, policy_id: d.policy.id, policy_version: d.policy.version, policy_sha256: d.policy.sha256, body })
        .lastInsertRowid,
    );
    const hash = chainHash(prev, seq, body);
    db.prepare('INSERT INTO outbox (seq, created_at) VALUES (?, ?)').run(seq, d.at);
    db.prepare('INSERT INTO chain (seq, prev_hash, hash) VALUES (?, ?, ?)').run(seq, prev, hash);
    prev = hash;
  }
  if (opts.dropped === true) db.exec('DELETE FROM outbox WHERE seq = 4; DELETE FROM chain WHERE seq = 4; DELETE FROM decisions WHERE seq = 4;');
  db.prepare("INSERT INTO policy_changes (at, source, outcome, from_sha256, to_sha256, policy_id, policy_version, detail) VALUES ('2024-05-01T09:00:00.000Z', 'demo.json', 'applied', NULL, ?, 'district-7', '2024.05.01', NULL)").run('ab'.repeat(32));
  db.prepare("INSERT INTO events (at, kind, detail) VALUES ('2024-05-01T09:00:01.000Z', 'scan.rejected', '{\"code\":\"qr.garbled\",\"lane\":\"lane-1\"}')").run();
  db.prepare("INSERT INTO events (at, kind, detail) VALUES ('2024-05-01T09:00:02.000Z', 'clock.untrusted', '{}')").run();

  const privateKey = generateKeyPairSync('ed25519').privateKey;
  const deviceJwk = privateKey.export({ format: 'jwk' }) as Legacy['deviceJwk'];
  const claim = { at: '2024-05-01T08:00:00.000Z', uptoSeq: 0, uptoHash: GENESIS };
  const signature = sign(null, Buffer.from(checkpointMessage(claim), 'utf8'), privateKey).toString('base64url');
  db.prepare('INSERT INTO checkpoints (at, upto_seq, upto_hash, signature, public_jwk) VALUES (?, ?, ?, ?, ?)').run(
    claim.at,
    claim.uptoSeq,
    claim.uptoHash,
    signature,
    JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: deviceJwk.x }),
  );
  const districtKey = randomBytes(32);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?), (?, ?)').run('device_ed25519_jwk', JSON.stringify(deviceJwk), 'district_hmac_key', districtKey.toString('hex'));
  db.close();
  return { deviceJwk, districtKey };
}

/** Every byte pattern of the old keys: the district key raw and as hex, the device key's `d` as written and raw. */
const keyPatterns = (k: Legacy): Buffer[] => [k.districtKey, Buffer.from(k.districtKey.toString('hex')), Buffer.from(k.deviceJwk.d), Buffer.from(k.deviceJwk.d, 'base64url')];

/** Which of the journal's files (database, WAL) hold any of `patterns`. */
function filesHolding(patterns: readonly Buffer[]): string[] {
  return [file, `${file}-wal`].filter((f) => existsSync(f) && patterns.some((p) => readFileSync(f).includes(p)));
}

const mode = (f: string): number => statSync(f).mode & 0o777;

describe('a version-2 journal opened by this code', () => {
  it('moves the keys to their own files, deletes the rows and scrubs the file and its WAL of every key byte', () => {
    const legacy = writeV2();
    expect(filesHolding(keyPatterns(legacy))).toEqual([file]); // the test can fail: the keys are there to begin with

    // gate import opens the journal to write (migrating it) and tightens the data folder, like the gate's start.
    const r = runCommand('registers/cli.js', 'importCommand', ['risk-areas', '--file', resourcePath('registers', 'examples', 'risk-areas.json'), '--config', config]);
    expect(r, r.stderr).toMatchObject({ code: 0 });

    expect(filesHolding(keyPatterns(legacy))).toEqual([]);
    expect(mode(dataDir)).toBe(0o700);
    expect(readFileSync(join(dataDir, DISTRICT_KEY_FILE)).equals(legacy.districtKey)).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, DEVICE_KEY_FILE), 'utf8'))).toEqual(legacy.deviceJwk);
    expect(JSON.parse(readFileSync(join(dataDir, DEVICE_PUBLIC_KEY_FILE), 'utf8'))).toEqual({ kty: 'OKP', crv: 'Ed25519', x: legacy.deviceJwk.x });
    expect(mode(join(dataDir, DISTRICT_KEY_FILE))).toBe(0o600);
    expect(mode(join(dataDir, DEVICE_KEY_FILE))).toBe(0o600);

    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(shippedMigrations().length);
    expect(db.prepare('SELECT key FROM settings ORDER BY key').pluck().all()).toEqual(['registers_generation', 'uplink_epoch']);
    db.close();
  });

  it('queues the decisions the old outbox still owed the platform, in journal order, and makes the install epoch (migration 0005)', () => {
    writeV2();
    const old = new Database(file);
    old.exec("UPDATE outbox SET delivered_at = '2024-05-01T11:00:00.000Z' WHERE seq = 2");
    old.close();
    const j = Journal.open(file);
    if (!j.ok) throw new Error(j.error.code);
    j.value.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT seq, kind, id, payload = (SELECT body FROM decisions d WHERE d.id = q.id) AS same FROM uplink_queue q ORDER BY seq').all()).toEqual([
      { seq: 1, kind: 'decision', id: 'd-0', same: 1 },
      { seq: 2, kind: 'decision', id: 'd-2', same: 1 },
    ]);
    expect(db.prepare('SELECT records, enabled FROM uplink_backlog').get()).toEqual({ records: 2, enabled: 0 });
    expect(String(db.prepare("SELECT value FROM settings WHERE key = 'uplink_epoch'").pluck().get())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'outbox'").pluck().get()).toBe(0);
    db.close();
  });

  it('keeps the device key: the old checkpoint verifies against the moved key, and gate device-key prints it', () => {
    const legacy = writeV2();
    const j = Journal.open(file);
    if (!j.ok) throw new Error(j.error.code);
    j.value.close();
    expect(runCommand('journal/cli.js', 'deviceKeyCommand', ['--config', config])).toMatchObject({ code: 0, stdout: `${legacy.deviceJwk.x}\n` });
    expect(verifyJournalFile(file)).toEqual({
      ok: true,
      value: { checked: 3, from: 1, checkpoint: { id: 1, uptoSeq: 0, at: '2024-05-01T08:00:00.000Z' }, checkpoints: 1, rows: { policy_changes: 1, events: 2 } },
    });
  });

  it('rebuilds decisions with generated columns, carries the high-water marks over, and chains the old policy changes and events', () => {
    writeV2({ dropped: true });
    const old = new Database(file);
    old.exec("UPDATE decisions SET verdict = 'admit' WHERE seq = 2"); // an edit made while the columns were plain
    old.close();
    const j = Journal.open(file);
    if (!j.ok) throw new Error(j.error.code);
    expect(j.value.record(input(9))).toMatchObject({ ok: true, value: { seq: 5 } }); // 4 was used (and deleted) before
    j.value.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT seq, verdict FROM decisions ORDER BY seq').all()).toEqual([
      { seq: 1, verdict: 'deny' },
      { seq: 2, verdict: 'deny' }, // the column now says what the hashed body says
      { seq: 3, verdict: 'deny' },
      { seq: 5, verdict: 'deny' },
    ]);
    expect(db.prepare("SELECT name, seq FROM sqlite_sequence WHERE name IN ('policy_changes', 'events') ORDER BY name").all()).toEqual([
      { name: 'events', seq: 2 },
      { name: 'policy_changes', seq: 1 },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%0003%'").all()).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
    const shell = (sql: string): void => {
      execFileSync(sqlite3Cli(), [file, sql], { stdio: 'pipe' });
    };
    expect(() => shell("UPDATE decisions SET verdict = 'admit' WHERE seq = 1;")).toThrow(/cannot UPDATE generated column/);
    // Decision 4 was deleted before the migration and 5 was chained on past it: verify names the gap.
    expect(verifyJournalFile(file)).toMatchObject({ ok: false, error: { code: 'chain.gap', seq: 4 } });
  });

  it('refuses to overwrite a different key file already in the data folder: nothing is migrated', () => {
    const legacy = writeV2();
    const other = randomBytes(32);
    writeFileSync(join(dataDir, DISTRICT_KEY_FILE), other, { mode: 0o600 });
    const j = Journal.open(file);
    expect(j.ok || j.error).toMatchObject({ code: 'journal.key-conflict', message: expect.stringContaining(DISTRICT_KEY_FILE) });
    expect(readFileSync(join(dataDir, DISTRICT_KEY_FILE)).equals(other)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'district_hmac_key'").pluck().get()).toBe(legacy.districtKey.toString('hex'));
    db.close();
  });

  it('refuses a decision whose body is not JSON with a code, not an SQL error', () => {
    writeV2();
    const old = new Database(file);
    old.exec("UPDATE decisions SET body = '{' WHERE seq = 2");
    old.close();
    const j = Journal.open(file);
    expect(j.ok || j.error).toMatchObject({ code: 'journal.unmigratable', message: expect.stringMatching(/^decision 2's body is not JSON/) });
  });
});
