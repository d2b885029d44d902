/** `gate verify` and `gate purge` as the compiled command modules run them, against a journal edited with the sqlite3 shell. */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { DEVICE_KEY_FILE, DEVICE_PUBLIC_KEY_FILE } from '../../main/journal/device-key.js';
import { checkpointMessage } from '../../main/journal/checkpoint.js';
import { input, plainColumns, tempDir } from './helpers.js';
import { runCommand, sqlite3Cli, writeConfig } from './run-command.js';

let tmp: ReturnType<typeof tempDir>;
let config: string;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'data'));
  config = writeConfig(tmp.dir, './data');
  file = join(tmp.dir, 'data', 'journal.sqlite');
  record(0, 10);
});
afterEach(() => tmp.remove());

function record(from: number, to: number): void {
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.code);
  for (let n = from; n < to; n++) expect(j.value.record(input(n)).ok).toBe(true);
  j.value.close();
}

const verify = (...args: string[]): ReturnType<typeof runCommand> => runCommand('journal/cli.js', 'verifyCommand', ['--config', config, ...args]);
const body = (seq: number): Buffer => {
  const db = new Database(file, { readonly: true });
  try {
    return Buffer.from(String(db.prepare('SELECT body FROM decisions WHERE seq = ?').pluck().get(seq)));
  } finally {
    db.close();
  }
};

describe('gate verify', () => {
  it('passes an untouched journal', () => {
    expect(verify()).toMatchObject({ code: 0, stdout: 'ok: 10 links verified from seq 1; policy changes: 0, events: 0, checkpoints: 0\n' });
  });

  it('names the seq whose body had one byte changed by the sqlite3 shell', () => {
    const sqlite3 = sqlite3Cli();
    const before = body(7);
    execFileSync(sqlite3, [file, "UPDATE decisions SET body = replace(body, '37.6', '37.7') WHERE seq = 7;"]);
    const after = body(7);
    expect(after.length).toBe(before.length);
    expect([...after].filter((b, i) => b !== before[i])).toHaveLength(1);
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^broken at seq 7: chain\.bad-hash: /);
  });

  it('the sqlite3 shell cannot edit a verdict column; in a table swapped for plain columns, the edit is named by its seq', () => {
    const sqlite3 = sqlite3Cli();
    expect(() => execFileSync(sqlite3, [file, "UPDATE decisions SET verdict = 'admit' WHERE seq = 4;"], { stdio: 'pipe' })).toThrow(/cannot UPDATE generated column "verdict"/);
    expect(verify()).toMatchObject({ code: 0 });
    const side = new Database(file);
    plainColumns(side);
    side.close();
    execFileSync(sqlite3, [file, "UPDATE decisions SET verdict = 'admit' WHERE seq = 4;"]);
    expect(verify()).toMatchObject({ code: 1, stdout: 'broken at seq 4: chain.column-mismatch: decision 4: its verdict column says "admit", its body "deny"\n' });
  });

  it('names a policy change or event that is not as written by its table and id', () => {
    const j = Journal.open(file);
    if (!j.ok) throw new Error(j.error.code);
    for (let n = 0; n < 3; n++) expect(j.value.recordEvent({ at: '2024-05-01T10:00:00Z', kind: 'scan.rejected', detail: { n } }).ok).toBe(true);
    j.value.close();
    expect(verify()).toMatchObject({ code: 0, stdout: 'ok: 10 links verified from seq 1; policy changes: 0, events: 3, checkpoints: 0\n' });
    execFileSync(sqlite3Cli(), [file, 'DELETE FROM events WHERE id = 2;']);
    expect(verify()).toMatchObject({ code: 1, stdout: 'broken at events 3: chain.broken-link: events 3 does not link to the row before it\n' });
  });

  it('says so, with exit 1, when there is no journal; exit 2 for an unknown option', () => {
    tmp.remove();
    mkdirSync(join(tmp.dir, 'data'), { recursive: true });
    config = writeConfig(tmp.dir, './data');
    expect(verify()).toMatchObject({ code: 1, stderr: expect.stringMatching(/^journal\.cant-open: /) });
    expect(verify('--bogus')).toMatchObject({ code: 2 });
  });
});

