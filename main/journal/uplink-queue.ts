/**
 * The upstream queue's writing side (table `uplink_queue`, migration 0005): every record the journal commits
 * — decision, event, policy change, sealed registration, purge checkpoint — is queued in the same
 * transaction, so a record is either journaled and queued or neither. The backlog's bound applies here:
 * `drop-oldest` deletes the oldest pending rows past the cap and counts them into the open overflow episode
 * (announced later by an `uplink.overflow` event, main/uplink/store.ts); `refuse-admit` drops nothing and
 * lets lanes see the backlog is full (DecisionRecorder turns admits into referrals).
 *
 * Works on any writing connection to the journal (the gate's, the registers importer's): the switch and the
 * caps live in the `uplink_backlog` row the gate writes at start, not in this process.
 */
import type { Database, Statement } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import type { RecordKind } from '../../src/uplink/wire.js';

/** The kind of event that announces dropped records; it goes up before anything else. */
export const OVERFLOW_EVENT = 'uplink.overflow';

/** One record to queue: its payload is JSON data, written as canonical JSON and never rewritten. */
export interface QueuedRecord {
  readonly kind: RecordKind;
  /** Stable and unique across kinds: the decision id, the sealed id, `<kind>:<row id>`. */
  readonly id: string;
  /** ISO instant (stored form). */
  readonly at: string;
  /** The payload, already canonical JSON (a decision body), or JSON data to canonicalize. */
  readonly payload: string | Readonly<Record<string, unknown>>;
  readonly urgent?: boolean;
}

export const WHEN_FULL = ['drop-oldest', 'refuse-admit'] as const;
export type WhenFull = (typeof WHEN_FULL)[number];

/** What the gate writes at start (config `uplink`); `enabled: false` when it has no uplink. */
export interface QueueSettings {
  readonly enabled: boolean;
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly whenFull: WhenFull;
}

const backlogRow = z.strictObject({
  enabled: z.union([z.literal(0), z.literal(1)]),
  max_records: z.int(),
  max_bytes: z.int(),
  when_full: z.enum(WHEN_FULL),
  records: z.int(),
  bytes: z.int(),
  set_aside: z.int(),
  dropped: z.int(),
  dropped_bytes: z.int(),
  episode_dropped: z.int(),
  episode_bytes: z.int(),
  episode_from_seq: z.int().nullable(),
  episode_to_seq: z.int().nullable(),
  episode_from_at: z.string().nullable(),
  episode_to_at: z.string().nullable(),
});
export type BacklogRow = z.infer<typeof backlogRow>;

const oldest = z.strictObject({ seq: z.int(), at: z.string(), bytes: z.int() }).optional();

interface Statements {
  readonly backlog: Statement;
  readonly insert: Statement;
  readonly oldestPending: Statement;
  readonly drop: Statement;
  readonly countDrop: Statement;
  readonly configure: Statement;
}

const prepared = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  const known = prepared.get(db);
  if (known !== undefined) return known;
  const s: Statements = {
    backlog: db.prepare('SELECT enabled, max_records, max_bytes, when_full, records, bytes, set_aside, dropped, dropped_bytes, episode_dropped, episode_bytes, episode_from_seq, episode_to_seq, episode_from_at, episode_to_at FROM uplink_backlog WHERE one = 1'),
    insert: db.prepare('INSERT INTO uplink_queue (kind, id, at, payload, urgent) VALUES (?, ?, ?, ?, ?)'),
    oldestPending: db.prepare("SELECT seq, at, length(payload) AS bytes FROM uplink_queue WHERE state = 'pending' ORDER BY seq LIMIT 1"),
    drop: db.prepare('DELETE FROM uplink_queue WHERE seq = ?'),
    countDrop: db.prepare(
      `UPDATE uplink_backlog SET dropped = dropped + 1, dropped_bytes = dropped_bytes + @bytes,
         episode_dropped = episode_dropped + 1, episode_bytes = episode_bytes + @bytes,
         episode_from_seq = coalesce(min(episode_from_seq, @seq), @seq), episode_to_seq = coalesce(max(episode_to_seq, @seq), @seq),
         episode_from_at = coalesce(min(episode_from_at, @at), @at), episode_to_at = coalesce(max(episode_to_at, @at), @at)
       WHERE one = 1`,
    ),
    configure: db.prepare(
      `INSERT INTO uplink_backlog (one, enabled, max_records, max_bytes, when_full) VALUES (1, @enabled, @maxRecords, @maxBytes, @whenFull)
       ON CONFLICT (one) DO UPDATE SET enabled = excluded.enabled, max_records = excluded.max_records, max_bytes = excluded.max_bytes, when_full = excluded.when_full`,
    ),
  };
  prepared.set(db, s);
  return s;
}

/** The backlog row (written by migration 0005, so always there on a migrated journal). */
export function readBacklog(db: Database): BacklogRow {
  return backlogRow.parse(statements(db).backlog.get());
}

/** The backlog is at its cap (records or bytes). */
export const isFull = (b: BacklogRow): boolean => b.records >= b.max_records || b.bytes >= b.max_bytes;

/**
 * Queues `r` inside the caller's write transaction (throws outside one), unless the uplink is disabled;
 * then, under `drop-oldest`, drops the oldest pending rows until the backlog is within its caps, each counted.
 * An urgent record (the overflow announcement) drops nothing: announcing a drop must not cause the next one.
 */
export function enqueue(db: Database, r: QueuedRecord): void {
  if (!db.inTransaction) throw new Error('uplink records are queued inside the journal’s write transaction');
  const s = statements(db);
  if (readBacklog(db).enabled === 0) return;
  const payload = typeof r.payload === 'string' ? r.payload : canonicalize(r.payload);
  s.insert.run(r.kind, r.id, r.at, payload, r.urgent === true ? 1 : 0);
  if (r.urgent !== true) trim(db);
}

/** Applies `drop-oldest` until the backlog is within its caps; nothing under `refuse-admit` or when disabled. Inside a write transaction. */
export function trim(db: Database): number {
  const s = statements(db);
  let dropped = 0;
  for (let b = readBacklog(db); b.enabled === 1 && b.when_full === 'drop-oldest' && (b.records > b.max_records || b.bytes > b.max_bytes); b = readBacklog(db)) {
    const victim = oldest.parse(s.oldestPending.get());
    if (victim === undefined) break;
    s.drop.run(victim.seq);
    s.countDrop.run(victim);
    dropped++;
  }
  return dropped;
}

/** Writes the gate's uplink settings into the backlog row and applies the (possibly lowered) caps at once. */
export function configureQueue(db: Database, settings: QueueSettings): number {
  return db
    .transaction(() => {
      statements(db).configure.run({ ...settings, enabled: settings.enabled ? 1 : 0 });
      return trim(db);
    })
    .immediate();
}
