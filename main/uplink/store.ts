/**
 * The forwarder's side of the upstream queue (main/journal/uplink-queue.ts): reads batches in order, applies
 * the platform's acks, sets rejected records aside, and closes an overflow episode into its
 * `uplink.overflow` event. Its own connection to the journal. A transaction that only acknowledges commits
 * at `synchronous = NORMAL` (no fsync per ack): an ack lost to a power cut only means the records go up again,
 * and the platform de-duplicates them on (gate, epoch, seq). A transaction that journals an event (a set-aside,
 * an overflow announcement, a requeue) commits at FULL, as every record does (main/journal/db.ts). Every method is synchronous and
 * short (one indexed read, or one small transaction), so it can share the gate's thread.
 */
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import type { Failure, Result } from '../../src/result.js';
import { ok } from '../../src/result.js';
import type { Ack, RecordKind } from '../../src/uplink/wire.js';
import { RECORD_KINDS } from '../../src/uplink/wire.js';
import { type OpenErrorCode, openJournalDb } from '../journal/db.js';
import { type JournalErrorCode, attempt } from '../journal/errors.js';
import { eventWriter } from '../journal/events.js';
import { EPOCH_SETTING } from '../journal/steps/uplink-queue.js';
import { type BacklogRow, OVERFLOW_EVENT, type WhenFull, isFull, readBacklog } from '../journal/uplink-queue.js';

/** One pending record as read for a batch. */
export interface QueueRow {
  readonly seq: number;
  readonly kind: RecordKind;
  readonly id: string;
  readonly at: string;
  /** Canonical JSON. */
  readonly payload: string;
}

/** What waits to go up, and the bound on it. */
export interface BacklogSummary {
  /** The gate started with an uplink (config `uplink`) the last time. */
  readonly enabled: boolean;
  readonly records: number;
  readonly bytes: number;
  /** When the oldest waiting record was journaled; null when none waits. */
  readonly oldestAt: string | null;
  /** Dropped by a full backlog since the journal was created. */
  readonly dropped: number;
  readonly setAside: number;
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly whenFull: WhenFull;
  /** At a cap. */
  readonly full: boolean;
}

/** What applying one ack did. */
export interface AckOutcome {
  /** Records the platform has: deleted from the queue. */
  readonly acknowledged: number;
  /** Records set aside with the platform's reason. */
  readonly setAside: readonly { readonly seq: number; readonly kind: RecordKind; readonly id: string; readonly reason: string }[];
  /** Seqs the ack named that were not in the batch (ignored). */
  readonly foreign: number;
}

export interface BatchLimits {
  readonly records: number;
  readonly bytes: number;
}

const row = z.strictObject({ seq: z.int(), kind: z.enum(RECORD_KINDS as [RecordKind, ...RecordKind[]]), id: z.string(), at: z.string(), payload: z.string(), urgent: z.int() });
const rows = z.array(row);
const freePages = z.int().nonnegative();

/** A record the platform rejected, as `gate uplink set-aside` lists it. */
export const setAsideRow = z.strictObject({ seq: z.int(), kind: z.string(), id: z.string(), at: z.string(), reason: z.string().nullable(), set_aside_at: z.string().nullable() });
export type SetAsideRow = z.infer<typeof setAsideRow>;
const setAsideRows = z.array(setAsideRow);

export class UplinkStore {
  private readonly next: Statement;
  private readonly remove: Statement;
  private readonly setAside: Statement;
  private readonly oldestAt: Statement;
  private readonly resetEpisode: Statement;
  private readonly writeEvent: ReturnType<typeof eventWriter>;
  private readonly listSetAside: Statement;
  private readonly requeueAll: Statement;
  private readonly requeueOne: Statement;

