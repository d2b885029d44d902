import Database from 'better-sqlite3';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';

/** Expected storage failures, mapped from SQLite's result codes (extended codes fold into their primary). */
export type JournalErrorCode =
  /** SQLITE_FULL: the disk (or a size limit) is full; the connection stays usable once space is freed. */
  | 'journal.full'
  /** SQLITE_IOERR_*: the OS reported an I/O error. */
  | 'journal.io'
  /** SQLITE_BUSY_* / SQLITE_LOCKED_*: another connection held the lock past busy_timeout. */
  | 'journal.busy'
  /** SQLITE_READONLY_*: the file or its folder is not writable (or was moved). */
  | 'journal.readonly'
  /** SQLITE_CORRUPT_* / SQLITE_NOTADB: the file is damaged or not a database. */
  | 'journal.corrupt'
  /** SQLITE_CONSTRAINT_*: a duplicate decision id, say, or a trigger that aborted. */
  | 'journal.constraint';

const PRIMARY: ReadonlyArray<readonly [string, JournalErrorCode]> = [
  ['SQLITE_FULL', 'journal.full'],
  ['SQLITE_IOERR', 'journal.io'],
  ['SQLITE_BUSY', 'journal.busy'],
  ['SQLITE_LOCKED', 'journal.busy'],
  ['SQLITE_READONLY', 'journal.readonly'],
  ['SQLITE_CORRUPT', 'journal.corrupt'],
  ['SQLITE_NOTADB', 'journal.corrupt'],
  ['SQLITE_CONSTRAINT', 'journal.constraint'],
];

/** The code for an SQLite error code such as `SQLITE_IOERR_FSYNC`, or undefined when it is not an expected failure. */
function codeFor(sqliteCode: string): JournalErrorCode | undefined {
  return PRIMARY.find(([p]) => sqliteCode === p || sqliteCode.startsWith(`${p}_`))?.[1];
}

/** Maps an expected SqliteError to a failure value; rethrows anything else (a bug: bad SQL, misuse, OOM). */
export function sqliteFailure(e: unknown): Failure<JournalErrorCode> {
  if (!(e instanceof Database.SqliteError)) throw e;
  const code = codeFor(e.code);
  if (code === undefined) throw e;
  return failure(code, `${e.code}: ${e.message}`);
}

/** Runs `fn`, turning expected SQLite failures into values (see {@link sqliteFailure}). */
export function attempt<T>(fn: () => T): Result<T, Failure<JournalErrorCode>> {
  try {
    return ok(fn());
  } catch (e) {
    return err(sqliteFailure(e));
  }
}
