import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, issueToken } from '../../main/credentials/issue.js';
import { verifyCredential, type CredentialFailureCode, type IssuerKeys } from '../../main/credentials/verify.js';
import {
  b64url,
  healthClaims,
  issue,
  jsonB64,
  keysOf,
  makeFixture,
  MASKED,
  NOW,
  NOW_MS,
  passClaims,
  segments,
  signRaw,
  SUB,
  travelClaims,
  type Fixture,
} from './support.js';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});

async function expectCode(token: string, code: CredentialFailureCode, keys: IssuerKeys = f.keys, nowMs = NOW_MS, path?: string): Promise<void> {
  const r = await verifyCredential(token, keys, nowMs);
  expect(r.ok ? 'ok' : `${r.error.code} (${r.error.message})`).toMatch(new RegExp(`^${code.replace('.', '\\.')} `));
  if (path !== undefined && !r.ok) expect(r.error.path).toBe(path);
}

describe('valid tokens verify into evidence', () => {
  it('a health code', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims({ colour: 'red' }));
    const r = await verifyCredential(token, f.keys, NOW_MS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      typ: 'gate-hc+jwt',
      kid: 'district-a-2022',
      issuer: 'district-a',
      issuedAt: (NOW - 3600) * 1000,
      expiresAt: (NOW + 23 * 3600) * 1000,
      credential: { kind: 'health-code', ref: SUB, masked: MASKED, refKey: 'district' },
      healthCode: { status: 'verified', via: 'signed-qr', colour: 'red', subject: SUB, issuer: 'district-a', issuedAt: (NOW - 2 * 86400) * 1000 },
    });
    expect('travel' in r.value).toBe(false);
  });

  it('a travel code', async () => {
    const token = await issue(f.a, 'gate-travel+jwt', travelClaims());
    const r = await verifyCredential(token, f.keys, NOW_MS);
    expect(r).toMatchObject({
      ok: true,
      value: {
        typ: 'gate-travel+jwt',
        travel: { status: 'verified', via: 'signed-travel-code', subject: SUB, issuedAt: (NOW - 600) * 1000, visited: [{ area: '420102', lastDay: '2022-03-30' }, { area: '130102', lastDay: '2022-03-20' }] },
      },
    });
    if (r.ok) expect('healthCode' in r.value || 'credential' in r.value).toBe(false);
  });

  it('a resident pass, with its household in the claims', async () => {
    const token = await issue(f.pass, 'gate-pass+jwt', passClaims());
    const r = await verifyCredential(token, f.keys, NOW_MS);
    expect(r).toMatchObject({ ok: true, value: { typ: 'gate-pass+jwt', credential: { kind: 'qr-pass', ref: SUB, masked: MASKED, refKey: 'district' }, claims: { typ: 'gate-pass+jwt', claims: { household: 'block-3/unit-2/1201' } } } });
    if (r.ok) expect('healthCode' in r.value || 'travel' in r.value).toBe(false);
  });

  it('with the scanner’s trailing CR LF', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims());
    expect((await verifyCredential(`${token}\r\n`, f.keys, NOW_MS)).ok).toBe(true);
  });

  it('with extra claims and prototype-polluting keys, which change nothing', async () => {
    const json = JSON.stringify(healthClaims()).replace('{', '{"__proto__":{"colour":"red","polluted":1},"constructor":{"prototype":{"polluted":1}},"jti":"x",');
    const token = await signRaw(f.a.privateJwk, { kid: 'district-a-2022', typ: 'gate-hc+jwt' }, json);
    const r = await verifyCredential(token, f.keys, NOW_MS);
    expect(r).toMatchObject({ ok: true, value: { healthCode: { colour: 'green' } } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('times, on the injected clock with 60 s skew', () => {
  it('expired', async () => {
    await expectCode(await issue(f.a, 'gate-hc+jwt', healthClaims({ exp: NOW - 61 })), 'credential.expired', f.keys, NOW_MS, 'exp');
    // inside the skew it still verifies
    expect((await verifyCredential(await issue(f.a, 'gate-hc+jwt', healthClaims({ exp: NOW - 30 })), f.keys, NOW_MS)).ok).toBe(true);
  });

  it('not yet valid', async () => {
    await expectCode(await issue(f.a, 'gate-hc+jwt', healthClaims({ nbf: NOW + 3600 })), 'credential.not-yet-valid', f.keys, NOW_MS, 'nbf');
    expect((await verifyCredential(await issue(f.a, 'gate-hc+jwt', healthClaims({ nbf: NOW + 30 })), f.keys, NOW_MS)).ok).toBe(true);
  });

  it('issued in the future', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims({ iat: NOW + 600, colourSince: NOW, exp: NOW + 7200 }));
    await expectCode(token, 'credential.issued-in-future', f.keys, NOW_MS, 'iat');
  });

  it('too old: iat beyond maxTokenAgeHours (default 168), though not expired', async () => {
    const old = await issue(f.a, 'gate-hc+jwt', healthClaims({ iat: NOW - 8 * 86400, colourSince: NOW - 9 * 86400, exp: NOW + 3600 }));
    await expectCode(old, 'credential.too-old', f.keys, NOW_MS, 'iat');
    expect((await verifyCredential(old, f.keys, NOW_MS, { maxTokenAgeHours: 24 * 9 })).ok).toBe(true);
    const hourOld = await issue(f.a, 'gate-hc+jwt', healthClaims({ iat: NOW - 7200 }));
    expect(await verifyCredential(hourOld, f.keys, NOW_MS, { maxTokenAgeHours: 1 })).toMatchObject({ ok: false, error: { code: 'credential.too-old' } });
  });

  it('a custom skew', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims({ exp: NOW - 30 }));
    expect(await verifyCredential(token, f.keys, NOW_MS, { clockSkewSeconds: 0 })).toMatchObject({ ok: false, error: { code: 'credential.expired' } });
  });

  it('a clock that is not a number fails closed', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims());
    for (const now of [Number.NaN, Number.POSITIVE_INFINITY]) await expectCode(token, 'credential.not-yet-valid', f.keys, now);
  });
});