describe('gate purge', () => {
  it('purges what is past the retention, and verify passes from the checkpoint; the chain goes on', () => {
    // The fixtures are from 2024, on a gate without an uplink (nothing queued): past a 30-day retention.
    const purged = runCommand('journal/cli.js', 'purgeCommand', ['--days', '30', '--config', config]);
    expect(purged).toMatchObject({ code: 0, stdout: expect.stringMatching(/^purged 10 decisions \(up to seq 10, checkpoint signed\)/) });
    expect(verify()).toMatchObject({ code: 0, stdout: 'ok: 0 links verified from seq 11; policy changes: 0, events: 1, checkpoints: 1\n' });
    record(20, 23);
    expect(verify()).toMatchObject({ code: 0, stdout: 'ok: 3 links verified from seq 11; policy changes: 0, events: 1, checkpoints: 1\n' });
  });

  it('a checkpoint planted under a new key is named by a plain verify, whether the public key file is there or not', () => {
    expect(runCommand('journal/cli.js', 'purgeCommand', ['--days', '30', '--config', config]).code).toBe(0);
    // A writer of the database without the device key signs a checkpoint of its own, with its own public key.
    const planted = generateKeyPairSync('ed25519').privateKey;
    const db = new Database(file, { readonly: true });
    const claim = { at: '2030-01-01T00:00:00.000Z', uptoSeq: 10, uptoHash: String(db.prepare('SELECT upto_hash FROM checkpoints').pluck().get()) };
    db.close();
    const signature = sign(null, Buffer.from(checkpointMessage(claim), 'utf8'), planted).toString('base64url');
    const jwk = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: planted.export({ format: 'jwk' }).x });
    execFileSync(sqlite3Cli(), [file, `INSERT INTO checkpoints (at, upto_seq, upto_hash, signature, public_jwk) VALUES ('${claim.at}', 10, '${claim.uptoHash}', '${signature}', '${jwk}');`]);
    const r = verify();
    expect(r).toMatchObject({ code: 1, stdout: `broken at checkpoint 2 (upto seq 10): signed by a key other than the device key in ${DEVICE_PUBLIC_KEY_FILE} (verify.bad-checkpoint)\n` });
    // A journal copied without its key files: every checkpoint must still be signed by the first one's key.
    rmSync(join(tmp.dir, 'data', DEVICE_PUBLIC_KEY_FILE));
    expect(verify()).toMatchObject({ code: 1, stdout: 'broken at checkpoint 2 (upto seq 10): signed by a key other than the key of checkpoint 1, the first (verify.bad-checkpoint)\n' });
  });

  it('takes --days as a whole number of days', () => {
    for (const days of ['0', '-3', '1.5', 'x']) {
      expect(runCommand('journal/cli.js', 'purgeCommand', [`--days=${days}`, '--config', config]).code).toBe(2);
    }
  });
});

describe('gate device-key', () => {
  it('prints the public key that signs checkpoints, creating it once (0600) in a 0700 folder; verify --device-key takes it', () => {
    const first = runCommand('journal/cli.js', 'deviceKeyCommand', ['--config', config]);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^[A-Za-z0-9_-]{43}\n$/) });
    const x = first.stdout.trim();
    expect(runCommand('journal/cli.js', 'deviceKeyCommand', ['--config', config]).stdout).toBe(`${x}\n`);
    const data = join(tmp.dir, 'data');
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, DEVICE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(data, DEVICE_PUBLIC_KEY_FILE), 'utf8'))).toEqual({ kty: 'OKP', crv: 'Ed25519', x });
    expect(runCommand('journal/cli.js', 'purgeCommand', ['--days', '30', '--config', config]).code).toBe(0);
    expect(verify('--device-key', x)).toMatchObject({ code: 0 });
    const other = String(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x);
    expect(verify('--device-key', other)).toMatchObject({
      code: 1,
      stdout: 'broken at checkpoint 1 (upto seq 10): signed by a key other than the given device key (verify.bad-checkpoint)\n',
    });
  });

  it('says what it is for in its usage line, and exits 2 on an unknown option', () => {
    const r = runCommand('journal/cli.js', 'deviceKeyCommand', ['--bogus']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('gate device-key [--config FILE]') });
    expect(r.stderr).toMatch(/pin/);
  });
});
