/**
 * Sealing registration records to the health authority: HPKE (RFC 9180) base mode with
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM (main/hpke.ts).
 *
 * - `info` = UTF-8 "gate-terminal registration v1" (binds the ciphertext to this use);
 * - AAD = UTF-8 of the sealed id (a blob moved to another row does not open);
 * - plaintext = UTF-8 of the record's RFC 8785 canonical JSON.
 *
 * The gate holds only the authority's public key, so it can seal but never open: the private key stays
 * with the authority (`gate authority-keygen`, `gate unseal`).
 */
import { canonicalize } from 'json-canonicalize';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type X25519PrivateJwk, type X25519PublicJwk, b64url32, hpkeOpen, hpkeSeal, x25519PublicJwk, x25519Thumbprint } from '../hpke.js';

export const SEAL_INFO = 'gate-terminal registration v1';

const utf8 = new TextEncoder();

/** The authority's public key: 32 raw bytes, their base64url (the config's `authorityPublicKey`), or an X25519 JWK. */
export type AuthorityPublicKey = Uint8Array | string | X25519PublicJwk;

export type SealErrorCode = 'seal.bad-key';

/** One sealed record, as stored in `sealed_registrations`. */
export interface Sealed {
  readonly id: string;
  /** RFC 7638 thumbprint (base64url SHA-256) of the authority public key: which key can open it. */
  readonly authorityKid: string;
  /** HPKE encapsulated key (32 bytes). */
  readonly enc: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** The public key as a JWK, or a failure naming what is wrong with it. */
export function authorityJwk(key: AuthorityPublicKey): Result<X25519PublicJwk, Failure<SealErrorCode>> {
  if (key instanceof Uint8Array) {
    if (key.length !== 32) return err(failure('seal.bad-key', `an X25519 public key is 32 bytes, got ${key.length}`));
    return ok({ kty: 'OKP', crv: 'X25519', x: Buffer.from(key).toString('base64url') });
  }
  if (typeof key === 'string') {
    if (!b64url32.safeParse(key).success) return err(failure('seal.bad-key', 'the authority public key must be 43 base64url characters (32 bytes)'));
    return ok({ kty: 'OKP', crv: 'X25519', x: key });
  }
  const parsed = x25519PublicJwk.safeParse(key);
  if (!parsed.success) return err(failure('seal.bad-key', 'the authority public key must be an OKP JWK with crv X25519 and a 32-byte x'));
  return ok({ kty: 'OKP', crv: 'X25519', x: parsed.data.x });
}

/**
 * Seals `record` (JSON data; canonicalised) to the authority under `sealedId`. Fails only with
 * `seal.bad-key` for a key that is not an X25519 public key (a wrong config); anything else is a bug.
 */
export async function sealRegistration(key: AuthorityPublicKey, record: object, sealedId: string): Promise<Result<Sealed, Failure<SealErrorCode>>> {
  const jwk = authorityJwk(key);
  if (!jwk.ok) return jwk;
  const sealed = await hpkeSeal(jwk.value.x, SEAL_INFO, sealedId, utf8.encode(canonicalize(record)));
  if (!sealed.ok) return err(failure('seal.bad-key', sealed.error));
  return ok({ id: sealedId, authorityKid: x25519Thumbprint(jwk.value.x), ...sealed.value });
}

export type OpenErrorCode = 'unseal.bad-key' | 'unseal.failed' | 'unseal.not-json';

/**
 * Opens one sealed record with the authority's private key (authority side only; the gate never has
 * it). `unseal.failed`: the key, id, enc or ciphertext do not match (another authority's blob, or an
 * edited one).
 */
export async function openRegistration(privateJwk: X25519PrivateJwk, sealed: Pick<Sealed, 'id' | 'enc' | 'ciphertext'>): Promise<Result<unknown, Failure<OpenErrorCode>>> {
  const plain = await hpkeOpen(privateJwk.d, SEAL_INFO, sealed.id, sealed);
  if (!plain.ok) {
    return err(plain.error.kind === 'bad-key' ? failure('unseal.bad-key', plain.error.message) : failure('unseal.failed', `sealed registration ${sealed.id} does not open with this key`));
  }
  try {
    return ok(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain.value)) as unknown);
  } catch {
    return err(failure('unseal.not-json', `sealed registration ${sealed.id} opened but is not UTF-8 JSON`));
  }
}
