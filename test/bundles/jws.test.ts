/** readBundle against every kind of tampering, and gate.bundle/1 against an independent JOSE library (jose). */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, MAX_BUNDLE_BYTES, type BundleClaims } from '../../src/bundles/envelope.js';
import type { KeyScope } from '../../src/bundles/kinds.js';
import { ed25519PublicKey, readBundle, signBundle, trustedKeys, type TrustedKey } from '../../main/bundles/jws.js';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: string;
}

function signingKey(kid: string): SigningKey {
  const pair = generateKeyPairSync('ed25519');
  return { kid, privateKey: pair.privateKey, publicKey: String(pair.publicKey.export({ format: 'jwk' }).x) };
}

const trust = (key: SigningKey, kinds: readonly KeyScope[]): TrustedKey[] => trustedKeys([{ kid: key.kid, publicKey: key.publicKey, kinds }]);

const CLAIMS: BundleClaims = {
  format: BUNDLE_FORMAT,
  kind: 'risk-areas',
  version: 7,
  issuedAt: '2026-11-22T08:00:00+08:00',
  body: [{ area: '420106', level: 'high', from: '2026-11-15', until: null }],
};

const platform = signingKey('platform-1');
const keys = trust(platform, ['risk-areas', 'residents']);
const bundle = signBundle(CLAIMS, platform.kid, platform.privateKey);
const [header = '', payload = '', signature = ''] = bundle.split('.');

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const codeOf = (text: string, with_: readonly TrustedKey[] = keys): string | undefined => {
  const r = readBundle(text, with_);
  return r.ok ? undefined : r.error.code;
};

