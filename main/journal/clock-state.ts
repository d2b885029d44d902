/**
 * What the journal keeps about the clock between runs (docs/bundles.md §Time): the clock monitor's last
 * state in the `settings` row `clock_state`, and the latest instant the journal holds. A restart reads
 * both to decide whether the clock may be trusted again; `gate purge`, which runs in a process of its
 * own, reads them to refuse a clock the gate distrusted or one that reads before what is journaled.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';
import { attempt } from './errors.js';

export const CLOCK_STATE_SETTING = 'clock_state';

const epochMs = z.number().finite();

/** The monitor's state as persisted (JSON in `settings`). */
export const persistedClock = z.strictObject({
  v: z.literal(1),
  trusted: z.boolean(),
  /** Why it is untrusted (a ClockDistrust reason); null when trusted. */
  reason: z.string().max(64).nullable(),
  /** Epoch ms of the last time a source vouched for the clock (or the first start); null if never. */
  lastGoodSync: epochMs.nullable(),
  /** The wall clock (epoch ms) when this was written: a later start that reads earlier went back in time. */
  referenceAt: epochMs,
  /**
   * Entries dated up to this instant (epoch ms) were journaled while the clock ran ahead, before the sync
   * that trusted it again: they are not "the journal's latest" for a clock known right since. Null: none.
   */
  aheadUntil: epochMs.nullable(),
});
export type PersistedClock = z.infer<typeof persistedClock>;

export type ClockStateErrorCode = 'clock.state-invalid';

/** The persisted state; undefined before any was written. A row that is not one (edited, corrupt) is `clock.state-invalid`. */
export function readClockState(db: Database): Result<PersistedClock | undefined, Failure> {
  const row = attempt(() => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(CLOCK_STATE_SETTING));
  if (!row.ok) return row;
  if (row.value === undefined) return ok(undefined);
  let json: unknown;
  try {
    json = JSON.parse(String(row.value));
  } catch {
    return err(failure('clock.state-invalid', `settings ${CLOCK_STATE_SETTING} is not JSON`));
  }
  const parsed = persistedClock.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(failure('clock.state-invalid', `settings ${CLOCK_STATE_SETTING}: ${issueLines(parsed.error, '(state)').join('; ')}`));
}

export function writeClockState(db: Database, state: PersistedClock): Result<void, Failure> {
  return attempt(() => {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(CLOCK_STATE_SETTING, JSON.stringify(state));
  });
}

/** The tables whose `at` is indexed (so `max(at)` is one index lookup each) and that every entry of the journal lands in. */
const TIMED_TABLES = ['decisions', 'events', 'policy_changes', 'sealed_registrations'] as const;

/** Epoch ms of the latest `at` the journal holds (decisions, events, policy changes, sealed registrations); null when empty. */
export function latestEntryAt(db: Database): Result<number | null, Failure> {
  const latest = attempt(() => {
    const sql = `SELECT max(at) FROM (${TIMED_TABLES.map((t) => `SELECT max(at) AS at FROM ${t}`).join(' UNION ALL ')})`;
    return db.prepare(sql).pluck().get();
  });
  if (!latest.ok) return latest;
  if (latest.value === null || latest.value === undefined) return ok(null);
  const ms = Date.parse(String(latest.value));
  return Number.isFinite(ms) ? ok(ms) : err(failure('clock.state-invalid', `the journal's latest entry is not an instant: ${JSON.stringify(String(latest.value)).slice(0, 64)}`));
}

/**
 * The instant (epoch ms) a trustworthy wall clock cannot read earlier than: the persisted reference, and
 * the journal's latest entry unless that dates from a period the clock ran ahead (`aheadUntil`). Null when
 * neither exists.
 */
export function notBefore(state: PersistedClock | undefined, latest: number | null): number | null {
  const entries = latest !== null && (state === undefined || state.aheadUntil === null || latest > state.aheadUntil) ? latest : null;
  const reference = state?.referenceAt ?? null;
  return entries === null ? reference : reference === null ? entries : Math.max(entries, reference);
}
