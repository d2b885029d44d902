/** `gate authority-keygen` and `gate unseal`, as the compiled command modules run them. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { registrationSealer } from '../../main/privacy/sealer.js';
import { tempDir } from '../journal/helpers.js';
import { runCommand, sqlite3Cli, writeConfig } from '../journal/run-command.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

let tmp: ReturnType<typeof tempDir>;
let config: string;
let keys: string;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'data'));
  keys = join(tmp.dir, 'authority');
});
afterEach(() => tmp.remove());

const keygen = (): ReturnType<typeof runCommand> => runCommand('privacy/cli.js', 'authorityKeygenCommand', ['--out', keys]);
const unseal = (...args: string[]): ReturnType<typeof runCommand> => runCommand('privacy/cli.js', 'unsealCommand', [...args, '--config', config]);

async function sealSome(publicKey: string): Promise<string> {
  const file = join(tmp.dir, 'data', 'journal.sqlite');
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.code);
  let now = Date.parse('2026-11-22T08:00:00Z');
  const sealer = registrationSealer({ key: publicKey, store: j.value, clock: () => now });
  expect((await sealer.seal('reg-1', { name: '李四', phone: '13900139000' })).ok).toBe(true);
  now += 3_600_000;
  expect((await sealer.seal('reg-2', { name: 'Wang Wu', phone: '13700137000', purpose: 'delivery' })).ok).toBe(true);
  j.value.close();
  return file;
}

describe('authority-keygen', () => {
  it('writes a 0600 secret key and the public key for the gate config, and never overwrites them', () => {
    const r = keygen();
    expect(r.code, r.stderr).toBe(0);
    const secretFile = join(keys, 'authority.secret.jwk.json');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = JSON.parse(readFileSync(secretFile, 'utf8')) as Record<string, string>;
    const pub = JSON.parse(readFileSync(join(keys, 'authority.public.json'), 'utf8')) as Record<string, string>;
    expect(secret).toMatchObject({ kty: 'OKP', crv: 'X25519', x: pub['authorityPublicKey'], d: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: pub['kid'] });
    expect(Object.keys(pub).sort()).toEqual(['authorityPublicKey', 'kid']);
    expect(r.stdout).toContain(`"authorityPublicKey": "${pub['authorityPublicKey']}"`);
    expect(keygen().code).toBe(1);
    expect(JSON.parse(readFileSync(secretFile, 'utf8'))).toEqual(secret);
  });
});

describe('unseal', () => {
  let publicKey: string;
  beforeEach(() => {
    expect(keygen().code).toBe(0);
    publicKey = (JSON.parse(readFileSync(join(keys, 'authority.public.json'), 'utf8')) as { authorityPublicKey: string }).authorityPublicKey;
    config = writeConfig(tmp.dir, './data', { authorityPublicKey: publicKey });
  });
  const secretKey = (): string => join(keys, 'authority.secret.jwk.json');

  it('prints one JSON object per sealed registration, oldest first; --since filters', async () => {
    await sealSome(publicKey);
    const r = unseal('--secret-key', secretKey());
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { id: 'reg-1', at: '2026-11-22T08:00:00.000Z', authorityKid: expect.any(String), record: { name: '李四', phone: '13900139000' } },
      { id: 'reg-2', at: '2026-11-22T09:00:00.000Z', authorityKid: expect.any(String), record: { name: 'Wang Wu', phone: '13700137000', purpose: 'delivery' } },
    ]);
    expect(r.stderr).toContain('unsealed 2; 0 sealed to other keys; 0 failed to open');
    const since = unseal('--secret-key', secretKey(), '--since', '2026-11-22T16:30:00+08:00');
    expect(since.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['reg-2']);
  });

  it('skips registrations sealed to another key, and exits 1 for one that was edited', async () => {
    const file = await sealSome(publicKey);
    const other = join(tmp.dir, 'other');
    expect(runCommand('privacy/cli.js', 'authorityKeygenCommand', ['--out', other]).code).toBe(0);
    expect(unseal('--secret-key', join(other, 'authority.secret.jwk.json'))).toMatchObject({ code: 0, stdout: '', stderr: expect.stringContaining('unsealed 0; 2 sealed to other keys') });
    execFileSync(sqlite3Cli(), [file, "UPDATE sealed_registrations SET ciphertext = zeroblob(length(ciphertext)) WHERE id = 'reg-2';"]);
    const r = unseal('--secret-key', secretKey());
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unseal.failed: sealed registration reg-2 does not open with this key');
  });

  it('usage: --secret-key is required and must be an X25519 private JWK', async () => {
    await sealSome(publicKey);
    expect(unseal().code).toBe(2);
    expect(unseal('--secret-key', join(keys, 'authority.public.json')).code).toBe(2);
    expect(unseal('--secret-key', secretKey(), '--since', 'yesterday').code).toBe(2);
    const db = new Database(join(tmp.dir, 'data', 'journal.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM sealed_registrations').pluck().get()).toBe(2);
    db.close();
  });
});
