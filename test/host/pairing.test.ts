/** The pairing secret file (main/host/pairing.ts), on a real file system: kept, replaced when unfit, followed when rotated. */
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LivePairing, loadOrCreatePairing, PAIRING_FILE, rotatePairing, type LoadedPairing } from '../../main/host/pairing.js';
import { logger } from '../../main/log.js';
import { waitFor } from '../harness/gate.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-pair-'));
  file = join(dir, PAIRING_FILE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(): LoadedPairing {
  const r = loadOrCreatePairing(dir);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('loadOrCreatePairing', () => {
  it('creates 64 hex digits in a 0600 file at the first start, and keeps them at the next', () => {
    const first = load();
    expect(first).toEqual({ file, secret: expect.stringMatching(/^[0-9a-f]{64}$/), replaced: undefined });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${first.secret}\n`);
    expect(load()).toEqual(first);
  });

  it.each([
    ['a mode others can read', () => chmodSync(file, 0o644), 'its mode is 0644, not 0600'],
    ['another user’s file', () => chownSync(file, 65534, 65534), "it belongs to uid 65534, not the gate's user"],
    ['anything but 64 hex digits', () => writeFileSync(file, 'not a secret\n'), 'it does not hold 64 hex digits'],
    ['upper-case or short hex', () => writeFileSync(file, 'AB'.repeat(32)), 'it does not hold 64 hex digits'],
  ])('replaces %s with a new secret, and says why', (_what, spoil, why) => {
    const old = load().secret;
    spoil();
    const again = load();
    expect(again.replaced).toBe(why);
    expect(again.secret).not.toBe(old);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).uid).toBe(process.getuid?.());
    expect(load()).toEqual({ ...again, replaced: undefined });
  });

  it('replaces a symlink itself, never writing through it', () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, `${'a'.repeat(64)}\n`, { mode: 0o600 });
    symlinkSync(target, file);
    const loaded = load();
    expect(loaded.replaced).toBe('it is a symlink');
    expect(loaded.secret).not.toBe('a'.repeat(64));
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe(`${'a'.repeat(64)}\n`);
  });

  it('refuses, with a code, what it cannot replace or read', () => {
    mkdirSync(join(file, 'inside'), { recursive: true });
    const r = loadOrCreatePairing(dir);
    expect(r.ok ? 'loaded' : r.error.code).toBe('pair.unwritable');
    const missingDir = loadOrCreatePairing(join(dir, 'no', 'such'));
    expect(missingDir.ok ? 'loaded' : missingDir.error.code).toBe('pair.unwritable');
  });
});

describe('a running gate follows the file', () => {
  it('takes a rotation at the next check and tells its listeners once; an unfit file leaves the secret in force', async () => {
    const live = new LivePairing(load(), logger('test'));
    let rotations = 0;
    live.onRotated(() => rotations++);
    try {
      const before = live.secret();
      const rotated = rotatePairing(dir);
      if (!rotated.ok) throw new Error(rotated.error.message);
      expect(live.secret()).toBe(rotated.value.secret);
      expect(live.secret()).not.toBe(before);
      expect(rotations).toBe(1);
      chmodSync(file, 0o644);
      expect(live.secret()).toBe(rotated.value.secret);
      rmSync(file);
      expect(live.secret()).toBe(rotated.value.secret);
      expect(rotations).toBe(1);
    } finally {
      live.close();
    }
  });

  it('notices a rotation by itself, with no upgrade asking', async () => {
    const live = new LivePairing(load(), logger('test'));
    let rotations = 0;
    live.onRotated(() => rotations++);
    try {
      expect(rotatePairing(dir).ok).toBe(true);
      await waitFor('the poll to see the rotation', () => rotations === 1, 5000);
    } finally {
      live.close();
    }
  });
});
