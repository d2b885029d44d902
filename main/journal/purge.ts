/**
 * Retention (PIPL Art. 19: "the shortest period necessary"): deletes decisions and sealed registrations
 * older than the policy's `retention.days`, and leaves a signed checkpoint so the rest of the chain
 * stays verifiable.
 *
 * Which decisions go: always a contiguous prefix of seq (the chain must stay a walkable suffix), made of
 * decisions older than the retention that the platform has acknowledged — that is, with no row left in the
 * upstream queue (uplink-queue.ts). A decision still waiting to go up, or set aside because the platform
 * refused it, is never purged by retention, however old: only the backlog's own bound drops a queued
 * record, with its `uplink.overflow` event. (A gate without an uplink queues nothing, and retention alone
 * decides.) The first decision that must stay ends the prefix, so a decision timestamped in the future by a
 * bad clock holds back the ones after it: retention errs towards keeping, never towards deleting too early.
 * Sealed registrations follow the same rule, each on its own.
 *
 * Passages go with their decisions (they reference them): an exit quota counts only passages inside
 * the retention, so retention.days must cover the longest exit-quota window.
 *
 * Never on a clock that may be wrong (a clock 9 days ahead would delete 9 days early and sign a checkpoint
 * dated in the future): refused with `purge.clock-untrusted` while the clock monitor's persisted state
 * (clock-state.ts, written by the running gate) says untrusted or cannot be read, and with
 * `purge.clock-behind-journal` when `nowMs` is earlier than the journal's latest entry or the monitor's
 * last reference. Checked inside the purge's transaction, so nothing is deleted and nothing signed.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { GENESIS_ANCHOR, verifyChain } from './chain.js';
import { checkpointMessage, latestCheckpoint } from './checkpoint.js';
import { latestEntryAt, notBefore, readClockState } from './clock-state.js';
import type { DeviceSigner } from './device-key.js';
import { attempt } from './errors.js';
import { eventWriter } from './events.js';
import { enqueue } from './uplink-queue.js';

const DAY_MS = 86_400_000;

export interface PurgeOptions {
  /** The retention: data older than this many days goes. Integer ≥ 1. */
  readonly olderThanDays: number;
  /** Now, epoch ms (injected clock). */
  readonly nowMs: number;
  /** Signs the checkpoint: the gate's device key, see device-key.ts `deviceSigner`. */
  readonly signer: DeviceSigner;
}

export interface PurgeResult {
  /** Decisions deleted (with their chain and passages rows). */
  readonly decisions: number;
  readonly sealedRegistrations: number;
  /** Decisions past the retention kept because they still wait to go up (or were set aside), or are behind one that does. */
  readonly kept: number;
  /** The checkpoint written, when decisions were deleted. */
  readonly checkpoint: { readonly uptoSeq: number; readonly uptoHash: string } | null;
}

export type PurgeErrorCode = 'purge.bad-days' | 'purge.bad-now' | 'purge.chain-broken' | 'purge.clock-untrusted' | 'purge.clock-behind-journal';

const maybeInt = z.int().nullable();
const count = z.int();

/**
 * Purges in one IMMEDIATE transaction (with `secure_delete` on, so freed pages are zeroed), journals a
 * `journal.purged` event, and then checkpoints the WAL (TRUNCATE, best effort) so deleted rows leave the
 * -wal file too. Before deleting, it re-verifies the chain links it is about to delete and refuses with
 * `purge.chain-broken` if they do not hold: a checkpoint must never vouch for an edited decision.
 */
export function purge(db: Database, opts: PurgeOptions): Result<PurgeResult, Failure> {
  if (!Number.isInteger(opts.olderThanDays) || opts.olderThanDays < 1) {
    return err(failure('purge.bad-days', `retention must be a whole number of days ≥ 1, got ${opts.olderThanDays}`));
  }
  const cutoffMs = opts.nowMs - opts.olderThanDays * DAY_MS;
  if (!Number.isFinite(cutoffMs) || Math.abs(opts.nowMs) > 8.64e15 || Math.abs(cutoffMs) > 8.64e15) {
    return err(failure('purge.bad-now', `now ${opts.nowMs} is not a usable time`));
  }
  const now = new Date(opts.nowMs).toISOString();
  const cutoff = new Date(cutoffMs).toISOString();
  const secureDelete = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  try {
    const done = attempt(() =>
      db.transaction((): Result<PurgeResult, Failure> => {
        const refused = clockRefusal(db, opts.nowMs);
        return refused === undefined ? purgeInTransaction(db, opts.signer, { now, cutoff }) : err(refused);
      }).immediate(),
    );
    if (!done.ok) return done;
    if (done.value.ok) attempt(() => db.pragma('wal_checkpoint(TRUNCATE)'));
    return done.value;
  } finally {
    db.pragma(`secure_delete = ${Number(secureDelete)}`);
  }
}

