/**
 * Verifies a scanned QR credential (src/credentials/token.ts) against the issuer keys, on the gate's own
 * clock. Never throws: every input, however broken, yields a `Result`.
 *
 * Order of checks, each with its failure code:
 * 1. compact JWS shape, header base64url / UTF-8 / JSON, `alg` = EdDSA, known `typ`, `kid`  → credential.malformed
 *    (so `none`, `HS256` and other algorithms are refused before any key is looked up);
 * 2. a key for `kid`, that may sign this `typ`, valid at `nowMs`                             → credential.unknown-issuer
 * 3. the Ed25519 signature (jose `compactVerify`, algorithms pinned to EdDSA)               → credential.bad-signature
 * 4. the claims against the typ's schema (message names the claim)                         → credential.malformed
 * 5. `iss` = the key's issuer, `iat` within the key's validity (± skew)                       → credential.unknown-issuer
 * 6. times, each with `clockSkewSeconds` leeway: `iat` in the future → credential.issued-in-future; `nbf` in
 *    the future → credential.not-yet-valid; `exp` passed → credential.expired; `iat` older than
 *    `maxTokenAgeHours` → credential.too-old.
 *
 * Surrounding whitespace (a scanner's CR/LF suffix) is trimmed first.
 * jose's own clock is never used (compactVerify checks no times); `nowMs` is injected. A non-finite `nowMs`
 * fails closed as credential.not-yet-valid.
 */
import { compactVerify, errors, importJWK } from 'jose';
import type { IssuerKey, IssuerKeys } from '../../src/credentials/issuer-key.js';
import type { CredentialRefusal } from '../../src/credentials/refusal.js';
import {
  evidenceOfClaims,
  looksLikeCompactJws,
  namedTyp,
  parseTokenClaims,
  parseTokenHeader,
  TOKEN_ALG,
  type CredentialEvidence,
  type TokenTyp,
  type TypedClaims,
} from '../../src/credentials/token.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';

export type { IssuerKey, IssuerKeys } from '../../src/credentials/issuer-key.js';

export type CredentialFailureCode = CredentialRefusal;

/** A refusal; `typ` is the type the header named, when it named one (even a header that failed validation). */
export type CredentialFailure = Failure<CredentialFailureCode> & { readonly typ?: TokenTyp };

/** A missing, non-finite or out-of-range option falls back to its default. */
export interface VerifyOptions {
  /** Oldest `iat` accepted, hours before now. Default 168 (a week). */
  readonly maxTokenAgeHours?: number;
  /** Leeway for every time comparison, seconds. Default 60. */
  readonly clockSkewSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_AGE_HOURS = 168;
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** A token that passed every check, with the evidence it contributes. Times in epoch ms. */
export type VerifiedCredential = CredentialEvidence & {
  readonly kid: string;
  readonly issuer: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** The validated claims (unknown claims dropped). */
  readonly claims: TypedClaims;
};

type Verified = Result<VerifiedCredential, CredentialFailure>;

const fail = (code: CredentialFailureCode, message: string, path?: string): Verified => err(failure(code, message, path));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** base64url → UTF-8 → JSON; undefined unless the segment is canonical base64url of valid UTF-8 JSON. */
function decodeJsonSegment(segment: string): { value: unknown } | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return undefined;
  return parseJsonBytes(bytes);
}

function parseJsonBytes(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(utf8.decode(bytes)) as unknown };
  } catch {
    return undefined;
  }
}

const optionOr = (value: number | undefined, fallback: number, min: number): number =>
  value !== undefined && Number.isFinite(value) && value >= min ? value : fallback;

/** Imported keys by their public `x` (the key itself), so a key is imported once per process. */
const imported = new Map<string, Awaited<ReturnType<typeof importJWK>>>();
const MAX_IMPORTED = 256;

async function importPublic(key: IssuerKey): Promise<Awaited<ReturnType<typeof importJWK>> | undefined> {
  const jwk = key.publicJwk as unknown;
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kty, crv, x } = jwk as Record<string, unknown>;
  if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(x)) return undefined;
  const cached = imported.get(x);
  if (cached !== undefined) return cached;
  try {
    const k = await importJWK({ kty, crv, x }, TOKEN_ALG);
    if (imported.size >= MAX_IMPORTED) imported.clear();
    imported.set(x, k);
    return k;
  } catch {
    return undefined;
  }
}

function lookUp(keys: IssuerKeys, kid: string): IssuerKey | undefined {
  try {
    const key = keys.issuerKey(kid);
    // A lookup over a plain object could hand back `Object.prototype` members for `constructor` & co.
    return typeof key === 'object' && key !== null && Object.hasOwn(key, 'kid') && key.kid === kid ? key : undefined;
  } catch {
    return undefined;
  }
}

