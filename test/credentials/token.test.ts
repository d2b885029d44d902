import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issuerKeysFrom, parseIssuerKey } from '../../src/credentials/issuer-key.js';
import {
  claimsToEvidence,
  healthCodeClaimsSchema,
  looksLikeCompactJws,
  MAX_TOKEN_CHARS,
  parseTokenClaims,
  parseTokenHeader,
  TOKEN_TYPS,
} from '../../src/credentials/token.js';
import { healthClaims, MASKED, NOW, passClaims, SUB, travelClaims } from './support.js';

describe('looksLikeCompactJws', () => {
  it.each(['eyJh.eyJi.c2ln', 'a.b.c', 'A-_.0.z'])('%s looks like one', (t) => expect(looksLikeCompactJws(t)).toBe(true));
  it.each(['', 'a.b', 'a.b.', '.b.c', 'a.b.c.d', 'a.b.c=', 'a b.c.d', 'a.b.c\n', '11010519491231002X', `a.b.${'c'.repeat(MAX_TOKEN_CHARS)}`])(
    '%j does not',
    (t) => expect(looksLikeCompactJws(t)).toBe(false),
  );
});

describe('parseTokenHeader', () => {
  it('accepts {alg: EdDSA, kid, typ} and ignores other fields', () => {
    expect(parseTokenHeader({ alg: 'EdDSA', kid: 'k1', typ: 'gate-hc+jwt', x5u: 'https://evil' })).toEqual({ ok: true, value: { alg: 'EdDSA', kid: 'k1', typ: 'gate-hc+jwt' } });
  });

  it.each(['none', 'HS256', 'RS256', 'ES256', 'Ed25519', 'eddsa', undefined, null, 1])('refuses alg %j, naming it', (alg) => {
    const r = parseTokenHeader({ alg, kid: 'k1', typ: 'gate-hc+jwt' });
    expect(r).toMatchObject({ ok: false, error: { code: 'credential.malformed', path: 'alg' } });
    if (!r.ok) expect(r.error.message).toContain('alg');
  });

  it.each([
    ['typ', { alg: 'EdDSA', kid: 'k1', typ: 'JWT' }],
    ['typ', { alg: 'EdDSA', kid: 'k1' }],
    ['kid', { alg: 'EdDSA', typ: 'gate-hc+jwt' }],
    ['kid', { alg: 'EdDSA', kid: '', typ: 'gate-hc+jwt' }],
    ['kid', { alg: 'EdDSA', kid: 'a b', typ: 'gate-hc+jwt' }],
    ['crit', { alg: 'EdDSA', kid: 'k1', typ: 'gate-hc+jwt', crit: ['exp'] }],
  ])('refuses a bad %s', (path, header) => {
    expect(parseTokenHeader(header)).toMatchObject({ ok: false, error: { code: 'credential.malformed', path } });
  });

  it('refuses non-objects, and an alg only inherited through __proto__', () => {
    for (const v of [null, [], 'EdDSA', 3]) expect(parseTokenHeader(v).ok).toBe(false);
    const inherited = JSON.parse('{"__proto__": {"alg": "EdDSA"}, "kid": "k1", "typ": "gate-hc+jwt"}') as unknown;
    expect(parseTokenHeader(inherited)).toMatchObject({ ok: false, error: { path: 'alg' } });
  });
});

