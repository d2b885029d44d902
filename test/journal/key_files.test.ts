/** The keys' files beside the journal: 0600, written whole, in a data folder the gate sets to 0700 at every start. */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../main/config/load.js';
import { startGate } from '../../main/gate.js';
import { DEVICE_KEY_FILE, DEVICE_PUBLIC_KEY_FILE, deviceSigner } from '../../main/journal/device-key.js';
import { HMAC_KEY_FILE, loadOrCreateKey, secureDataDir, writeKeyFile } from '../../main/keys.js';
import { tempDir } from './helpers.js';
import { writeConfig } from './run-command.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

const mode = (f: string): number => statSync(f).mode & 0o777;

describe('writeKeyFile', () => {
  it('creates the file 0600 whatever the umask, and leaves no temp file behind', () => {
    const umask = process.umask(0);
    try {
      const file = join(tmp.dir, 'secret');
      expect(writeKeyFile(file, Buffer.from('s3cret'), { how: 'create' })).toEqual({ ok: true, value: 'written' });
      expect(mode(file)).toBe(0o600);
      expect(readdirSync(tmp.dir)).toEqual(['secret']);
    } finally {
      process.umask(umask);
    }
  });

  it('create never overwrites; replace does', () => {
    const file = join(tmp.dir, 'k');
    expect(writeKeyFile(file, Buffer.from('one'), { how: 'create' })).toEqual({ ok: true, value: 'written' });
    expect(writeKeyFile(file, Buffer.from('two'), { how: 'create' })).toEqual({ ok: true, value: 'exists' });
    expect(readFileSync(file, 'utf8')).toBe('one');
    expect(writeKeyFile(file, Buffer.from('three'), { how: 'replace' })).toEqual({ ok: true, value: 'written' });
    expect(readFileSync(file, 'utf8')).toBe('three');
    expect(readdirSync(tmp.dir)).toEqual(['k']);
  });

  it('a folder it cannot write to is keys.unwritable, not an exception', () => {
    expect(writeKeyFile(join(tmp.dir, 'no', 'such', 'k'), Buffer.from('x'), { how: 'create' })).toMatchObject({ ok: false, error: { code: 'keys.unwritable' } });
  });
});

describe('key files that are not keys', () => {
  it('are keys.corrupt or device-key.bad, with the file named', () => {
    writeFileSync(join(tmp.dir, HMAC_KEY_FILE), 'short');
    expect(loadOrCreateKey(join(tmp.dir, HMAC_KEY_FILE))).toMatchObject({ ok: false, error: { code: 'keys.corrupt', message: expect.stringContaining(HMAC_KEY_FILE) } });
    writeFileSync(join(tmp.dir, DEVICE_KEY_FILE), '{"kty":"OKP"');
    expect(deviceSigner(tmp.dir)).toMatchObject({ ok: false, error: { code: 'device-key.bad', message: expect.stringContaining(DEVICE_KEY_FILE) } });
  });

  it('a device key whose x is not its d\'s is device-key.bad', () => {
    const a = deviceSigner(tmp.dir);
    if (!a.ok) throw new Error(a.error.code);
    const jwk = JSON.parse(readFileSync(join(tmp.dir, DEVICE_KEY_FILE), 'utf8')) as { x: string };
    const other = join(tmp.dir, 'other');
    mkdirSync(other);
    const b = deviceSigner(other);
    if (!b.ok) throw new Error(b.error.code);
    writeFileSync(join(tmp.dir, DEVICE_KEY_FILE), JSON.stringify({ ...jwk, x: b.value.publicJwk.x }));
    expect(deviceSigner(tmp.dir)).toMatchObject({ ok: false, error: { code: 'device-key.bad' } });
  });
});

describe('the data folder', () => {
  it('secureDataDir creates it 0700, and sets an existing one to 0700', () => {
    const dir = join(tmp.dir, 'a', 'data');
    expect(secureDataDir(dir)).toEqual({ ok: true, value: undefined });
    expect(mode(dir)).toBe(0o700);
    chmodSync(dir, 0o755);
    expect(secureDataDir(dir).ok).toBe(true);
    expect(mode(dir)).toBe(0o700);
  });

  it('is set to 0700 at every gate start, before anything else, which also creates the device key so verify has it from the first checkpoint on', async () => {
    const dataDir = join(tmp.dir, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const config = loadConfig(writeConfig(tmp.dir, dataDir), {});
    if (!config.ok) throw new Error(JSON.stringify(config.error));
    for (let start = 0; start < 2; start++) {
      const gate = await startGate(config.value);
      if (!gate.ok) throw new Error(JSON.stringify(gate.error));
      expect(mode(dataDir)).toBe(0o700);
      await gate.value.close();
      chmodSync(dataDir, 0o755);
    }
    for (const f of [HMAC_KEY_FILE, DEVICE_KEY_FILE]) expect(mode(join(dataDir, f)), f).toBe(0o600);
    expect(statSync(join(dataDir, DEVICE_PUBLIC_KEY_FILE)).isFile()).toBe(true);
  });
});