const inWindow = (key: IssuerKey, ms: number, leewayMs: number): boolean =>
  (key.notBefore === null || ms >= key.notBefore - leewayMs) && (key.notAfter === null || ms <= key.notAfter + leewayMs);

/** See the file comment for the checks and their order. */
export async function verifyCredential(text: string, keys: IssuerKeys, nowMs: number, opts: VerifyOptions = {}): Promise<Verified> {
  const token = typeof text === 'string' ? text.trim() : '';
  if (!looksLikeCompactJws(token)) return fail('credential.malformed', 'not a compact JWS');
  const headerJson = decodeJsonSegment(token.split('.')[0] ?? '');
  if (headerJson === undefined) return fail('credential.malformed', 'header is not base64url-encoded UTF-8 JSON');
  // From here on a refusal names the typ the header gives, even a header that fails validation.
  const typ = namedTyp(headerJson.value);
  let verified: Verified;
  try {
    verified = await verify(token, headerJson.value, keys, nowMs, opts);
  } catch (e) {
    // Unreachable by design; kept so a jose or runtime surprise still yields a Result.
    verified = fail('credential.malformed', `credential could not be processed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return verified.ok || typ === undefined ? verified : err({ ...verified.error, typ });
}

/** Checks 1 (past the decoding) to 6 of the file comment on a token whose header decoded to `headerJson`. */
async function verify(token: string, headerJson: unknown, keys: IssuerKeys, nowMs: number, opts: VerifyOptions): Promise<Verified> {
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) return fail('credential.not-yet-valid', 'no usable clock reading: validity cannot be checked');
  const skew = optionOr(opts.clockSkewSeconds, DEFAULT_CLOCK_SKEW_SECONDS, 0);
  const maxAgeSeconds = optionOr(opts.maxTokenAgeHours, DEFAULT_MAX_TOKEN_AGE_HOURS, Number.MIN_VALUE) * 3600;

  const header = parseTokenHeader(headerJson);
  if (!header.ok) return err(header.error);
  const { kid, typ } = header.value;

  const key = lookUp(keys, kid);
  if (key === undefined) return fail('credential.unknown-issuer', `no issuer key with kid ${kid}`, 'kid');
  if (!Array.isArray(key.typs) || !key.typs.includes(typ)) return fail('credential.unknown-issuer', `key ${kid} may not sign ${typ}`, 'typ');
  if (!inWindow(key, nowMs, 0)) return fail('credential.unknown-issuer', `key ${kid} is outside its validity window`, 'kid');
  const publicKey = await importPublic(key);
  if (publicKey === undefined) return fail('credential.unknown-issuer', `key ${kid} is not a usable Ed25519 public key`, 'kid');

  let payload: Uint8Array;
  try {
    payload = (await compactVerify(token, publicKey, { algorithms: [TOKEN_ALG] })).payload;
  } catch (e) {
    if (e instanceof errors.JWSSignatureVerificationFailed) return fail('credential.bad-signature', 'signature does not verify');
    return fail('credential.malformed', `not a valid JWS: ${e instanceof Error ? e.message : String(e)}`);
  }

  const claimsJson = parseJsonBytes(payload);
  if (claimsJson === undefined) return fail('credential.malformed', 'claims are not UTF-8 JSON');
  const typed = parseTokenClaims(typ, claimsJson.value);
  if (!typed.ok) return err(typed.error);
  const c = typed.value.claims;

  if (c.iss !== key.issuer) return fail('credential.unknown-issuer', `key ${kid} belongs to another issuer than ${JSON.stringify(c.iss)}`, 'iss');
  if (!inWindow(key, c.iat * 1000, skew * 1000)) return fail('credential.unknown-issuer', `token was issued outside the validity of key ${kid}`, 'iat');

  const now = nowMs / 1000;
  if (c.iat > now + skew) return fail('credential.issued-in-future', `issued ${Math.round(c.iat - now)} s in the future`, 'iat');
  if (c.nbf !== undefined && c.nbf > now + skew) return fail('credential.not-yet-valid', `valid only in ${Math.round(c.nbf - now)} s`, 'nbf');
  if (c.exp <= now - skew) return fail('credential.expired', `expired ${Math.round(now - c.exp)} s ago`, 'exp');
  if (now - c.iat > maxAgeSeconds + skew) return fail('credential.too-old', `issued ${Math.round((now - c.iat) / 3600)} h ago, more than ${maxAgeSeconds / 3600} h`, 'iat');

  const evidence = evidenceOfClaims(typed.value);
  return ok({ ...evidence, kid, issuer: c.iss, issuedAt: c.iat * 1000, expiresAt: c.exp * 1000, claims: typed.value });
}
