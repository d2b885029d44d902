/**
 * The body of a `district-key` bundle: the district's HMAC key sealed to one gate, with the residents and
 * quarantine lists whose refs were made with it, so a key rotation and its lists swap together or not at all.
 *
 * - `sealedKey`: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, to the
 *   gate's X25519 key (`gate bundle gate-key` prints it); `info` = UTF-8 "gate-terminal district-key v1",
 *   AAD = UTF-8 of the bundle's `gate` claim; plaintext = the 32 key bytes. A retained bundle on a shared broker
 *   opens for that gate only.
 * - `residents`, `quarantine`: complete signed bundles (JWS text) of those kinds, `hashedUnder` the new key's
 *   fingerprint, each checked like any bundle of its kind (key scope, version).
 *
 * Pure (zod only).
 */
import { z } from 'zod';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

export const DISTRICT_KEY_SEAL_INFO = 'gate-terminal district-key v1';

export const sealedKey = z.strictObject({
  gateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'the RFC 7638 thumbprint of the gate key, 43 base64url characters').describe('Which gate key opens it: the RFC 7638 thumbprint of its X25519 JWK.'),
  enc: b64url.describe('The HPKE encapsulated key (32 bytes).'),
  ciphertext: b64url.describe('The sealed 32 key bytes and their tag.'),
});
export type SealedKey = z.infer<typeof sealedKey>;

export const districtKeyBody = z.strictObject({
  sealedKey,
  residents: z.string().min(1).describe('The residents bundle hashed under this key (JWS text).'),
  quarantine: z.string().min(1).describe('The quarantine bundle hashed under this key (JWS text).'),
});
export type DistrictKeyBody = z.infer<typeof districtKeyBody>;
