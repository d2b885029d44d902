/**
 * The gate's X25519 key pair, to which the platform seals the district key (HPKE, district-key-seal.ts). It
 * lives in the data folder beside the journal, created at the gate's first start:
 *
 * - `gate-key.jwk`: the private JWK `{"kty":"OKP","crv":"X25519","x","d"}`, mode 0600; it never leaves the gate;
 * - `gate-key.pub.json`: `{"gateKey": "<43 base64url: the public key>", "kid": "<its RFC 7638 thumbprint>"}`,
 *   mode 0644: what `gate bundle gate-key` prints and `gate bundle sign --gate-key` reads.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type X25519PrivateJwk, b64url32, x25519PrivateJwk, x25519Thumbprint } from '../hpke.js';
import { type KeyFileErrorCode, readJsonKeyFile, writeKeyFile } from '../keys.js';

export const GATE_KEY_FILE = 'gate-key.jwk';
export const GATE_PUBLIC_KEY_FILE = 'gate-key.pub.json';

/** `gate-key.pub.json`: the gate's public key and its thumbprint, which must agree. */
export const gatePublicKey = z
  .strictObject({
    gateKey: b64url32.describe('The gate’s X25519 public key, base64url of its 32 bytes.'),
    kid: b64url32.describe('The RFC 7638 thumbprint of its JWK: what a sealed key’s `gateKey` names.'),
  })
  .refine((k) => k.kid === x25519Thumbprint(k.gateKey), { path: ['kid'], message: 'is not the RFC 7638 thumbprint of gateKey' });
export type GatePublicKey = z.infer<typeof gatePublicKey>;

export interface GateKey {
  /** Opens what was sealed to this gate. */
  readonly secretJwk: X25519PrivateJwk;
  readonly publicKey: GatePublicKey;
}

export type GateKeyErrorCode = KeyFileErrorCode | 'gate-key.bad';

const publicOf = (x: string): GatePublicKey => ({ gateKey: x, kid: x25519Thumbprint(x) });
const json = (value: object): Buffer => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');

/** The private key in `file`, or undefined when there is none; one whose `x` is not its `d`'s is `gate-key.bad`. */
function readSecret(file: string): Result<X25519PrivateJwk | undefined, Failure<GateKeyErrorCode>> {
  const jwk = readJsonKeyFile(file, x25519PrivateJwk, failure('gate-key.bad', `${file} is not an X25519 private JWK`));
  if (!jwk.ok || jwk.value === undefined) return jwk;
  const derived = createPublicKey(createPrivateKey({ key: jwk.value, format: 'jwk' })).export({ format: 'jwk' });
  if (derived.x !== jwk.value.x) return err(failure('gate-key.bad', `${file}: its public x does not belong to its private d`));
  return ok({ kty: 'OKP', crv: 'X25519', x: jwk.value.x, d: jwk.value.d });
}

/**
 * The gate key in `dataDir` (which must exist), creating the pair when there is none (two processes doing so
 * at once agree on one key). Rewrites `gate-key.pub.json` when it is missing or is not the private key's.
 */
export function loadOrCreateGateKey(dataDir: string): Result<GateKey, Failure<GateKeyErrorCode>> {
  const secretFile = join(dataDir, GATE_KEY_FILE);
  let found = readSecret(secretFile);
  if (found.ok && found.value === undefined) {
    const fresh = x25519PrivateJwk.parse(generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' }));
    const written = writeKeyFile(secretFile, json({ kty: fresh.kty, crv: fresh.crv, x: fresh.x, d: fresh.d }), { how: 'create' });
    if (!written.ok) return written;
    found = readSecret(secretFile);
  }
  if (!found.ok) return found;
  if (found.value === undefined) return err(failure('keys.unreadable', `${secretFile} vanished right after it was written`));
  const publicKey = publicOf(found.value.x);
  const publicFile = join(dataDir, GATE_PUBLIC_KEY_FILE);
  const onDisk = readJsonKeyFile(publicFile, gatePublicKey, failure('gate-key.bad', `${publicFile} is not a gate public key`));
  if (!onDisk.ok || onDisk.value?.gateKey !== publicKey.gateKey) {
    const written = writeKeyFile(publicFile, json(publicKey), { how: 'replace', mode: 0o644 });
    if (!written.ok) return written;
  }
  return ok({ secretJwk: found.value, publicKey });
}