describe('issuer and key', () => {
  it('an unknown kid', async () => {
    const stranger = await generateIssuerKey('stranger-1', 'district-a', ['gate-hc+jwt']);
    await expectCode(await issue(stranger, 'gate-hc+jwt', healthClaims()), 'credential.unknown-issuer', f.keys, NOW_MS, 'kid');
  });

  it('the kid of another issuer: B signs a token claiming to be from A', async () => {
    await expectCode(await issue(f.b, 'gate-hc+jwt', healthClaims({ iss: 'district-a' })), 'credential.unknown-issuer', f.keys, NOW_MS, 'iss');
  });

  it('A’s key id on a token A signed with its own key is fine; B’s kid on A’s signature is a bad signature', async () => {
    const r = await issueToken(f.a.privateJwk, f.b.publicKey.kid, 'gate-hc+jwt', healthClaims({ iss: 'district-b' }));
    if (!r.ok) throw new Error(r.error.message);
    await expectCode(r.value, 'credential.bad-signature');
  });

  it('a typ the key may not sign', async () => {
    await expectCode(await issue(f.pass, 'gate-hc+jwt', healthClaims()), 'credential.unknown-issuer', f.keys, NOW_MS, 'typ');
    await expectCode(await issue(f.a, 'gate-pass+jwt', passClaims()), 'credential.unknown-issuer', f.keys, NOW_MS, 'typ');
  });

  it('a key outside its validity window', async () => {
    const retired = keysOf([{ ...f.a.publicKey, notAfter: NOW_MS - 1000 }]);
    const future = keysOf([{ ...f.a.publicKey, notBefore: NOW_MS + 1000 }]);
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims());
    await expectCode(token, 'credential.unknown-issuer', retired);
    await expectCode(token, 'credential.unknown-issuer', future);
  });

  it('a token issued before its key became valid', async () => {
    const fresh = keysOf([{ ...f.a.publicKey, notBefore: (NOW - 600) * 1000 }]);
    await expectCode(await issue(f.a, 'gate-hc+jwt', healthClaims({ iat: NOW - 3600 })), 'credential.unknown-issuer', fresh, NOW_MS, 'iat');
  });

  it('a key register backed by a plain object cannot hand out prototype members', async () => {
    const table: Record<string, unknown> = { 'district-a-2022': f.a.publicKey };
    const sloppy: IssuerKeys = { issuerKey: (kid) => table[kid] as never };
    for (const kid of ['constructor', '__proto__', 'toString']) {
      const token = await signRaw(f.a.privateJwk, { kid, typ: 'gate-hc+jwt' }, JSON.stringify(healthClaims()));
      await expectCode(token, 'credential.unknown-issuer', sloppy);
    }
  });

  it('a key register that throws, or holds a broken key', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims());
    await expectCode(token, 'credential.unknown-issuer', {
      issuerKey: () => {
        throw new Error('register down');
      },
    });
    const broken = keysOf([{ ...f.a.publicKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'not-a-key' } }]);
    await expectCode(token, 'credential.unknown-issuer', broken);
  });
});

describe('tampering', () => {
  it('a tampered payload (red → green)', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims({ colour: 'red' }));
    const [h, , s] = segments(token);
    await expectCode(`${h}.${jsonB64(healthClaims({ colour: 'green' }))}.${s}`, 'credential.bad-signature');
  });

  it('a tampered signature', async () => {
    const token = await issue(f.a, 'gate-hc+jwt', healthClaims());
    const [h, p, s] = segments(token);
    const flipped = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    await expectCode(`${h}.${p}.${flipped}`, 'credential.bad-signature');
    await expectCode(`${h}.${p}.${b64url(new Uint8Array(64))}`, 'credential.bad-signature');
    await expectCode(`${h}.${p}.AAAA`, 'credential.bad-signature');
  });

  it('a tampered header (typ swapped) no longer matches the signature', async () => {
    const [, p, s] = segments(await issue(f.a, 'gate-travel+jwt', travelClaims()));
    await expectCode(`${jsonB64({ alg: 'EdDSA', kid: 'district-a-2022', typ: 'gate-hc+jwt' })}.${p}.${s}`, 'credential.bad-signature');
  });
});

