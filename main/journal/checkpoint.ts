/**
 * Retention checkpoints: when purge deletes the oldest decisions, it leaves a row saying "the chain up to
 * seq S ended in hash H", signed Ed25519 by the gate's device key, so the remaining chain stays verifiable.
 *
 * The signed message is the RFC 8785 canonical JSON of
 * `{"at":…,"format":"gate.checkpoint/1","uptoHash":…,"uptoSeq":…}` (UTF-8); the signature is base64url.
 * The device key lives in `settings` (`device_ed25519_jwk`), created on first use. Anyone who can write
 * the database can also read that key, so a checkpoint proves more than the chain alone only to a
 * verifier that knows the device's public key from elsewhere (`gate verify --device-key`, or upstream).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type JournalErrorCode, attempt } from './errors.js';

const b64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '43 base64url characters (32 bytes)');

export const ed25519PublicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64url32 });
export type Ed25519PublicJwk = { readonly kty: 'OKP'; readonly crv: 'Ed25519'; readonly x: string };
const ed25519PrivateJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64url32, d: b64url32 });

/** Signs checkpoints. */
export interface DeviceSigner {
  readonly publicJwk: Ed25519PublicJwk;
  /** Ed25519 signature of the UTF-8 `message`, base64url. */
  sign(message: string): string;
}

/** The settings key holding the device's private Ed25519 JWK (JSON). */
export const DEVICE_KEY_SETTING = 'device_ed25519_jwk';

export type SignerErrorCode = JournalErrorCode | 'checkpoint.bad-device-key';

/**
 * The gate's device signer, from `settings`; creates and stores a new Ed25519 key pair on first use
 * (in an IMMEDIATE transaction, so two openers agree on one key). Needs a writing connection.
 */
export function deviceSigner(db: Database): Result<DeviceSigner, Failure<SignerErrorCode>> {
  const stored = attempt(() =>
    db.transaction((): unknown => {
      const select = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
      const found = select.get(DEVICE_KEY_SETTING);
      if (found !== undefined) return found;
      const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DEVICE_KEY_SETTING, JSON.stringify(jwk));
      return select.get(DEVICE_KEY_SETTING);
    }).immediate(),
  );
  if (!stored.ok) return stored;
  let parsed: z.infer<typeof ed25519PrivateJwk>;
  try {
    parsed = ed25519PrivateJwk.parse(JSON.parse(String(stored.value)));
  } catch {
    return err(failure('checkpoint.bad-device-key', `settings.${DEVICE_KEY_SETTING} is not an Ed25519 private JWK`));
  }
  const key = createPrivateKey({ key: parsed, format: 'jwk' });
  const publicJwk: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: parsed.x };
  return ok({ publicJwk, sign: (message) => sign(null, Buffer.from(message, 'utf8'), key).toString('base64url') });
}

/** What a checkpoint states. */
export interface CheckpointClaim {
  /** Stored ISO instant of the purge. */
  readonly at: string;
  readonly uptoSeq: number;
  readonly uptoHash: string;
}

/** The exact message a checkpoint signature covers. */
export const checkpointMessage = (c: CheckpointClaim): string =>
  canonicalize({ format: 'gate.checkpoint/1', at: c.at, uptoSeq: c.uptoSeq, uptoHash: c.uptoHash });

export interface Checkpoint extends CheckpointClaim {
  readonly id: number;
  readonly signature: string;
  /** The stored public JWK (JSON text), as written. */
  readonly publicJwk: string;
}

const checkpointRow = z.strictObject({
  id: z.int(),
  at: z.string(),
  upto_seq: z.int(),
  upto_hash: z.string(),
  signature: z.string(),
  public_jwk: z.string(),
});

/** The newest checkpoint (highest upto_seq), or undefined before the first purge. Works on a readonly connection. */
export function latestCheckpoint(db: Database): Result<Checkpoint | undefined, Failure<JournalErrorCode>> {
  return attempt(() => {
    const raw = db.prepare('SELECT id, at, upto_seq, upto_hash, signature, public_jwk FROM checkpoints ORDER BY upto_seq DESC, id DESC LIMIT 1').get();
    if (raw === undefined) return undefined;
    const r = checkpointRow.parse(raw);
    return { id: r.id, at: r.at, uptoSeq: r.upto_seq, uptoHash: r.upto_hash, signature: r.signature, publicJwk: r.public_jwk };
  });
}

/**
 * Whether `c`'s signature is valid under its stored public key and, when `expectedX` (the base64url
 * Ed25519 public key) is given, whether that stored key is the expected one. Never throws.
 */
export function checkpointSignatureValid(c: Checkpoint, expectedX?: string): boolean {
  let jwk: z.infer<typeof ed25519PublicJwk>;
  try {
    jwk = ed25519PublicJwk.parse(JSON.parse(c.publicJwk));
  } catch {
    return false;
  }
  if (expectedX !== undefined && jwk.x !== expectedX) return false;
  try {
    const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    return verify(null, Buffer.from(checkpointMessage(c), 'utf8'), key, Buffer.from(c.signature, 'base64url'));
  } catch {
    return false;
  }
}
