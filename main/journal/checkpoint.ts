/**
 * Retention checkpoints: when purge deletes the oldest decisions, it leaves a row saying "the chain up to
 * seq S ended in hash H", signed Ed25519 by the gate's device key (device-key.ts), so the remaining chain
 * stays verifiable.
 *
 * The signed message is the RFC 8785 canonical JSON of
 * `{"at":…,"format":"gate.checkpoint/1","uptoHash":…,"uptoSeq":…}` (UTF-8); the signature is base64url.
 * The key is not in the journal, so a writer of the database cannot sign a checkpoint the device key
 * vouches for; `gate verify` checks every checkpoint against the device's public key (its file, or one
 * pinned from outside with `--device-key`).
 */
import { createPublicKey, verify } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { type Failure, type Result } from '../../src/result.js';
import { ed25519PublicJwk } from './device-key.js';
import { type JournalErrorCode, attempt } from './errors.js';

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

const SELECT = 'SELECT id, at, upto_seq, upto_hash, signature, public_jwk FROM checkpoints';

const toCheckpoint = (raw: unknown): Checkpoint => {
  const r = checkpointRow.parse(raw);
  return { id: r.id, at: r.at, uptoSeq: r.upto_seq, uptoHash: r.upto_hash, signature: r.signature, publicJwk: r.public_jwk };
};

/** The newest checkpoint (highest upto_seq), or undefined before the first purge. Works on a readonly connection. */
export function latestCheckpoint(db: Database): Result<Checkpoint | undefined, Failure<JournalErrorCode>> {
  return attempt(() => {
    const raw = db.prepare(`${SELECT} ORDER BY upto_seq DESC, id DESC LIMIT 1`).get();
    return raw === undefined ? undefined : toCheckpoint(raw);
  });
}

/** Every checkpoint, oldest (lowest id) first. Works on a readonly connection. */
export function allCheckpoints(db: Database): Result<Checkpoint[], Failure<JournalErrorCode>> {
  return attempt(() => db.prepare(`${SELECT} ORDER BY id`).all().map(toCheckpoint));
}

/**
 * The base64url Ed25519 public key (`x`) that signed `c`: its stored public key, when the signature
 * verifies under it; undefined when it does not (or the stored key is not an Ed25519 JWK). Never throws.
 */
export function checkpointSigner(c: Checkpoint): string | undefined {
  let jwk: z.infer<typeof ed25519PublicJwk>;
  try {
    jwk = ed25519PublicJwk.parse(JSON.parse(c.publicJwk));
  } catch {
    return undefined;
  }
  try {
    const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    return verify(null, Buffer.from(checkpointMessage(c), 'utf8'), key, Buffer.from(c.signature, 'base64url')) ? jwk.x : undefined;
  } catch {
    return undefined;
  }
}
