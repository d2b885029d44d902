/**
 * Sealing registration records to the health authority: HPKE (RFC 9180) base mode with
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM (suite 0x0020/0x0001/0x0001), via @hpke/core.
 *
 * - `info` = UTF-8 "gate-terminal registration v1" (binds the ciphertext to this use);
 * - AAD = UTF-8 of the sealed id (a blob moved to another row does not open);
 * - plaintext = UTF-8 of the record's RFC 8785 canonical JSON.
 *
 * The gate holds only the authority's public key, so it can seal but never open: the private key stays
 * with the authority (`gate authority-keygen`, `gate unseal`).
 */
import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { calculateJwkThumbprint } from 'jose';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';

export const SEAL_INFO = 'gate-terminal registration v1';

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
const utf8 = new TextEncoder();
/** The KEM's key type (WebCrypto's CryptoKey, which this layer's lib does not name). */
type KemKey = Awaited<ReturnType<typeof suite.kem.deserializePublicKey>>;

const b64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '43 base64url characters (32 bytes)');
export const x25519PublicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('X25519'), x: b64url32 });
export const x25519PrivateJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('X25519'), x: b64url32, d: b64url32 });
export type X25519PublicJwk = { readonly kty: 'OKP'; readonly crv: 'X25519'; readonly x: string };
export type X25519PrivateJwk = X25519PublicJwk & { readonly d: string };

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

/** The kid sealed blobs name their key by: the RFC 7638 thumbprint of the public JWK. */
export const authorityKid = (jwk: X25519PublicJwk): Promise<string> => calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'sha256');

/**
 * Seals `record` (JSON data; canonicalised) to the authority under `sealedId`. Fails only with
 * `seal.bad-key` for a key that is not an X25519 public key (a wrong config); anything else is a bug.
 */
export async function sealRegistration(key: AuthorityPublicKey, record: object, sealedId: string): Promise<Result<Sealed, Failure<SealErrorCode>>> {
  const jwk = authorityJwk(key);
  if (!jwk.ok) return jwk;
  let recipientPublicKey: KemKey;
  try {
    recipientPublicKey = await suite.kem.deserializePublicKey(Buffer.from(jwk.value.x, 'base64url'));
  } catch (e) {
    return err(failure('seal.bad-key', `not a usable X25519 public key: ${(e as Error).message}`));
  }
  const sealed = await suite.seal({ recipientPublicKey, info: utf8.encode(SEAL_INFO) }, utf8.encode(canonicalize(record)), utf8.encode(sealedId));
  return ok({ id: sealedId, authorityKid: await authorityKid(jwk.value), enc: new Uint8Array(sealed.enc), ciphertext: new Uint8Array(sealed.ct) });
}

export type OpenErrorCode = 'unseal.bad-key' | 'unseal.failed' | 'unseal.not-json';

/**
 * Opens one sealed record with the authority's private key (authority side only; the gate never has
 * it). `unseal.failed`: the key, id, enc or ciphertext do not match (another authority's blob, or an
 * edited one).
 */
export async function openRegistration(privateJwk: X25519PrivateJwk, sealed: Pick<Sealed, 'id' | 'enc' | 'ciphertext'>): Promise<Result<unknown, Failure<OpenErrorCode>>> {
  let recipientKey: KemKey;
  try {
    recipientKey = await suite.kem.deserializePrivateKey(Buffer.from(privateJwk.d, 'base64url'));
  } catch (e) {
    return err(failure('unseal.bad-key', `not a usable X25519 private key: ${(e as Error).message}`));
  }
  let plain: ArrayBuffer;
  try {
    plain = await suite.open({ recipientKey, enc: sealed.enc, info: utf8.encode(SEAL_INFO) }, sealed.ciphertext, utf8.encode(sealed.id));
  } catch {
    return err(failure('unseal.failed', `sealed registration ${sealed.id} does not open with this key`));
  }
  try {
    return ok(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as unknown);
  } catch {
    return err(failure('unseal.not-json', `sealed registration ${sealed.id} opened but is not UTF-8 JSON`));
  }
}