  private constructor(
    private readonly db: Database,
    /** This install's epoch (migration 0005). */
    readonly epoch: string,
    /** This connection checkpoints the WAL itself (no checkpointer beside it). */
    private readonly checkpoints: boolean,
  ) {
    // Urgent rows (the overflow event) first; a batch never mixes the two, so it is in ascending seq.
    this.next = db.prepare("SELECT seq, kind, id, at, payload, urgent FROM uplink_queue WHERE state = 'pending' ORDER BY urgent DESC, seq LIMIT ?");
    this.remove = db.prepare("DELETE FROM uplink_queue WHERE seq = ? AND state = 'pending'");
    this.setAside = db.prepare("UPDATE uplink_queue SET state = 'set-aside', reason = ?, set_aside_at = ? WHERE seq = ? AND state = 'pending'");
    // The oldest by seq (the rowid: no scan), which is the oldest journaled but for a clock that stepped back.
    this.oldestAt = db.prepare("SELECT at FROM uplink_queue WHERE state = 'pending' ORDER BY seq LIMIT 1").pluck();
    this.writeEvent = eventWriter(db);
    this.listSetAside = db.prepare("SELECT seq, kind, id, at, reason, set_aside_at FROM uplink_queue WHERE state = 'set-aside' ORDER BY seq");
    this.requeueAll = db.prepare("UPDATE uplink_queue SET state = 'pending', reason = NULL, set_aside_at = NULL WHERE state = 'set-aside'");
    this.requeueOne = db.prepare("UPDATE uplink_queue SET state = 'pending', reason = NULL, set_aside_at = NULL WHERE state = 'set-aside' AND seq = ?");
    this.resetEpisode = db.prepare(
      'UPDATE uplink_backlog SET episode_dropped = 0, episode_bytes = 0, episode_from_seq = NULL, episode_to_seq = NULL, episode_from_at = NULL, episode_to_at = NULL WHERE one = 1',
    );
  }

  /**
   * Opens its own connection to the journal at `file` (already created and migrated by the gate's Journal).
   * `checkpoints: false` when a checkpointer runs beside it (checkpointer.ts): this connection then never
   * checkpoints in its own commits. An acknowledged copy is zeroed as it is deleted (`secure_delete`: a
   * deleted row's bytes would otherwise stay in its page), as the journal's retention purge does.
   */
  static open(file: string, opts: { readonly checkpoints?: boolean } = {}): Result<UplinkStore, Failure<OpenErrorCode | JournalErrorCode>> {
    const opened = openJournalDb(file);
    if (!opened.ok) return opened;
    const db = opened.value;
    const epoch = attempt(() => {
      db.pragma('synchronous = NORMAL');
      db.pragma('secure_delete = ON');
      if (opts.checkpoints === false) db.pragma('wal_autocheckpoint = 0');
      return z.string().parse(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(EPOCH_SETTING));
    });
    if (!epoch.ok) {
      db.close();
      return epoch;
    }
    return ok(new UplinkStore(db, epoch.value, opts.checkpoints !== false));
  }

  /** The next batch: pending rows in order (urgent first, never mixed), at most `limits.records`, and within `limits.bytes` unless one row alone is larger. */
  nextBatch(limits: BatchLimits): QueueRow[] {
    const found = rows.parse(this.next.all(limits.records));
    const urgent = found[0]?.urgent;
    const batch: QueueRow[] = [];
    let bytes = 0;
    for (const r of found) {
      if (r.urgent !== urgent) break;
      bytes += r.payload.length;
      if (batch.length > 0 && bytes > limits.bytes) break;
      batch.push({ seq: r.seq, kind: r.kind, id: r.id, at: r.at, payload: r.payload });
    }
    return batch;
  }

  /**
   * Applies the platform's ack for a batch of `sent` rows, in one transaction: every row with seq ≤
   * `ack.accepted` that is not rejected is acknowledged (deleted: the journal keeps the record for its
   * retention); each rejected one is set aside with its reason, and an `uplink.set-aside` event journaled.
   */
  acknowledge(sent: readonly QueueRow[], ack: Ack, now: string): AckOutcome {
    const inBatch = new Map(sent.map((r) => [r.seq, r]));
    const rejected = new Map<number, string>();
    let foreign = 0;
    for (const r of ack.rejected) {
      if (inBatch.has(r.seq)) rejected.set(r.seq, r.reason);
      else foreign++;
    }
    return this.commit(rejected.size > 0, (): AckOutcome => {
      let acknowledged = 0;
      const setAside: { seq: number; kind: RecordKind; id: string; reason: string }[] = [];
      for (const r of sent) {
        const reason = rejected.get(r.seq);
        if (reason !== undefined) {
          if (this.setAside.run(reason, now, r.seq).changes === 1) {
            setAside.push({ seq: r.seq, kind: r.kind, id: r.id, reason });
            this.writeEvent({ at: now, kind: 'uplink.set-aside', detail: { seq: r.seq, kind: r.kind, id: r.id, reason } });
          }
        } else if (ack.accepted !== null && r.seq <= ack.accepted) acknowledged += this.remove.run(r.seq).changes;
      }
      return { acknowledged, setAside, foreign };
    });
  }

