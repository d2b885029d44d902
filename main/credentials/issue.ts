/**
 * The issuer's side of the QR credential (src/credentials/token.ts): Ed25519 key generation and signing.
 * Used by `gate issuer-keygen` / `gate issue-token` (cli.ts), by tests and by demo fixtures; the gate
 * itself only verifies. Claims are validated against the typ's schema before signing, so this never
 * produces a token the verifier would call malformed.
 */
import { CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { IssuerKey } from '../../src/credentials/issuer-key.js';
import { parseTokenClaims, parseTokenHeader, TOKEN_ALG, type TokenTyp } from '../../src/credentials/token.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';

/** An Ed25519 private key as a JWK (`kty: OKP`, `crv: Ed25519`, `x`, `d`). Keep it out of logs and out of the gate. */
export type PrivateJwk = JWK;

export interface GeneratedIssuerKey {
  readonly privateJwk: PrivateJwk;
  /** What a gate needs to verify this issuer's tokens; `notBefore`/`notAfter` as given (default null). */
  readonly publicKey: IssuerKey;
}

export interface KeyValidity {
  readonly notBefore?: number | null;
  readonly notAfter?: number | null;
}

/** A fresh Ed25519 key pair for `issuer`, allowed to sign `typs`, under `kid`. */
export async function generateIssuerKey(kid: string, issuer: string, typs: readonly TokenTyp[], validity: KeyValidity = {}): Promise<GeneratedIssuerKey> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALG, { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const pub = await exportJWK(publicKey);
  return {
    privateJwk: { ...privateJwk, kid },
    publicKey: {
      kid,
      issuer,
      typs: [...typs],
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: pub.x ?? '' },
      notBefore: validity.notBefore ?? null,
      notAfter: validity.notAfter ?? null,
    },
  };
}

export type IssueFailureCode = 'issue.invalid-header' | 'issue.invalid-claims' | 'issue.bad-key';

/**
 * Signs `claims` as a compact JWS with header `{alg: EdDSA, kid, typ}`. The kid and the claims must pass the typ's schema
 * (extra claims are signed as given); a failure names the claim. Never throws.
 */
export async function issueToken(privateJwk: PrivateJwk, kid: string, typ: TokenTyp, claims: Readonly<Record<string, unknown>>): Promise<Result<string, Failure<IssueFailureCode>>> {
  const header = parseTokenHeader({ alg: TOKEN_ALG, kid, typ });
  if (!header.ok) return err(failure('issue.invalid-header', header.error.message, header.error.path));
  const checked = parseTokenClaims(typ, claims);
  if (!checked.ok) return err(failure('issue.invalid-claims', checked.error.message, checked.error.path));
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || typeof privateJwk.x !== 'string' || typeof privateJwk.d !== 'string') {
    return err(failure('issue.bad-key', 'not an Ed25519 private JWK (kty OKP, crv Ed25519, with x and d)'));
  }
  try {
    const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, d: privateJwk.d }, TOKEN_ALG);
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: TOKEN_ALG, kid, typ }).sign(key);
    return ok(jws);
  } catch (e) {
    return err(failure('issue.bad-key', `cannot sign with this key: ${e instanceof Error ? e.message : String(e)}`));
  }
}
