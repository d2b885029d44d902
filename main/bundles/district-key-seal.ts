/**
 * The district key sealed to one gate (src/bundles/district-key.ts): HPKE base mode (main/hpke.ts) to the
 * gate's X25519 key (gate-key.ts), `info` = "gate-terminal district-key v1", AAD = UTF-8 of the gate id (the
 * bundle's `gate` claim), plaintext = the 32 key bytes; `gateKey` names the key by its RFC 7638 thumbprint.
 */
import { DISTRICT_KEY_SEAL_INFO, type SealedKey } from '../../src/bundles/district-key.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type X25519PrivateJwk, hpkeOpen, hpkeSeal, x25519Thumbprint } from '../hpke.js';

const DISTRICT_KEY_BYTES = 32;

/**
 * Seals `key` (the district's 32 bytes) to the gate `gateId` whose public key is `gatePublicKey` (43 base64url,
 * `gate-key.pub.json`'s `gateKey`). Throws on a key that is not 32 bytes or a public key X25519 cannot use:
 * the caller checks both (the platform's tooling, `gate bundle sign`).
 */
export async function sealDistrictKey(key: Uint8Array, gatePublicKey: string, gateId: string): Promise<SealedKey> {
  if (key.length !== DISTRICT_KEY_BYTES) throw new Error(`a district key is ${DISTRICT_KEY_BYTES} bytes, got ${key.length}`);
  const sealed = await hpkeSeal(gatePublicKey, DISTRICT_KEY_SEAL_INFO, gateId, key);
  if (!sealed.ok) throw new Error(sealed.error);
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
  return { gateKey: x25519Thumbprint(gatePublicKey), enc: b64(sealed.value.enc), ciphertext: b64(sealed.value.ciphertext) };
}

export type OpenDistrictKeyError = 'bundle.unsealable' | 'bundle.not-for-this-gate';

/**
 * Opens `sealed` with this gate's private key for the gate id `gateId`: the 32 key bytes.
 * `bundle.not-for-this-gate`: sealed to another gate key (its `gateKey` is not our thumbprint);
 * `bundle.unsealable`: ours by name but it does not open (another gate id, an edited enc or ciphertext) or
 * holds something other than 32 bytes.
 */
export async function openDistrictKey(sealed: SealedKey, gateSecretKey: X25519PrivateJwk, gateId: string): Promise<Result<Uint8Array, Failure<OpenDistrictKeyError>>> {
  const ours = x25519Thumbprint(gateSecretKey.x);
  if (sealed.gateKey !== ours) {
    return err(failure('bundle.not-for-this-gate', `the district key is sealed to gate key ${sealed.gateKey}; this gate's is ${ours}`));
  }
  const plain = await hpkeOpen(gateSecretKey.d, DISTRICT_KEY_SEAL_INFO, gateId, {
    enc: Buffer.from(sealed.enc, 'base64url'),
    ciphertext: Buffer.from(sealed.ciphertext, 'base64url'),
  });
  if (!plain.ok) return err(failure('bundle.unsealable', `the sealed district key does not open with this gate's key for gate "${gateId}"`));
  if (plain.value.length !== DISTRICT_KEY_BYTES) return err(failure('bundle.unsealable', `the sealed district key holds ${plain.value.length} bytes, not ${DISTRICT_KEY_BYTES}`));
  return ok(plain.value);
}
