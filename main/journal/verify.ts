/**
 * Whole-journal verification, as `gate verify` runs it: the newest purge checkpoint's Ed25519 signature
 * (and that it was made by this gate's device key, or by `deviceKey` when the verifier pins one), then
 * the hash chain from that checkpoint — the first remaining link's prev_hash must be the checkpoint's
 * upto_hash — or from genesis when nothing was ever purged.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type ChainErrorCode, GENESIS_ANCHOR, verifyChain } from './chain.js';
import { DEVICE_KEY_SETTING, checkpointSignatureValid, latestCheckpoint } from './checkpoint.js';
import { openJournalDb } from './db.js';
import { attempt } from './errors.js';

export type VerifyErrorCode = ChainErrorCode | 'verify.bad-checkpoint';

/** A failure; `seq` names the first broken decision, `checkpoint` the checkpoint row that failed. */
export type VerifyFailure = Failure & { readonly seq?: number; readonly checkpoint?: number };

export interface VerifyReport {
  /** Links recomputed. */
  readonly checked: number;
  /** The first seq walked (the checkpoint's upto_seq + 1, or 1). */
  readonly from: number;
  readonly checkpoint: { readonly id: number; readonly uptoSeq: number; readonly at: string } | null;
}

export interface VerifyOptions {
  /** The device's Ed25519 public key (base64url `x`) known from outside the database; the checkpoint must be signed by it. */
  readonly deviceKey?: string;
}

const deviceJwk = z.object({ x: z.string() });

/** The public `x` of the device key in settings, if there is one. */
function storedDeviceX(db: Database): Result<string | undefined, Failure> {
  const raw = attempt(() => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DEVICE_KEY_SETTING));
  if (!raw.ok) return raw;
  if (raw.value === undefined) return ok(undefined);
  try {
    return ok(deviceJwk.parse(JSON.parse(String(raw.value))).x);
  } catch {
    return err(failure('verify.bad-checkpoint', `settings.${DEVICE_KEY_SETTING} is not a JWK`));
  }
}

/**
 * Verifies the journal on `db` (a readonly connection will do) inside one read transaction, so a purge
 * committing meanwhile (another process) cannot pair an old checkpoint with a newer chain.
 */
export function verifyJournal(db: Database, opts: VerifyOptions = {}): Result<VerifyReport, VerifyFailure> {
  const r = attempt(() => db.transaction(() => verifyInTransaction(db, opts))());
  return r.ok ? r.value : r;
}

function verifyInTransaction(db: Database, opts: VerifyOptions): Result<VerifyReport, VerifyFailure> {
  const cp = latestCheckpoint(db);
  if (!cp.ok) return cp;
  const checkpoint = cp.value;
  if (checkpoint !== undefined) {
    const where = `checkpoint ${checkpoint.id} (upto seq ${checkpoint.uptoSeq})`;
    const bad = (message: string): Result<never, VerifyFailure> => err({ ...failure('verify.bad-checkpoint', `${where}: ${message}`), checkpoint: checkpoint.id });
    const stored = storedDeviceX(db);
    if (!stored.ok) return stored;
    const expected = opts.deviceKey ?? stored.value;
    if (!checkpointSignatureValid(checkpoint)) return bad('its signature does not verify');
    if (expected !== undefined && !checkpointSignatureValid(checkpoint, expected)) {
      return bad(opts.deviceKey === undefined ? "signed by a key other than this gate's device key" : 'not signed by the given device key');
    }
  }
  const anchor = checkpoint === undefined ? GENESIS_ANCHOR : { seq: checkpoint.uptoSeq, hash: checkpoint.uptoHash };
  const walked = verifyChain(db, anchor);
  if (!walked.ok) return walked;
  return ok({
    checked: walked.value.checked,
    from: walked.value.from,
    checkpoint: checkpoint === undefined ? null : { id: checkpoint.id, uptoSeq: checkpoint.uptoSeq, at: checkpoint.at },
  });
}

/** Opens `file` read-only (safe beside the running gate), verifies it and closes it. */
export function verifyJournalFile(file: string, opts: VerifyOptions = {}): Result<VerifyReport, VerifyFailure> {
  const db = openJournalDb(file, { readonly: true });
  if (!db.ok) return db;
  try {
    return verifyJournal(db.value, opts);
  } finally {
    db.value.close();
  }
}