  /**
   * When records were dropped since the last announcement, journals the `uplink.overflow` event (which is
   * queued urgent, so it goes up next) and starts a new episode; both in one transaction. Returns the event's
   * detail, or undefined when nothing was dropped.
   */
  announceOverflow(now: string): Readonly<Record<string, number | string | null>> | undefined {
    if (readBacklog(this.db).episode_dropped === 0) return undefined; // the common case: no write at all
    return this.commit(true, () => {
      const b = readBacklog(this.db);
      if (b.episode_dropped === 0) return undefined;
      const detail = {
        dropped: b.episode_dropped,
        droppedBytes: b.episode_bytes,
        fromSeq: b.episode_from_seq,
        toSeq: b.episode_to_seq,
        fromAt: b.episode_from_at,
        toAt: b.episode_to_at,
        droppedTotal: b.dropped,
      };
      this.resetEpisode.run();
      this.writeEvent({ at: now, kind: OVERFLOW_EVENT, detail });
      return detail;
    });
  }

  /** The records set aside, oldest first, with the platform's reason. */
  setAsideRows(): SetAsideRow[] {
    return setAsideRows.parse(this.listSetAside.all());
  }

  /**
   * Puts set-aside records back in line (all, or the one with `seq`), once the platform takes them, and
   * journals an `uplink.requeued` event. Returns how many went back.
   */
  requeue(now: string, seq?: number): number {
    return this.commit(true, () => {
      const n = (seq === undefined ? this.requeueAll.run() : this.requeueOne.run(seq)).changes;
      if (n > 0) this.writeEvent({ at: now, kind: 'uplink.requeued', detail: { records: n, seq: seq ?? null } });
      return n;
    });
  }

  /**
   * Runs `body` in one IMMEDIATE transaction; `journals`: it may write a journal record (an event), so it
   * commits at `synchronous = FULL` like every record, and the connection goes back to NORMAL after.
   */
  private commit<T>(journals: boolean, body: () => T): T {
    if (!journals) return this.db.transaction(body).immediate();
    this.db.pragma('synchronous = FULL');
    try {
      return this.db.transaction(body).immediate();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /** `PRAGMA synchronous` on this connection now: 1 (NORMAL) between transactions. For tests. */
  synchronousMode(): number {
    return z.int().parse(this.db.pragma('synchronous', { simple: true }));
  }

  /** The backlog as the view, the CLI and the heartbeat show it. */
  summary(): BacklogSummary {
    const b = this.backlog();
    return {
      enabled: b.enabled === 1,
      records: b.records,
      bytes: b.bytes,
      oldestAt: b.oldest_at,
      dropped: b.dropped,
      setAside: b.set_aside,
      maxRecords: b.max_records,
      maxBytes: b.max_bytes,
      whenFull: b.when_full,
      full: isFull(b),
    };
  }

  backlog(): BacklogRow & { readonly oldest_at: string | null } {
    return { ...readBacklog(this.db), oldest_at: z.string().nullable().parse(this.oldestAt.get() ?? null) };
  }

  /**
   * Gives the file back a step of what drained records freed: up to `pages` free pages by incremental vacuum
   * (migration 0006), few enough that a decision waiting behind it hardly notices (about 1.5 ms); once none
   * are left, and only where no checkpointer runs beside this connection, a WAL checkpoint (TRUNCATE: the -wal
   * file back to empty). With a checkpointer the WAL is its business: a TRUNCATE here would wait, on the gate's
   * thread, for the checkpointer's read to end. True when nothing is left to do. Best effort: a busy journal
   * is tried again at the next idle poll.
   */
  maintain(pages = 1024): boolean {
    const done = attempt(() => {
      if (freePages.parse(this.db.pragma('freelist_count', { simple: true })) > 0) {
        this.db.pragma(`incremental_vacuum(${pages})`);
        return false;
      }
      if (this.checkpoints) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return true;
    });
    return done.ok && done.value;
  }

  close(): void {
    this.db.close();
  }
}
