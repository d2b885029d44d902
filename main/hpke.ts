/**
 * HPKE (RFC 9180) base mode to an X25519 key, the one suite every sealed thing here uses:
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM (0x0020/0x0001/0x0001), via @hpke/core. Each use
 * binds its ciphertexts with its own `info` and AAD: registrations to the authority (main/privacy/seal.ts),
 * the district key to one gate (main/bundles/district-key-seal.ts).
 *
 * Keys are X25519 JWKs (RFC 8037) and are named by their RFC 7638 thumbprint.
 */
import { createHash } from 'node:crypto';
import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { z } from 'zod';
import { type Result, err, ok } from '../src/result.js';

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
const utf8 = new TextEncoder();

export const b64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '43 base64url characters (32 bytes)');
export const x25519PublicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('X25519'), x: b64url32 });
export const x25519PrivateJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('X25519'), x: b64url32, d: b64url32 });
export type X25519PublicJwk = { readonly kty: 'OKP'; readonly crv: 'X25519'; readonly x: string };
export type X25519PrivateJwk = X25519PublicJwk & { readonly d: string };

/**
 * The RFC 7638 thumbprint of the X25519 public key `x` (base64url): base64url SHA-256 of its required members
 * in lexicographic order, `{"crv":"X25519","kty":"OKP","x":…}` (what jose's calculateJwkThumbprint gives).
 */
export const x25519Thumbprint = (x: string): string =>
  createHash('sha256').update(JSON.stringify({ crv: 'X25519', kty: 'OKP', x })).digest('base64url');

export interface HpkeSealed {
  /** The encapsulated key (32 bytes). */
  readonly enc: Uint8Array;
  /** The ciphertext and its 16-byte tag. */
  readonly ciphertext: Uint8Array;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Seals `plaintext` to the public key `x` (base64url) under `info` and `aad`; the error says why `x` is not a usable X25519 key. */
export async function hpkeSeal(x: string, info: string, aad: string, plaintext: Uint8Array): Promise<Result<HpkeSealed, string>> {
  let sealed: { enc: ArrayBuffer; ct: ArrayBuffer };
  try {
    const recipientPublicKey = await suite.kem.deserializePublicKey(Buffer.from(x, 'base64url'));
    sealed = await suite.seal({ recipientPublicKey, info: utf8.encode(info) }, plaintext, utf8.encode(aad));
  } catch (e) {
    return err(`not a usable X25519 public key: ${message(e)}`);
  }
  return ok({ enc: new Uint8Array(sealed.enc), ciphertext: new Uint8Array(sealed.ct) });
}

export type HpkeOpenError =
  /** `d` is not a usable X25519 private key. */
  | { readonly kind: 'bad-key'; readonly message: string }
  /** The key, `info`, `aad`, `enc` or the ciphertext do not match what was sealed. */
  | { readonly kind: 'failed' };

/** Opens what {@link hpkeSeal} sealed, with the private key `d` (base64url). */
export async function hpkeOpen(d: string, info: string, aad: string, sealed: HpkeSealed): Promise<Result<Uint8Array, HpkeOpenError>> {
  let recipientKey: Awaited<ReturnType<typeof suite.kem.deserializePrivateKey>>;
  try {
    recipientKey = await suite.kem.deserializePrivateKey(Buffer.from(d, 'base64url'));
  } catch (e) {
    return err({ kind: 'bad-key', message: `not a usable X25519 private key: ${message(e)}` });
  }
  try {
    return ok(new Uint8Array(await suite.open({ recipientKey, enc: sealed.enc, info: utf8.encode(info) }, sealed.ciphertext, utf8.encode(aad))));
  } catch {
    return err({ kind: 'failed' });
  }
}
