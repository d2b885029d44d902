/**
 * The device's Ed25519 key pair, which signs purge checkpoints (checkpoint.ts). It lives in the data
 * folder beside the journal, never in it: `device-key.jwk` (the private JWK, mode 0600) and
 * `device-key.pub.json` (the public JWK), so a copied journal carries no key and `gate verify` finds the
 * public key to check checkpoints against. `gate device-key` prints the public `x` for pinning elsewhere.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type KeyFileErrorCode, readJsonKeyFile, writeKeyFile } from '../keys.js';

export const DEVICE_KEY_FILE = 'device-key.jwk';
export const DEVICE_PUBLIC_KEY_FILE = 'device-key.pub.json';

const b64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '43 base64url characters (32 bytes)');

export const ed25519PublicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64url32 });
export type Ed25519PublicJwk = { readonly kty: 'OKP'; readonly crv: 'Ed25519'; readonly x: string };
export const ed25519PrivateJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64url32, d: b64url32 });
export type Ed25519PrivateJwk = z.infer<typeof ed25519PrivateJwk>;

/** Signs checkpoints. */
export interface DeviceSigner {
  readonly publicJwk: Ed25519PublicJwk;
  /** Ed25519 signature of the UTF-8 `message`, base64url. */
  sign(message: string): string;
}

export type DeviceKeyErrorCode = KeyFileErrorCode | 'device-key.bad';

/** The file content of a private key: its JWK members in a fixed order, so equal keys are equal bytes. */
const privateKeyFileContent = (k: Ed25519PrivateJwk): Buffer =>
  Buffer.from(`${JSON.stringify({ kty: k.kty, crv: k.crv, x: k.x, d: k.d })}\n`, 'utf8');

const publicKeyFileContent = (k: Ed25519PublicJwk): Buffer => Buffer.from(`${JSON.stringify({ kty: k.kty, crv: k.crv, x: k.x })}\n`, 'utf8');

/** The JWK in `file`, or undefined when there is no such file; anything but a JWK of `schema` is `device-key.bad`. */
const readJwkFile = <T>(file: string, schema: z.ZodType<T>, what: string): Result<T | undefined, Failure<DeviceKeyErrorCode>> =>
  readJsonKeyFile(file, schema, failure('device-key.bad', `${file} is not an Ed25519 ${what} JWK`));

/** The private key in `dataDir`, or undefined when there is none yet. */
export function readDeviceKey(dataDir: string): Result<Ed25519PrivateJwk | undefined, Failure<DeviceKeyErrorCode>> {
  const file = join(dataDir, DEVICE_KEY_FILE);
  const jwk = readJwkFile(file, ed25519PrivateJwk, 'private');
  if (!jwk.ok || jwk.value === undefined) return jwk;
  const derived = createPublicKey(createPrivateKey({ key: jwk.value, format: 'jwk' })).export({ format: 'jwk' });
  return derived.x === jwk.value.x ? ok(jwk.value) : err(failure('device-key.bad', `${file}: its public x does not belong to its private d`));
}

/**
 * Stores `key` as the device key unless one is there already (then `exists`, the file untouched), and
 * writes its public half beside it.
 */
export function storeDeviceKey(dataDir: string, key: Ed25519PrivateJwk): Result<'written' | 'exists', Failure<DeviceKeyErrorCode>> {
  const stored = writeKeyFile(join(dataDir, DEVICE_KEY_FILE), privateKeyFileContent(key), { how: 'create' });
  if (!stored.ok || stored.value === 'exists') return stored;
  const pub = writeKeyFile(join(dataDir, DEVICE_PUBLIC_KEY_FILE), publicKeyFileContent(key), { how: 'replace', mode: 0o644 });
  return pub.ok ? stored : pub;
}

/** The base64url public key (`x`) in `dataDir`'s `device-key.pub.json`, or undefined when there is none. */
export function readDevicePublicKey(dataDir: string): Result<string | undefined, Failure<DeviceKeyErrorCode>> {
  const jwk = readJwkFile(join(dataDir, DEVICE_PUBLIC_KEY_FILE), ed25519PublicJwk, 'public');
  return jwk.ok ? ok(jwk.value?.x) : jwk;
}

/**
 * The device signer from `dataDir`, creating the key pair on first use (two processes doing so at once
 * agree on one key). Rewrites the public key file when it is missing or does not match the private key.
 */
export function deviceSigner(dataDir: string): Result<DeviceSigner, Failure<DeviceKeyErrorCode>> {
  let found = readDeviceKey(dataDir);
  if (found.ok && found.value === undefined) {
    const fresh = ed25519PrivateJwk.parse(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }));
    const stored = storeDeviceKey(dataDir, fresh);
    if (!stored.ok) return stored;
    found = readDeviceKey(dataDir);
  }
  if (!found.ok) return found;
  const jwk = found.value;
  if (jwk === undefined) return err(failure('keys.unreadable', `${join(dataDir, DEVICE_KEY_FILE)} vanished right after it was written`));
  const publicJwk: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  const pub = readDevicePublicKey(dataDir);
  if (!pub.ok || pub.value !== jwk.x) {
    const written = writeKeyFile(join(dataDir, DEVICE_PUBLIC_KEY_FILE), publicKeyFileContent(publicJwk), { how: 'replace', mode: 0o644 });
    if (!written.ok) return written;
  }
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  return ok({ publicJwk, sign: (message) => sign(null, Buffer.from(message, 'utf8'), key).toString('base64url') });
}
