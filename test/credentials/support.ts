/** Shared fixtures for credential tests: a fixed clock, issuer keys, token builders and raw JWS tampering. */
import { CompactSign, importJWK } from 'jose';
import { generateIssuerKey, issueToken, type GeneratedIssuerKey, type PrivateJwk } from '../../main/credentials/issue.js';
import { issuerKeysFrom, type IssuerKey, type IssuerKeys } from '../../src/credentials/issuer-key.js';
import type { TokenTyp } from '../../src/credentials/token.js';

/** 2022-04-01T08:00:00Z, in ms and in NumericDate seconds. */
export const NOW_MS = Date.UTC(2022, 3, 1, 8, 0, 0);
export const NOW = NOW_MS / 1000;

export const SUB = 'a3'.repeat(32);
export const MASKED = '4201**********1234';

export interface Fixture {
  /** District A's key for health codes and travel codes. */
  readonly a: GeneratedIssuerKey;
  /** District B's key for every typ. */
  readonly b: GeneratedIssuerKey;
  /** A resident-pass key of district A. */
  readonly pass: GeneratedIssuerKey;
  readonly keys: IssuerKeys;
}

export async function makeFixture(): Promise<Fixture> {
  const a = await generateIssuerKey('district-a-2022', 'district-a', ['gate-hc+jwt', 'gate-travel+jwt']);
  const b = await generateIssuerKey('district-b-2022', 'district-b', ['gate-hc+jwt', 'gate-travel+jwt', 'gate-pass+jwt']);
  const pass = await generateIssuerKey('compound-pass-1', 'district-a', ['gate-pass+jwt']);
  return { a, b, pass, keys: keysOf([a.publicKey, b.publicKey, pass.publicKey]) };
}

export function keysOf(list: readonly IssuerKey[]): IssuerKeys {
  const r = issuerKeysFrom(list);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const healthClaims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: 'district-a',
  sub: SUB,
  iat: NOW - 3600,
  exp: NOW + 23 * 3600,
  masked: MASKED,
  colour: 'green',
  colourSince: NOW - 2 * 86400,
  ...over,
});

export const travelClaims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: 'district-a',
  sub: SUB,
  iat: NOW - 600,
  exp: NOW + 3600,
  masked: MASKED,
  visited: [
    { area: '420102', lastDay: '2022-03-30' },
    { area: '130102', lastDay: '2022-03-20' },
  ],
  ...over,
});

export const passClaims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: 'district-a',
  sub: SUB,
  iat: NOW - 86400,
  exp: NOW + 30 * 86400,
  masked: MASKED,
  household: 'block-3/unit-2/1201',
  ...over,
});

/** A token through the real issuer (claims schema-checked). */
export async function issue(key: GeneratedIssuerKey, typ: TokenTyp, claims: Record<string, unknown>): Promise<string> {
  const r = await issueToken(key.privateJwk, key.publicKey.kid, typ, claims);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Signs anything as a JWS with any protected header, bypassing every check of ours. */
export async function signRaw(privateJwk: PrivateJwk, header: Record<string, unknown>, payload: string | Uint8Array): Promise<string> {
  const key = await importJWK(privateJwk, 'EdDSA');
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return new CompactSign(bytes).setProtectedHeader({ alg: 'EdDSA', ...header }).sign(key);
}

export const b64url = (text: string | Uint8Array): string => Buffer.from(text).toString('base64url');
export const jsonB64 = (value: unknown): string => b64url(JSON.stringify(value));
export const segments = (token: string): [string, string, string] => {
  const [h = '', p = '', s = ''] = token.split('.');
  return [h, p, s];
};
