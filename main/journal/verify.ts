/**
 * Whole-journal verification, as `gate verify` runs it: every purge checkpoint's Ed25519 signature, each by
 * the one expected device key (pinned by the verifier, else the public key file beside the journal, else
 * the key of the first checkpoint); then the decisions' hash chain from the newest checkpoint — the first
 * remaining link's prev_hash must be its upto_hash — or from genesis when nothing was ever purged, with
 * every column compared with its body; then the chains of policy_changes and events from genesis.
 */
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type ChainErrorCode, GENESIS_ANCHOR, verifyChain } from './chain.js';
import { type Checkpoint, allCheckpoints, checkpointSigner } from './checkpoint.js';
import { openJournalDb } from './db.js';
import { DEVICE_PUBLIC_KEY_FILE, readDevicePublicKey } from './device-key.js';
import { attempt } from './errors.js';
import { CHAINED_TABLES, type ChainedTable, verifyRowChain } from './row-chain.js';

export type VerifyErrorCode = ChainErrorCode | 'verify.bad-checkpoint';

/**
 * A failure; `seq` names the first broken decision, `table` and `id` the first broken policy change or
 * event, `checkpoint` the checkpoint row that failed.
 */
export type VerifyFailure = Failure & { readonly seq?: number; readonly table?: string; readonly id?: number; readonly checkpoint?: number };

export interface VerifyReport {
  /** Decision links recomputed. */
  readonly checked: number;
  /** The first seq walked (the newest checkpoint's upto_seq + 1, or 1). */
  readonly from: number;
  /** The newest checkpoint, the chain's anchor. */
  readonly checkpoint: { readonly id: number; readonly uptoSeq: number; readonly at: string } | null;
  /** Checkpoints whose signature was checked. */
  readonly checkpoints: number;
  /** Links recomputed per chained table. */
  readonly rows: Readonly<Record<ChainedTable, number>>;
}

/** The device's Ed25519 public key (base64url `x`) every checkpoint must be signed by, and how messages name it. */
export interface ExpectedDeviceKey {
  readonly x: string;
  readonly name: string;
}

export interface VerifyOptions {
  /** Absent: the key of the first checkpoint (so every later one must be signed by the same key). */
  readonly deviceKey?: ExpectedDeviceKey;
}

/**
 * Verifies the journal on `db` (a readonly connection will do) inside one read transaction, so a purge
 * committing meanwhile (another process) cannot pair an old checkpoint with a newer chain.
 */
export function verifyJournal(db: Database, opts: VerifyOptions = {}): Result<VerifyReport, VerifyFailure> {
  const r = attempt(() => db.transaction(() => verifyInTransaction(db, opts))());
  return r.ok ? r.value : r;
}

const badCheckpoint = (c: Checkpoint, message: string): Result<never, VerifyFailure> =>
  err({ ...failure('verify.bad-checkpoint', `checkpoint ${c.id} (upto seq ${c.uptoSeq}): ${message}`), checkpoint: c.id });

/** Every checkpoint signed, and by `expected` (or by the first checkpoint's key); the newest (the anchor) or undefined. */
function checkCheckpoints(db: Database, expected: ExpectedDeviceKey | undefined): Result<{ newest: Checkpoint | undefined; count: number }, VerifyFailure> {
  const all = allCheckpoints(db);
  if (!all.ok) return all;
  let key = expected;
  let newest: Checkpoint | undefined;
  for (const c of all.value) {
    const signer = checkpointSigner(c);
    if (signer === undefined) return badCheckpoint(c, 'its signature does not verify');
    key ??= { x: signer, name: `the key of checkpoint ${c.id}, the first` };
    if (signer !== key.x) return badCheckpoint(c, `signed by a key other than ${key.name}`);
    if (newest === undefined || c.uptoSeq >= newest.uptoSeq) newest = c;
  }
  return ok({ newest, count: all.value.length });
}

function verifyInTransaction(db: Database, opts: VerifyOptions): Result<VerifyReport, VerifyFailure> {
  const checkpoints = checkCheckpoints(db, opts.deviceKey);
  if (!checkpoints.ok) return checkpoints;
  const { newest } = checkpoints.value;
  const anchor = newest === undefined ? GENESIS_ANCHOR : { seq: newest.uptoSeq, hash: newest.uptoHash };
  const walked = verifyChain(db, anchor);
  if (!walked.ok) return walked;
  const rows = { policy_changes: 0, events: 0 };
  for (const table of CHAINED_TABLES) {
    const chained = verifyRowChain(db, table);
    if (!chained.ok) return chained;
    rows[table] = chained.value.checked;
  }
  return ok({
    checked: walked.value.checked,
    from: walked.value.from,
    checkpoint: newest === undefined ? null : { id: newest.id, uptoSeq: newest.uptoSeq, at: newest.at },
    checkpoints: checkpoints.value.count,
    rows,
  });
}

/**
 * Opens `file` read-only (safe beside the running gate), verifies it and closes it. The expected device
 * key: `deviceKey` (base64url `x`, pinned from outside), else the one in `device-key.pub.json` beside the
 * journal, else the first checkpoint's.
 */
export function verifyJournalFile(file: string, opts: { readonly deviceKey?: string } = {}): Result<VerifyReport, VerifyFailure> {
  let expected: ExpectedDeviceKey | undefined;
  if (opts.deviceKey !== undefined) expected = { x: opts.deviceKey, name: 'the given device key' };
  else {
    const stored = readDevicePublicKey(dirname(file));
    if (!stored.ok) return stored;
    if (stored.value !== undefined) expected = { x: stored.value, name: `the device key in ${DEVICE_PUBLIC_KEY_FILE}` };
  }
  const db = openJournalDb(file, { readonly: true });
  if (!db.ok) return db;
  try {
    return verifyJournal(db.value, expected === undefined ? {} : { deviceKey: expected });
  } finally {
    db.value.close();
  }
}
