/**
 * Signed bundles for the pull tests: a platform signing key (Ed25519, node:crypto), bundles of any kind made
 * with main/bundles/jws.ts `signBundle`, and the config entry (`bundles.keys[]`) that trusts the key.
 */
import { type KeyObject, generateKeyPairSync } from 'node:crypto';
import { BUNDLE_FORMAT } from '../../src/bundles/envelope.js';
import { KEY_SCOPES, type BundleKind } from '../../src/bundles/kinds.js';
import type { BundleKeyConfig } from '../../src/config/bundles.js';
import { signBundle } from '../../main/bundles/jws.js';

export const DISTRICT = 'district-1';
/** The district key fingerprint residents and quarantine bundles say they were hashed under. */
const HASHED_UNDER = '0123456789abcdef';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** Its `bundles.keys[]` entry, every kind allowed. */
  readonly config: BundleKeyConfig;
}

export function signingKey(kid: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return { kid, privateKey, config: { kid, publicKey: x, kinds: [...KEY_SCOPES] } };
}

/** A bundle of `kind` at `version`, for gate `gate` when it is the district key; its body names it. */
export function bundle(key: SigningKey, kind: BundleKind, version: number, gate = 'gate-a'): string {
  return signBundle(
    {
      format: BUNDLE_FORMAT,
      kind,
      version,
      issuedAt: new Date(Date.UTC(2026, 0, 1, 0, version)).toISOString(),
      ...(kind === 'residents' || kind === 'quarantine' ? { hashedUnder: HASHED_UNDER } : {}),
      ...(kind === 'district-key' ? { gate } : {}),
      body: { test: `${kind} v${version}` },
    },
    key.kid,
    key.privateKey,
  );
}
