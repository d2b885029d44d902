import type { Database } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { chainAppender } from './row-chain.js';
import { OVERFLOW_EVENT, enqueue } from './uplink-queue.js';
import { storedInstant } from './time.js';

/** A counted operational event (garbled frame, unrecognised scan, register import, clock jump, …). */
export interface JournalEvent {
  /** ISO instant. */
  readonly at: string;
  readonly kind: string;
  /** Stored as canonical JSON; must be JSON data (no NaN, no functions). */
  readonly detail: Record<string, unknown>;
}

/** Stored form of an injected-clock instant. A clock that yields a non-instant is a bug, so this throws. */
export function instant(iso: string, what: string): string {
  const stored = storedInstant(iso);
  if (stored === undefined) throw new Error(`${what} is not an ISO instant: ${JSON.stringify(iso)}`);
  return stored;
}

/**
 * A writer of `events` rows on `db`, each with its chain link (row-chain.ts) and its uplink record
 * (uplink-queue.ts; an `uplink.overflow` event goes first), for callers that journal an event inside their
 * own write transaction (a register import, a purge; it throws outside one). `at` must be an ISO instant and
 * `detail` JSON data (throws); SQLite errors propagate to the caller's transaction.
 */
export function eventWriter(db: Database): (e: JournalEvent) => void {
  const append = chainAppender(db, 'events');
  return (e) => {
    const at = instant(e.at, 'event at');
    const detail = canonicalize(e.detail);
    const { id, hash } = append({ at, kind: e.kind, detail });
    enqueue(db, { kind: 'event', id: `event:${id}`, at, payload: { id, at, kind: e.kind, detail: JSON.parse(detail) as unknown, hash }, urgent: e.kind === OVERFLOW_EVENT });
  };
}
