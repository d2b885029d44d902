import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type JournalErrorCode, sqliteFailure } from './errors.js';
import { type MigrationErrorCode, migrate, schemaVersion, shippedMigrations, tooNew } from './migrations.js';

export type OpenErrorCode =
  | JournalErrorCode
  /** The file (or its folder) cannot be opened; for readonly opens, it does not exist. */
  | 'journal.cant-open'
  /** The file system refused WAL mode (no shared memory, say): no concurrent export, so no start. */
  | 'journal.no-wal'
  /** Written by newer code (schema version above the last shipped migration), or a step's code part failed (migrations.ts). */
  | MigrationErrorCode
  /** A readonly open found a schema older than this code's: start the gate once to migrate it. */
  | 'journal.not-migrated';

/**
 * How long a statement waits for another connection's lock before failing with `journal.busy`.
 * Kept short: better-sqlite3 is synchronous, so the wait blocks the main process.
 */
const BUSY_TIMEOUT_MS = 2_000;

/**
 * The WAL checkpoint policy of the writing connection. SQLite checkpoints (PASSIVE) after a commit that leaves
 * more than WAL_AUTOCHECKPOINT_PAGES pages in the WAL, and starts the WAL over once every reader is past it;
 * WAL_SIZE_LIMIT_BYTES then truncates the file when it starts over, so a burst (a register import, a purge,
 * a long export holding the WAL) does not leave a large file behind for good. The WAL is bounded by about
 * the limit plus one transaction, unless a reader holds one snapshot open without end.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 1000;
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/** `PRAGMA synchronous` values. */
const SYNCHRONOUS_FULL = 2;

const int = z.int();
const text = z.string();

/**
 * Opens the journal database.
 *
 * Writers (the default) get `journal_mode=WAL`, `synchronous=FULL` — set explicitly, because
 * better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (NORMAL), which loses acknowledged
 * commits on power loss — `foreign_keys=ON`, a busy timeout, the WAL checkpoint policy (below), and then every shipped migration not yet
 * applied (which may move keys out of an old journal into files beside it: migrations.ts). A synchronous mode other than FULL after setting it is a broken invariant and throws.
 *
 * `readonly` opens (export and verify while the gate runs) never migrate or write; they fail with
 * `journal.cant-open` for a missing file and `journal.not-migrated` for an older schema. Both kinds
 * fail with `journal.too-new` for a newer one. The caller owns the returned connection and closes it.
 */
export function openJournalDb(file: string, opts: { readonly?: boolean } = {}): Result<Database.Database, Failure<OpenErrorCode>> {
  const readonly = opts.readonly === true;
  // better-sqlite3 throws a TypeError, not an SqliteError, for a missing folder.
  if (!existsSync(dirname(file))) return err(failure('journal.cant-open', `cannot open ${file}: no folder ${dirname(file)}`));
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (e) {
    if (e instanceof Database.SqliteError && e.code.startsWith('SQLITE_CANTOPEN')) {
      return err(failure('journal.cant-open', `cannot open ${file}: ${e.message}`));
    }
    return err(sqliteFailure(e));
  }
  try {
    const prepared = readonly ? checkReadonly(db) : prepareWriter(db, file);
    if (!prepared.ok) db.close();
    return prepared;
  } catch (e) {
    db.close();
    return err(sqliteFailure(e));
  }
}

function prepareWriter(db: Database.Database, file: string): Result<Database.Database, Failure<OpenErrorCode>> {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = text.parse(db.pragma('journal_mode = WAL', { simple: true }));
  if (mode !== 'wal') return err(failure('journal.no-wal', `${file}: journal_mode stayed "${mode}", WAL refused`));
  db.pragma('synchronous = FULL');
  const sync = int.parse(db.pragma('synchronous', { simple: true }));
  if (sync !== SYNCHRONOUS_FULL) throw new Error(`${file}: synchronous is ${sync} after setting FULL (2)`);
  db.pragma('foreign_keys = ON');
  if (int.parse(db.pragma('foreign_keys', { simple: true })) !== 1) throw new Error(`${file}: foreign_keys stayed off`);
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const migrated = migrate(db, shippedMigrations());
  return migrated.ok ? ok(db) : migrated;
}

function checkReadonly(db: Database.Database): Result<Database.Database, Failure<OpenErrorCode>> {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const known = shippedMigrations().length;
  const found = schemaVersion(db);
  if (found > known) return err(tooNew(found, known));
  if (found < known) return err(failure('journal.not-migrated', `journal schema version ${found}, this program needs ${known}`));
  return ok(db);
}