describe('parseTokenClaims', () => {
  it('accepts each typ’s claims and drops unknown ones', () => {
    const hc = parseTokenClaims('gate-hc+jwt', { ...healthClaims(), extra: 1, jti: 'x' });
    expect(hc.ok).toBe(true);
    if (hc.ok) expect(hc.value.claims).not.toHaveProperty('extra');
    expect(parseTokenClaims('gate-travel+jwt', travelClaims()).ok).toBe(true);
    expect(parseTokenClaims('gate-pass+jwt', passClaims()).ok).toBe(true);
    expect(parseTokenClaims('gate-travel+jwt', travelClaims({ visited: [] })).ok).toBe(true);
  });

  it.each([
    ['colour', 'gate-hc+jwt', healthClaims({ colour: undefined })],
    ['colour', 'gate-hc+jwt', healthClaims({ colour: 'blue' })],
    ['colourSince', 'gate-hc+jwt', healthClaims({ colourSince: '2022-01-01' })],
    ['colourSince', 'gate-hc+jwt', healthClaims({ colourSince: NOW })],
    ['sub', 'gate-hc+jwt', healthClaims({ sub: SUB.toUpperCase() })],
    ['sub', 'gate-hc+jwt', healthClaims({ sub: '11010519491231002X' })],
    ['iss', 'gate-hc+jwt', healthClaims({ iss: '' })],
    ['iat', 'gate-hc+jwt', healthClaims({ iat: NOW + 0.5 })],
    ['iat', 'gate-hc+jwt', healthClaims({ iat: -1 })],
    ['exp', 'gate-hc+jwt', healthClaims({ exp: NOW - 3600 })],
    ['exp', 'gate-hc+jwt', healthClaims({ exp: 1e300 })],
    ['nbf', 'gate-hc+jwt', healthClaims({ nbf: null })],
    ['nbf', 'gate-hc+jwt', healthClaims({ nbf: NOW + 24 * 3600 })],
    ['masked', 'gate-hc+jwt', healthClaims({ masked: '4201\u202e1234' })],
    ['household', 'gate-pass+jwt', passClaims({ household: undefined })],
    ['visited', 'gate-travel+jwt', travelClaims({ visited: Array.from({ length: 61 }, () => ({ area: '420102', lastDay: '2022-03-30' })) })],
    ['visited.0.area', 'gate-travel+jwt', travelClaims({ visited: [{ area: '42010', lastDay: '2022-03-30' }] })],
    ['visited.0.lastDay', 'gate-travel+jwt', travelClaims({ visited: [{ area: '420102', lastDay: '2022-02-30' }] })],
    ['visited.0.lastDay', 'gate-travel+jwt', travelClaims({ visited: [{ area: '420102', lastDay: '2022-3-3' }] })],
  ] as const)('names the bad claim %s', (path, typ, claims) => {
    const r = parseTokenClaims(typ, claims);
    expect(r).toMatchObject({ ok: false, error: { code: 'credential.malformed', path } });
    if (!r.ok) expect(r.error.message).toContain(path);
  });

  it('a claim set of one typ is not valid for another', () => {
    expect(parseTokenClaims('gate-pass+jwt', healthClaims()).ok).toBe(false);
    expect(parseTokenClaims('gate-hc+jwt', travelClaims()).ok).toBe(false);
  });

  it('prototype-polluting keys neither supply claims nor pollute anything', () => {
    const withoutColour = JSON.stringify({ ...healthClaims(), colour: undefined });
    const sneaky = JSON.parse(withoutColour.replace('{', '{"__proto__":{"colour":"green"},"constructor":{"prototype":{"polluted":true}},')) as unknown;
    expect(parseTokenClaims('gate-hc+jwt', sneaky)).toMatchObject({ ok: false, error: { path: 'colour' } });

    const extra = JSON.parse(JSON.stringify(healthClaims()).replace('{', '{"__proto__":{"colour":"red","polluted":true},"constructor":"x",')) as unknown;
    const r = parseTokenClaims('gate-hc+jwt', extra);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.claims.colour).toBe('green');
    expect(Object.hasOwn(r.value.claims, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(r.value.claims)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('property: never throws on any JSON value or object (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TOKEN_TYPS), fc.oneof(fc.jsonValue(), fc.object(), fc.anything()), (typ, value) => {
        const r = parseTokenClaims(typ, value);
        return r.ok || r.error.code === 'credential.malformed';
      }),
      { numRuns: 1000 },
    );
  });

  it('property: valid claims plus arbitrary extra claims still parse to the same known claims (1,000 runs)', () => {
    const base = healthCodeClaimsSchema.parse(healthClaims());
    fc.assert(
      fc.property(fc.dictionary(fc.string().filter((k) => !(k in base)), fc.jsonValue()), (extra) => {
        const r = parseTokenClaims('gate-hc+jwt', { ...extra, ...healthClaims() });
        return r.ok && JSON.stringify(r.value.claims) === JSON.stringify(base);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('claimsToEvidence', () => {
  it('a health code: its holder as a health-code credential + verified signed-qr health code, issuedAt = colourSince', () => {
    const c = healthCodeClaimsSchema.parse(healthClaims({ colour: 'yellow' }));
    expect(claimsToEvidence('gate-hc+jwt', c)).toEqual({
      typ: 'gate-hc+jwt',
      credential: { kind: 'health-code', ref: SUB, masked: MASKED, refKey: 'district' },
      healthCode: { status: 'verified', via: 'signed-qr', colour: 'yellow', subject: SUB, issuer: 'district-a', issuedAt: (NOW - 2 * 86400) * 1000 },
    });
  });

  it('a travel code: signed travel evidence only (a travel code never identifies), issuedAt = iat', () => {
    const r = parseTokenClaims('gate-travel+jwt', travelClaims());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(claimsToEvidence('gate-travel+jwt', r.value.claims)).toEqual({
      typ: 'gate-travel+jwt',
      travel: {
        status: 'verified',
        via: 'signed-travel-code',
        subject: SUB,
        issuedAt: (NOW - 600) * 1000,
        visited: [
          { area: '420102', lastDay: '2022-03-30' },
          { area: '130102', lastDay: '2022-03-20' },
        ],
      },
    });
  });

  it('a resident pass: the credential alone', () => {
    const r = parseTokenClaims('gate-pass+jwt', passClaims());
    if (!r.ok) throw new Error(r.error.message);
    expect(claimsToEvidence('gate-pass+jwt', r.value.claims)).toEqual({ typ: 'gate-pass+jwt', credential: { kind: 'qr-pass', ref: SUB, masked: MASKED, refKey: 'district' } });
  });
});

describe('issuer keys', () => {
  const key = { kid: 'k1', issuer: 'district-a', typs: ['gate-hc+jwt'], publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) }, notBefore: null, notAfter: null };

  it('parses a public issuer key', () => {
    expect(parseIssuerKey(key)).toEqual({ ok: true, value: key });
  });

  it.each([
    ['publicJwk.d', { ...key, publicJwk: { ...key.publicJwk, d: 'B'.repeat(43) } }],
    ['publicJwk.x', { ...key, publicJwk: { ...key.publicJwk, x: 'short' } }],
    ['publicJwk.crv', { ...key, publicJwk: { ...key.publicJwk, crv: 'P-256' } }],
    ['typs.0', { ...key, typs: ['JWT'] }],
    ['typs', { ...key, typs: [] }],
    ['notAfter', { ...key, notBefore: 2000, notAfter: 1000 }],
  ])('refuses a bad %s', (path, bad) => {
    const r = parseIssuerKey(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((f) => f.path)).toContain(path);
  });

  it('indexes keys by a Map: prototype names find nothing, repeated kids are refused', () => {
    const keys = issuerKeysFrom([key as never]);
    expect(keys.ok).toBe(true);
    if (!keys.ok) return;
    for (const kid of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(keys.value.issuerKey(kid)).toBeUndefined();
    expect(keys.value.issuerKey('k1')).toBe(key);
    expect(issuerKeysFrom([key as never, key as never])).toMatchObject({ ok: false, error: { code: 'issuer-key.duplicate-kid' } });
  });
});
