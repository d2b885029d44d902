/** The gate's X25519 key in its data folder, and the district key sealed to it (HPKE) and opened only there. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDistrictKey, sealDistrictKey } from '../../main/bundles/district-key-seal.js';
import { GATE_KEY_FILE, GATE_PUBLIC_KEY_FILE, type GateKey, loadOrCreateGateKey } from '../../main/bundles/gate-key.js';
import { x25519Thumbprint } from '../../main/hpke.js';
import { sealedKey as sealedKeySchema } from '../../src/bundles/district-key.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function gateKeyIn(folder: string): GateKey {
  const key = loadOrCreateGateKey(folder);
  if (!key.ok) throw new Error(key.error.message);
  return key.value;
}

describe('the gate key', () => {
  it('is created once: a 0600 private JWK and a public file {gateKey, kid} whose kid is the RFC 7638 thumbprint (as jose computes it)', async () => {
    const key = gateKeyIn(dir);
    expect(statSync(join(dir, GATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, GATE_KEY_FILE), 'utf8'))).toEqual({ kty: 'OKP', crv: 'X25519', x: key.publicKey.gateKey, d: key.secretJwk.d });
    const pub = JSON.parse(readFileSync(join(dir, GATE_PUBLIC_KEY_FILE), 'utf8')) as unknown;
    expect(pub).toEqual(key.publicKey);
    expect(key.publicKey.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'X25519', x: key.publicKey.gateKey }, 'sha256'));
    expect(gateKeyIn(dir)).toEqual(key);
  });

  it('rewrites a public file that is missing or not its own, and refuses a private file that is not a key of its own', () => {
    const key = gateKeyIn(dir);
    const other = gateKeyIn(mkdtempSync(join(dir, 'other-')));
    writeFileSync(join(dir, GATE_PUBLIC_KEY_FILE), JSON.stringify(other.publicKey));
    expect(gateKeyIn(dir)).toEqual(key);
    expect(JSON.parse(readFileSync(join(dir, GATE_PUBLIC_KEY_FILE), 'utf8'))).toEqual(key.publicKey);
    rmSync(join(dir, GATE_PUBLIC_KEY_FILE));
    expect(gateKeyIn(dir)).toEqual(key);

    writeFileSync(join(dir, GATE_KEY_FILE), JSON.stringify({ ...key.secretJwk, x: other.publicKey.gateKey }));
    expect(loadOrCreateGateKey(dir)).toMatchObject({ ok: false, error: { code: 'gate-key.bad', message: expect.stringContaining('does not belong to its private d') } });
    writeFileSync(join(dir, GATE_KEY_FILE), 'not json');
    expect(loadOrCreateGateKey(dir)).toMatchObject({ ok: false, error: { code: 'gate-key.bad', message: `${join(dir, GATE_KEY_FILE)} is not an X25519 private JWK` } });
  });
});

describe('sealDistrictKey / openDistrictKey', () => {
  const districtKey = new Uint8Array(randomBytes(32));

  it('round-trips for the gate and gate id it was sealed to; the sealed form is a district-key body sealedKey and holds no key bytes', async () => {
    const gate = gateKeyIn(dir);
    const sealed = await sealDistrictKey(districtKey, gate.publicKey.gateKey, 'gate-01');
    expect(sealedKeySchema.parse(sealed)).toEqual(sealed);
    expect(sealed.gateKey).toBe(gate.publicKey.kid);
    expect(Buffer.from(sealed.enc, 'base64url')).toHaveLength(32);
    expect(Buffer.from(sealed.ciphertext, 'base64url').includes(Buffer.from(districtKey))).toBe(false);
    expect(await openDistrictKey(sealed, gate.secretJwk, 'gate-01')).toEqual({ ok: true, value: districtKey });
    const again = await sealDistrictKey(districtKey, gate.publicKey.gateKey, 'gate-01');
    expect(again.enc).not.toBe(sealed.enc);
  });

  it('does not open for another gate id (bundle.unsealable) or at another gate (bundle.not-for-this-gate)', async () => {
    const gate = gateKeyIn(dir);
    const sealed = await sealDistrictKey(districtKey, gate.publicKey.gateKey, 'gate-01');
    expect(await openDistrictKey(sealed, gate.secretJwk, 'gate-02')).toMatchObject({ ok: false, error: { code: 'bundle.unsealable', message: expect.stringContaining('"gate-02"') } });
    const other = gateKeyIn(mkdtempSync(join(dir, 'other-')));
    expect(await openDistrictKey(sealed, other.secretJwk, 'gate-01')).toMatchObject({
      ok: false,
      error: { code: 'bundle.not-for-this-gate', message: `the district key is sealed to gate key ${gate.publicKey.kid}; this gate's is ${other.publicKey.kid}` },
    });
    // renamed to the other gate's thumbprint, it still does not open there
    expect(await openDistrictKey({ ...sealed, gateKey: other.publicKey.kid }, other.secretJwk, 'gate-01')).toMatchObject({ ok: false, error: { code: 'bundle.unsealable' } });
  });

  it('does not open once its ciphertext or enc is edited: bundle.unsealable', async () => {
    const gate = gateKeyIn(dir);
    const sealed = await sealDistrictKey(districtKey, gate.publicKey.gateKey, 'gate-01');
    const flip = (b64: string, at: number): string => {
      const bytes = Buffer.from(b64, 'base64url');
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      return bytes.toString('base64url');
    };
    for (const at of [0, 31, 47]) {
      expect(await openDistrictKey({ ...sealed, ciphertext: flip(sealed.ciphertext, at) }, gate.secretJwk, 'gate-01'), `ciphertext byte ${at}`).toMatchObject({ ok: false, error: { code: 'bundle.unsealable' } });
    }
    expect(await openDistrictKey({ ...sealed, enc: flip(sealed.enc, 5) }, gate.secretJwk, 'gate-01')).toMatchObject({ ok: false, error: { code: 'bundle.unsealable' } });
    expect(await openDistrictKey({ ...sealed, ciphertext: sealed.ciphertext.slice(0, 20) }, gate.secretJwk, 'gate-01')).toMatchObject({ ok: false, error: { code: 'bundle.unsealable' } });
  });

  it('names keys by the same thumbprint as jose', async () => {
    const x = gateKeyIn(dir).publicKey.gateKey;
    expect(x25519Thumbprint(x)).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'X25519', x }, 'sha256'));
  });
});