/** Why the clock may not be purged by now, if it may not (see the module comment). */
function clockRefusal(db: Database, nowMs: number): Failure | undefined {
  const state = readClockState(db);
  if (!state.ok) return failure('purge.clock-untrusted', `nothing purged: the clock's state cannot be read (${state.error.message}); start the gate so that a trusted source syncs the clock`);
  if (state.value?.trusted === false) {
    return failure('purge.clock-untrusted', `nothing purged: the gate distrusts its clock (${state.value.reason ?? 'untrusted'}); it purges again once NTP or the platform's signed time has synced it`);
  }
  const latest = latestEntryAt(db);
  if (!latest.ok) return latest.error;
  const bound = notBefore(state.value, latest.value);
  if (bound !== null && nowMs < bound) {
    return failure('purge.clock-behind-journal', `nothing purged: the clock reads ${new Date(nowMs).toISOString()}, earlier than ${new Date(bound).toISOString()} already in the journal`);
  }
  return undefined;
}

/** Rows of `uplink_queue` hold retention back only while the uplink is on (a gate without one queues nothing new). */
const STILL_QUEUED = (table: string): string =>
  `((SELECT enabled FROM uplink_backlog) = 1 AND EXISTS (SELECT 1 FROM uplink_queue q WHERE q.id = ${table}.id))`;

function purgeInTransaction(db: Database, signer: DeviceSigner, t: { now: string; cutoff: string }): Result<PurgeResult, Failure> {
  const firstKept = maybeInt.parse(
    db.prepare(`SELECT min(seq) FROM decisions WHERE NOT (at < @cutoff AND NOT ${STILL_QUEUED('decisions')})`).pluck().get({ cutoff: t.cutoff }),
  );
  const lastSeq = maybeInt.parse(db.prepare('SELECT max(seq) FROM decisions').pluck().get());
  const firstSeq = maybeInt.parse(db.prepare('SELECT min(seq) FROM decisions').pluck().get());
  const upto = firstKept === null ? lastSeq : firstKept - 1;
  const old = count.parse(db.prepare('SELECT count(*) FROM decisions WHERE at < ?').pluck().get(t.cutoff));

  let decisions = 0;
  let checkpoint: PurgeResult['checkpoint'] = null;
  if (upto !== null && firstSeq !== null && upto >= firstSeq) {
    const cp = latestCheckpoint(db);
    if (!cp.ok) return cp;
    const anchor = cp.value === undefined ? GENESIS_ANCHOR : { seq: cp.value.uptoSeq, hash: cp.value.uptoHash };
    const walked = verifyChain(db, anchor, { upto });
    if (!walked.ok) {
      const at = walked.error.seq === undefined ? '' : ` at seq ${walked.error.seq}`;
      return err(failure('purge.chain-broken', `nothing purged: the chain is broken${at} (${walked.error.message}); run gate verify`));
    }
    const uptoHash = z.string().parse(db.prepare('SELECT hash FROM chain WHERE seq = ?').pluck().get(upto));
    db.prepare('DELETE FROM passages WHERE decision_seq <= ?').run(upto);
    db.prepare("DELETE FROM uplink_queue WHERE kind = 'decision' AND id IN (SELECT id FROM decisions WHERE seq <= ?)").run(upto);
    db.prepare('DELETE FROM chain WHERE seq <= ?').run(upto);
    decisions = db.prepare('DELETE FROM decisions WHERE seq <= ?').run(upto).changes;
    const signature = signer.sign(checkpointMessage({ at: t.now, uptoSeq: upto, uptoHash }));
    const cpId = Number(db.prepare('INSERT INTO checkpoints (at, upto_seq, upto_hash, signature, public_jwk) VALUES (?, ?, ?, ?, ?)').run(
      t.now,
      upto,
      uptoHash,
      signature,
      JSON.stringify(signer.publicJwk),
    ).lastInsertRowid);
    enqueue(db, { kind: 'checkpoint', id: `checkpoint:${cpId}`, at: t.now, payload: { id: cpId, at: t.now, uptoSeq: upto, uptoHash, signature, publicJwk: signer.publicJwk } });
    checkpoint = { uptoSeq: upto, uptoHash };
  }
  const gone = `at < @cutoff AND NOT ${STILL_QUEUED('sealed_registrations')}`;
  db.prepare(`DELETE FROM uplink_queue WHERE kind = 'registration' AND id IN (SELECT id FROM sealed_registrations WHERE ${gone})`).run({ cutoff: t.cutoff });
  const sealedRegistrations = db.prepare(`DELETE FROM sealed_registrations WHERE ${gone}`).run({ cutoff: t.cutoff }).changes;
  const result: PurgeResult = { decisions, sealedRegistrations, kept: old - decisions, checkpoint };
  eventWriter(db)({ at: t.now, kind: 'journal.purged', detail: { cutoff: t.cutoff, ...result } });
  return ok(result);
}
