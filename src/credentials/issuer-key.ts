/**
 * Issuer public keys: which issuer signs under which `kid`, for which token typs, during which window.
 * `gate issuer-keygen` writes one as `<kid>.public.json`; registers import them through `parseIssuerKey`.
 * Pure (zod only); never throws.
 */
import { z } from 'zod';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { fieldFailures } from '../zod-issues.js';
import { TOKEN_TYPS } from './token.js';

/** An Ed25519 public key as a JWK (RFC 8037): `x` is the 32-byte key, base64url without padding. */
export interface Ed25519PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
}

export interface IssuerKey {
  readonly kid: string;
  /** Must equal the `iss` claim of every token verified with this key. */
  readonly issuer: string;
  /** Token typs this key may sign (`gate-hc+jwt`, …); a token of another typ is refused. */
  readonly typs: readonly string[];
  readonly publicJwk: Ed25519PublicJwk;
  /** Validity window, epoch ms, inclusive; null = open. */
  readonly notBefore: number | null;
  readonly notAfter: number | null;
}

/** Looks up the key for a `kid`; undefined when there is none. Implementations must not consult prototypes. */
export interface IssuerKeys {
  issuerKey(kid: string): IssuerKey | undefined;
}

const epochMs = z.number().int().min(0).nullable();

export const issuerKeySchema = z
  .object({
    kid: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    issuer: z.string().min(1).max(256),
    typs: z
      .array(z.enum(TOKEN_TYPS))
      .min(1)
      .refine((t) => new Set(t).size === t.length, 'must not repeat a typ'),
    publicJwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes of base64url') }),
    notBefore: epochMs,
    notAfter: epochMs,
  })
  .superRefine((k, ctx) => {
    if (k.notBefore !== null && k.notAfter !== null && k.notAfter < k.notBefore) {
      ctx.addIssue({ code: 'custom', message: 'must not be before notBefore', path: ['notAfter'] });
    }
  });

/** Validates an issuer key as read from JSON; failures name the field (`publicJwk.x: …`). Extra fields are dropped, except that a private `d` in `publicJwk` is refused outright. */
export function parseIssuerKey(json: unknown): Result<IssuerKey, Failure[]> {
  if (typeof json === 'object' && json !== null && Object.hasOwn(json, 'publicJwk')) {
    const jwk: unknown = (json as { publicJwk: unknown }).publicJwk;
    if (typeof jwk === 'object' && jwk !== null && Object.hasOwn(jwk, 'd')) {
      return err([failure('issuer-key.invalid', 'publicJwk.d: a private key must never be distributed as an issuer key', 'publicJwk.d')]);
    }
  }
  const r = issuerKeySchema.safeParse(json);
  if (!r.success) return err(fieldFailures('issuer-key.invalid', r.error));
  const { kid, issuer, typs, publicJwk, notBefore, notAfter } = r.data;
  return ok({ kid, issuer, typs, publicJwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x }, notBefore, notAfter });
}

/** An `IssuerKeys` over a list, indexed by a `Map` (so `__proto__` or `constructor` as a kid finds nothing). A repeated kid is a failure. */
export function issuerKeysFrom(keys: readonly IssuerKey[]): Result<IssuerKeys, Failure<'issuer-key.duplicate-kid'>> {
  const byKid = new Map<string, IssuerKey>();
  for (const k of keys) {
    if (byKid.has(k.kid)) return err(failure('issuer-key.duplicate-kid', `kid ${k.kid} appears more than once`, k.kid));
    byKid.set(k.kid, k);
  }
  return ok({ issuerKey: (kid) => byKid.get(kid) });
}
