/**
 * Signing and reading bundles (src/bundles/envelope.ts): a compact JWS, Ed25519 through node:crypto. Reading
 * checks, in this order, and stops at the first failure:
 *
 * 1. size and shape: at most MAX_BUNDLE_BYTES, three base64url parts          → bundle.malformed
 * 2. the protected header: EdDSA, typ gate-bundle+jws, a kid                 → bundle.malformed
 * 3. the kid is one of the trusted keys                                       → bundle.unknown-key
 * 4. the signature over `header.payload`                                      → bundle.bad-signature
 * 5. the payload is gate.bundle/1 claims                                      → bundle.invalid
 * 6. the key may sign this kind (config `bundles.keys[].kinds`)               → bundle.kind-not-allowed
 *
 * What a bundle's body must hold, versions and applying it are the BundleStore's (main/bundles/store.ts).
 * Never throws on any input.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { bundleClaims, bundleHeader, BUNDLE_ALG, BUNDLE_TYP, MAX_BUNDLE_BYTES, type BundleClaims } from '../../src/bundles/envelope.js';
import type { BundleKind, KeyScope } from '../../src/bundles/kinds.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';

export type BundleReadError = 'bundle.malformed' | 'bundle.unknown-key' | 'bundle.bad-signature' | 'bundle.invalid' | 'bundle.kind-not-allowed';

/** A refusal; from step 6 on the signed claims are authentic, and `claimed` names the bundle's kind and version. */
export type BundleReadFailure = Failure<BundleReadError> & { readonly claimed?: { readonly kind: BundleKind; readonly version: number } };

/** A key the technician configured (config `bundles.keys`), ready to verify with. */
export interface TrustedKey {
  readonly kid: string;
  readonly key: KeyObject;
  readonly kinds: readonly KeyScope[];
}

/** A bundle whose signature, claims and key scope checked out. */
export interface VerifiedBundle {
  readonly kid: string;
  readonly claims: BundleClaims;
  /** SHA-256 hex of the JWS text as received: names this exact bundle in the journal. */
  readonly sha256: string;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** An Ed25519 public key from the 43 base64url characters of its 32 raw bytes (config `publicKey`). */
export const ed25519PublicKey = (x: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });

/** The trusted keys of config `bundles.keys`. */
export const trustedKeys = (keys: readonly { kid: string; publicKey: string; kinds: readonly KeyScope[] }[]): TrustedKey[] =>
  keys.map((k) => ({ kid: k.kid, key: ed25519PublicKey(k.publicKey), kinds: k.kinds }));

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** A compact JWS (EdDSA) of `payload` under `header`, signed with the Ed25519 private key `privateKey`. */
export function signCompactJws(header: { alg: string; typ: string; kid: string }, payload: unknown, privateKey: KeyObject): string {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

/** Signs `claims` with the Ed25519 private key `privateKey` under `kid`: the bundle's JWS text. */
export function signBundle(claims: BundleClaims, kid: string, privateKey: KeyObject): string {
  return signCompactJws({ alg: BUNDLE_ALG, typ: BUNDLE_TYP, kid }, claims, privateKey);
}

function jsonPart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A compact JWS whose header and signature checked out: the key that signed it and its payload, unread. */
export interface VerifiedJws {
  readonly key: TrustedKey;
  /** The payload parsed as JSON (undefined when it is not JSON): the caller's schema decides. */
  readonly payload: unknown;
  /** The JWS text, trimmed. */
  readonly jws: string;
}

/**
 * Steps 1–4 of the module comment for any compact JWS: at most `maxBytes`, three base64url parts, a
 * protected header matching `header` (alg, typ, kid), a kid among `keys`, and an Ed25519 signature that
 * verifies with it; messages name the JWS as `what` ("bundle"). Codes without a prefix (`malformed`, `unknown-key`, `bad-signature`): each reader
 * names its own. Never throws.
 */
export function verifyCompactJws(text: string, keys: readonly TrustedKey[], header: z.ZodType<{ kid: string }>, maxBytes: number, what: string): Result<VerifiedJws, Failure<'malformed' | 'unknown-key' | 'bad-signature'>> {
  if (text.length > maxBytes) return err(failure('malformed', `the ${what} is ${text.length} bytes, more than ${maxBytes}`));
  const jws = text.trim();
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts.every((p) => p.length > 0 && B64URL.test(p))) {
    return err(failure('malformed', 'not a compact JWS (three base64url parts separated by ".")'));
  }
  const [h = '', p = '', s = ''] = parts;
  const parsed = header.safeParse(jsonPart(h));
  if (!parsed.success) return err(failure('malformed', `header: ${issueLines(parsed.error, '(header)').join('; ')}`));
  const key = keys.find((k) => k.kid === parsed.data.kid);
  if (key === undefined) return err(failure('unknown-key', `signed by "${parsed.data.kid}", which is not a configured ${what} key`));
  let good = false;
  try {
    good = verify(null, Buffer.from(`${h}.${p}`), key.key, Buffer.from(s, 'base64url'));
  } catch {
    good = false;
  }
  if (!good) return err(failure('bad-signature', `the signature does not verify with key "${key.kid}"`));
  return ok({ key, payload: jsonPart(p), jws });
}

/** Reads and checks one bundle's JWS text (surrounding whitespace allowed) against `keys`; see the module comment. */
export function readBundle(text: string, keys: readonly TrustedKey[]): Result<VerifiedBundle, BundleReadFailure> {
  const verified = verifyCompactJws(text, keys, bundleHeader, MAX_BUNDLE_BYTES, 'bundle');
  if (!verified.ok) return err(failure(`bundle.${verified.error.code}`, verified.error.message));
  const { key, payload, jws } = verified.value;
  const claims = bundleClaims.safeParse(payload);
  if (!claims.success) return err(failure('bundle.invalid', issueLines(claims.error, '(payload)').join('; ')));
  if (!key.kinds.includes(claims.data.kind)) {
    const refusal = failure('bundle.kind-not-allowed', `key "${key.kid}" may sign ${key.kinds.join(', ')}, not a ${claims.data.kind} bundle`);
    return err({ ...refusal, claimed: { kind: claims.data.kind, version: claims.data.version } });
  }
  return ok({ kid: key.kid, claims: claims.data, sha256: createHash('sha256').update(jws).digest('hex') });
}
