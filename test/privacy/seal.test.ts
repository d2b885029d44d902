/** HPKE sealing: the authority opens what the gate sealed; the gate, holding only the public key, cannot. */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { X25519PrivateJwk } from '../../main/hpke.js';
import { openRegistration, sealRegistration } from '../../main/privacy/seal.js';
import { registrationSealer } from '../../main/privacy/sealer.js';
import { useJournal } from '../journal/helpers.js';

function authorityKeys(): { secret: X25519PrivateJwk; raw: Uint8Array } {
  const jwk = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
  const secret: X25519PrivateJwk = { kty: 'OKP', crv: 'X25519', x: String(jwk.x), d: String(jwk.d) };
  return { secret, raw: new Uint8Array(Buffer.from(secret.x, 'base64url')) };
}

const RECORD = { name: '张三丰', phone: '13800138000', destination: 'B3-1201', idNumber: '11010519491231002X', category: 'delivery' };

describe('sealRegistration', () => {
  it('round-trips to the authority, from a raw key, its base64url or its JWK', async () => {
    const { secret, raw } = authorityKeys();
    for (const key of [raw, secret.x, { kty: 'OKP', crv: 'X25519', x: secret.x } as const]) {
      const sealed = await sealRegistration(key, RECORD, 'sealed-1');
      if (!sealed.ok) throw new Error(sealed.error.message);
      expect(sealed.value.enc).toHaveLength(32);
      expect(Buffer.from(sealed.value.ciphertext).includes(Buffer.from('13800138000'))).toBe(false);
      expect(await openRegistration(secret, sealed.value)).toEqual({ ok: true, value: RECORD });
    }
  });

  it('each seal is fresh, names its key by RFC 7638 thumbprint, and is bound to its id', async () => {
    const { secret } = authorityKeys();
    const a = await sealRegistration(secret.x, RECORD, 'sealed-1');
    const b = await sealRegistration(secret.x, RECORD, 'sealed-1');
    if (!a.ok || !b.ok) throw new Error('seal failed');
    expect(Buffer.from(a.value.enc).equals(Buffer.from(b.value.enc))).toBe(false);
    expect(a.value.authorityKid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.value.authorityKid).toBe(b.value.authorityKid);
    expect(await openRegistration(secret, { ...a.value, id: 'sealed-2' })).toMatchObject({ ok: false, error: { code: 'unseal.failed' } });
    const flipped = new Uint8Array(a.value.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(await openRegistration(secret, { ...a.value, ciphertext: flipped })).toMatchObject({ ok: false, error: { code: 'unseal.failed' } });
    expect(await openRegistration(authorityKeys().secret, a.value)).toMatchObject({ ok: false, error: { code: 'unseal.failed' } });
  });

  it('refuses what is not an X25519 public key', async () => {
    for (const key of [new Uint8Array(31), 'not-a-key', { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) }] as const) {
      expect(await sealRegistration(key as never, RECORD, 'id')).toMatchObject({ ok: false, error: { code: 'seal.bad-key' } });
    }
  });
});

describe('on the gate', () => {
  const t = useJournal();

  it('stores only the sealed form: no name, phone or ID number on disk, and nothing there opens it', async () => {
    const { secret } = authorityKeys();
    const sealer = registrationSealer({ key: secret.x, store: t.journal, clock: () => Date.parse('2026-11-22T08:00:00Z') });
    expect(await sealer.seal('sealed-1', RECORD)).toEqual({ ok: true, value: undefined });
    expect(t.journal.purge({ olderThanDays: 30, nowMs: Date.parse('2026-11-22T08:00:00Z') }).ok).toBe(true); // creates the device key too
    const files = readdirSync(t.dir).map((f) => join(t.dir, f));
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const plain of [RECORD.name, RECORD.phone, RECORD.idNumber, RECORD.destination]) expect(bytes.includes(Buffer.from(plain)), `${plain} in ${f}`).toBe(false);
    }
    // Every secret the gate keeps (settings values, 32-byte key files, the device key's d) tried as the authority key: none opens the blob.
    const db = new Database(t.file, { readonly: true });
    const row = db.prepare('SELECT id, enc, ciphertext FROM sealed_registrations').get() as { id: string; enc: Buffer; ciphertext: Buffer };
    const settings = db.prepare('SELECT value FROM settings').pluck().all() as string[];
    db.close();
    const candidates: Buffer[] = [];
    for (const v of settings) {
      if (/^[0-9a-f]{64}$/.test(v)) candidates.push(Buffer.from(v, 'hex'));
      else if (v.startsWith('{')) candidates.push(Buffer.from(String((JSON.parse(v) as { d?: string }).d ?? ''), 'base64url'));
      else candidates.push(Buffer.from(v, 'utf8')); // the install epoch (a UUID), the registers' generation
    }
    for (const f of files.filter((f) => statSync(f).size === 32)) candidates.push(readFileSync(f));
    for (const f of files.filter((f) => f.endsWith('.jwk'))) candidates.push(Buffer.from(String((JSON.parse(readFileSync(f, 'utf8')) as { d?: string }).d ?? ''), 'base64url'));
    expect(candidates.length).toBeGreaterThan(0);
    for (const d of candidates.filter((c) => c.length === 32)) {
      expect(await openRegistration({ ...secret, d: d.toString('base64url') }, row)).toMatchObject({ ok: false });
    }
    expect(await openRegistration(secret, row)).toEqual({ ok: true, value: RECORD });
    expect(existsSync(t.file)).toBe(true);
  });

  it('without an authority key, a registration is refused rather than stored in the clear', async () => {
    const sealer = registrationSealer({ key: undefined, store: t.journal, clock: Date.now });
    expect(await sealer.seal('sealed-1', RECORD)).toMatchObject({ ok: false, error: { code: 'seal.no-authority-key' } });
    const db = new Database(t.file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM sealed_registrations').pluck().get()).toBe(0);
    db.close();
  });
});