describe('readBundle', () => {
  it('reads a bundle signed by a trusted key for its kind: the claims, the kid, the SHA-256 of the JWS text (whitespace around it allowed)', () => {
    const r = readBundle(`\n  ${bundle}\n`, keys);
    expect(r).toEqual({ ok: true, value: { kid: 'platform-1', claims: CLAIMS, sha256: createHash('sha256').update(bundle).digest('hex') } });
  });

  it('refuses a bundle with any payload byte flipped, or its signature edited: bundle.bad-signature', () => {
    const bytes = Buffer.from(payload, 'base64url');
    for (const at of [0, 1, Math.floor(bytes.length / 2), bytes.length - 2, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      const r = readBundle(`${header}.${flipped.toString('base64url')}.${signature}`, keys);
      expect(r, `byte ${at}`).toMatchObject({ ok: false, error: { code: 'bundle.bad-signature', message: 'the signature does not verify with key "platform-1"' } });
    }
    const sig = Buffer.from(signature, 'base64url');
    sig[10] = (sig[10] ?? 0) ^ 0x80;
    expect(codeOf(`${header}.${payload}.${sig.toString('base64url')}`)).toBe('bundle.bad-signature');
  });

  it('refuses a bundle signed by a key it does not trust (bundle.unknown-key), and one naming a trusted kid but signed by another key (bundle.bad-signature)', () => {
    const stranger = signingKey('stranger');
    const r = readBundle(signBundle(CLAIMS, stranger.kid, stranger.privateKey), keys);
    expect(r).toMatchObject({ ok: false, error: { code: 'bundle.unknown-key', message: 'signed by "stranger", which is not a configured bundle key' } });
    expect(codeOf(signBundle(CLAIMS, platform.kid, stranger.privateKey))).toBe('bundle.bad-signature');
  });

  it('refuses a kind the key may not sign, naming what it may sign', () => {
    const r = readBundle(bundle, trust(platform, ['policy', 'notices']));
    expect(r).toMatchObject({ ok: false, error: { code: 'bundle.kind-not-allowed', message: 'key "platform-1" may sign policy, notices, not a risk-areas bundle' } });
  });

  it('refuses every truncation: malformed while a part is missing or empty, a bad signature once the signature is cut', () => {
    const signatureStart = header.length + payload.length + 2;
    const seen = new Set<string>();
    for (let length = 0; length < bundle.length; length++) {
      const expected = length <= signatureStart ? 'bundle.malformed' : 'bundle.bad-signature';
      expect(codeOf(bundle.slice(0, length)), `prefix of ${length} characters`).toBe(expected);
      seen.add(expected);
    }
    expect([...seen]).toEqual(['bundle.malformed', 'bundle.bad-signature']);
  });

  it('refuses a header that is not EdDSA, not gate-bundle+jws or names no kid: bundle.malformed, naming the field', () => {
    const cases = [
      [{ alg: 'none', typ: 'gate-bundle+jws', kid: 'platform-1' }, 'alg'],
      [{ alg: 'HS256', typ: 'gate-bundle+jws', kid: 'platform-1' }, 'alg'],
      [{ alg: 'EdDSA', typ: 'JWT', kid: 'platform-1' }, 'typ'],
      [{ alg: 'EdDSA', typ: 'gate-bundle+jws' }, 'kid'],
    ] as const;
    for (const [h, field] of cases) {
      const r = readBundle(`${b64(h)}.${payload}.${signature}`, keys);
      expect(r, JSON.stringify(h)).toMatchObject({ ok: false, error: { code: 'bundle.malformed', message: expect.stringContaining(`header: ${field}:`) } });
    }
    expect(readBundle(`${Buffer.from('not json').toString('base64url')}.${payload}.${signature}`, keys)).toMatchObject({ ok: false, error: { code: 'bundle.malformed' } });
    expect(codeOf(`${header}.${payload}.${signature}.${signature}`)).toBe('bundle.malformed');
    expect(codeOf(`${header}.${payload}.sig+nature`)).toBe('bundle.malformed');
  });

  it('refuses signed claims that are not gate.bundle/1, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...CLAIMS, format: 'gate.bundle/2' }, 'format'],
      [{ ...CLAIMS, version: 0 }, 'version'],
      [{ ...CLAIMS, version: 1.5 }, 'version'],
      [{ ...CLAIMS, issuedAt: '2026-11-22 08:00' }, 'issuedAt'],
      [{ ...CLAIMS, kind: 'weather' }, 'kind'],
      [{ ...CLAIMS, extra: true }, '(payload)'],
      [{ ...CLAIMS, kind: 'residents', body: [] }, 'hashedUnder'],
      [{ ...CLAIMS, hashedUnder: '0123456789abcdef' }, 'hashedUnder'],
      [{ ...CLAIMS, kind: 'residents', hashedUnder: '0123456789ABCDEF', body: [] }, 'hashedUnder'],
      [{ ...CLAIMS, gate: 'gate-01' }, 'gate'],
    ];
    for (const [claims, field] of cases) {
      const r = readBundle(signBundle(claims as BundleClaims, platform.kid, platform.privateKey), keys);
      expect(r, JSON.stringify(claims)).toMatchObject({ ok: false, error: { code: 'bundle.invalid', message: expect.stringContaining(`${field}`) } });
    }
    const notJson = `${header}.${Buffer.from('{"format":').toString('base64url')}`;
    const r = readBundle(`${notJson}.${sign(null, Buffer.from(notJson), platform.privateKey).toString('base64url')}`, keys);
    expect(r).toMatchObject({ ok: false, error: { code: 'bundle.invalid', message: '(payload): Invalid input: expected object, received undefined' } });
  });

  it('refuses a text longer than MAX_BUNDLE_BYTES unread', () => {
    const r = readBundle(`${bundle}${' '.repeat(MAX_BUNDLE_BYTES + 1 - bundle.length)}`, keys);
    expect(r).toMatchObject({ ok: false, error: { code: 'bundle.malformed', message: `the bundle is ${MAX_BUNDLE_BYTES + 1} bytes, more than ${MAX_BUNDLE_BYTES}` } });
    expect(readBundle(`${bundle}${' '.repeat(MAX_BUNDLE_BYTES - bundle.length)}`, keys).ok).toBe(true);
  });
});

describe('gate.bundle/1 is plain EdDSA compact JWS (cross-checked with jose)', () => {
  it('reads a bundle jose signed', async () => {
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(CLAIMS)))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'gate-bundle+jws', kid: platform.kid })
      .sign(platform.privateKey);
    expect(readBundle(jws, keys)).toMatchObject({ ok: true, value: { kid: 'platform-1', claims: CLAIMS } });
    const other = signingKey('platform-1');
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(CLAIMS))).setProtectedHeader({ alg: 'EdDSA', typ: 'gate-bundle+jws', kid: platform.kid }).sign(other.privateKey);
    expect(codeOf(forged)).toBe('bundle.bad-signature');
  });

  it('signBundle output verifies with jose compactVerify, header and payload as documented', async () => {
    const { protectedHeader, payload: bytes } = await compactVerify(bundle, ed25519PublicKey(platform.publicKey), { algorithms: ['EdDSA'] });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'gate-bundle+jws', kid: 'platform-1' });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(CLAIMS);
    await expect(compactVerify(bundle, ed25519PublicKey(signingKey('other').publicKey))).rejects.toThrow('signature verification failed');
  });
});