describe('algorithm confusion and junk → credential.malformed before any key is used', () => {
  const header = (alg: string): string => jsonB64({ alg, kid: 'district-a-2022', typ: 'gate-hc+jwt' });

  it('alg none, with and without a signature segment', async () => {
    const p = jsonB64(healthClaims());
    await expectCode(`${header('none')}.${p}.`, 'credential.malformed');
    await expectCode(`${header('none')}.${p}.${b64url('x')}`, 'credential.malformed', f.keys, NOW_MS, 'alg');
  });

  it('HS256 keyed with the issuer’s public key', async () => {
    const input = `${header('HS256')}.${jsonB64(healthClaims())}`;
    const mac = createHmac('sha256', Buffer.from(f.a.publicKey.publicJwk.x, 'base64url')).update(input).digest('base64url');
    let looked = false;
    const spy: IssuerKeys = {
      issuerKey: (kid) => {
        looked = true;
        return f.keys.issuerKey(kid);
      },
    };
    await expectCode(`${input}.${mac}`, 'credential.malformed', spy, NOW_MS, 'alg');
    expect(looked).toBe(false);
  });

  it.each(['RS256', 'ES256', 'Ed25519', 'EdDSA '])('alg %s', async (alg) => {
    await expectCode(`${header(alg)}.${jsonB64(healthClaims())}.${b64url(new Uint8Array(64))}`, 'credential.malformed');
  });

  it('a crit header, even correctly signed', async () => {
    const token = await signRaw(f.a.privateJwk, { kid: 'district-a-2022', typ: 'gate-hc+jwt', crit: ['b64'], b64: true }, JSON.stringify(healthClaims()));
    await expectCode(token, 'credential.malformed', f.keys, NOW_MS, 'crit');
  });

  it.each([
    ['empty', ''],
    ['an ID number', '11010519491231002X'],
    ['a URL', 'https://example.org/a.b.c'],
    ['two segments', 'eyJhbGciOiJFZERTQSJ9.eyJ9'],
    ['four segments', 'a.b.c.d'],
    ['header not base64 of JSON', 'abc.def.ghi'],
    ['header JSON not an object', `${b64url('[1,2]')}.e30.AAAA`],
    ['non-canonical base64url header', `${jsonB64({ alg: 'EdDSA', kid: 'k', typ: 'gate-hc+jwt' })}A.e30.AAAA`],
    ['header with invalid UTF-8', `${b64url(new Uint8Array([0x7b, 0xff, 0x7d]))}.e30.AAAA`],
    ['too long', `${header('EdDSA')}.${'A'.repeat(5000)}.AAAA`],
  ])('%s', async (_name, text) => {
    await expectCode(text, 'credential.malformed');
  });

  it('a validly signed token whose payload is not JSON, or whose claims are bad (named)', async () => {
    const hdr = { kid: 'district-a-2022', typ: 'gate-hc+jwt' };
    await expectCode(await signRaw(f.a.privateJwk, hdr, 'not json'), 'credential.malformed');
    await expectCode(await signRaw(f.a.privateJwk, hdr, new Uint8Array([0xc3, 0x28])), 'credential.malformed');
    const r = await verifyCredential(await signRaw(f.a.privateJwk, hdr, JSON.stringify(healthClaims({ colour: 'purple' }))), f.keys, NOW_MS);
    expect(r).toMatchObject({ ok: false, error: { code: 'credential.malformed', path: 'colour' } });
    if (!r.ok) expect(r.error.message).toContain('colour');
    await expectCode(await signRaw(f.a.privateJwk, hdr, JSON.stringify(travelClaims())), 'credential.malformed');
  });
});

describe('a refusal names the typ its header gives, so the refusal can fail that type’s rule', () => {
  it('even when the header itself fails validation (alg none), and for every later check', async () => {
    const none = await verifyCredential(`${jsonB64({ alg: 'none', kid: 'k', typ: 'gate-travel+jwt' })}.${jsonB64(travelClaims())}.${b64url('x')}`, f.keys, NOW_MS);
    expect(none).toMatchObject({ ok: false, error: { code: 'credential.malformed', typ: 'gate-travel+jwt' } });
    const expired = await verifyCredential(await issue(f.a, 'gate-hc+jwt', healthClaims()), f.keys, NOW_MS + 30 * 86_400_000);
    expect(expired).toMatchObject({ ok: false, error: { code: 'credential.expired', typ: 'gate-hc+jwt' } });
  });

  it('not when the header names no known typ, or cannot be read at all', async () => {
    for (const text of [`${jsonB64({ alg: 'EdDSA', kid: 'k', typ: 'JWT' })}.e30.AAAA`, 'abc.def.ghi']) {
      const r = await verifyCredential(text, f.keys, NOW_MS);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.typ).toBeUndefined();
    }
  });
});
