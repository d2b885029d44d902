import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { resourcePath } from '../resources.js';
import type { DeviceKeyErrorCode } from './device-key.js';
import { incrementalVacuum } from './steps/incremental-vacuum.js';
import { scrub } from './steps/scrub.js';
import { uplinkQueue } from './steps/uplink-queue.js';
import { verifiableJournal } from './steps/verifiable-journal.js';

/**
 * One forward-only schema step, from `resources/migrations/NNNN_name.sql` (found from the TS source
 * under vitest and from the compiled out/main/ alike, see main/resources.ts), with its code part if it has one.
 */
export interface Migration {
  /** NNNN: the `PRAGMA user_version` the database has once this step is applied. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly code?: MigrationCode;
}

/** Failures a step's code part reports (anything else it meets is a bug and throws). */
export type StepErrorCode =
  /** An old journal holds a decision whose body is not JSON (the file was edited): it cannot be rebuilt. */
  | 'journal.unmigratable'
  /** A key in an old journal's settings differs from the key file already in the data folder: neither is overwritten. */
  | 'journal.key-conflict'
  /** The WAL could not be emptied (another connection holds the journal); the step runs again at the next open. */
  | 'journal.scrub-incomplete'
  | DeviceKeyErrorCode;

export type MigrationErrorCode = 'journal.too-new' | StepErrorCode;

/**
 * What a step needs besides SQL: code that runs around it (hashing existing rows, moving keys to files).
 * `run` runs the step's SQL by calling `sql()` where it needs it.
 */
export type MigrationCode =
  | {
      /** Inside the step's IMMEDIATE transaction, with its version bump: a failure rolls the whole step back. */
      readonly transaction: true;
      /**
       * The step rebuilds a table that others reference: it runs with foreign_keys OFF (set outside the
       * transaction, where the pragma takes effect), and `foreign_key_check` must find no violation the step
       * made before it commits (SQLite's 12-step table rebuild).
       */
      readonly foreignKeysOff: boolean;
      readonly run: (db: Database, sql: () => void) => Result<void, Failure<StepErrorCode>>;
    }
  | {
      /**
       * Outside any transaction (VACUUM cannot run in one); the version is set once `run` succeeds, so a
       * step cut short runs again at the next open and must be safe to repeat.
       */
      readonly transaction: false;
      readonly run: (db: Database, sql: () => void) => Result<void, Failure<StepErrorCode>>;
    };

/** The code parts of the shipped steps, by version. */
const CODE: ReadonlyMap<number, MigrationCode> = new Map([
  [3, verifiableJournal],
  [4, scrub],
  [5, uplinkQueue],
  [6, incrementalVacuum],
]);

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

let cached: readonly Migration[] | undefined;

/**
 * The migrations shipped with the code, in order. They must be numbered 1, 2, 3 … without gaps or
 * duplicates, and every code part must have its SQL file; anything else is a packaging bug and throws.
 */
export function shippedMigrations(): readonly Migration[] {
  if (cached !== undefined) return cached;
  const dir = resourcePath('migrations');
  const found = readdirSync(dir)
    .flatMap((f): Migration[] => {
      const m = FILE.exec(f);
      if (m?.[1] === undefined || m[2] === undefined) return [];
      const version = Number(m[1]);
      const code = CODE.get(version);
      const sql = readFileSync(join(dir, f), 'utf8');
      return [code === undefined ? { version, name: m[2], sql } : { version, name: m[2], sql, code }];
    })
    .sort((a, b) => a.version - b.version);
  found.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${dir}: migration ${m.version}_${m.name} found where ${i + 1} was expected`);
  });
  for (const version of CODE.keys()) {
    if (!found.some((m) => m.version === version)) throw new Error(`${dir}: the code part of migration ${version} has no SQL file`);
  }
  return (cached = found);
}

const userVersion = z.int().nonnegative();

/** The database's schema version (`PRAGMA user_version`; 0 for a new file). */
export const schemaVersion = (db: Database): number => userVersion.parse(db.pragma('user_version', { simple: true }));

/** A database written by newer code: this code must not guess at its schema. */
export const tooNew = (found: number, known: number): Failure<'journal.too-new'> =>
  failure('journal.too-new', `journal schema version ${found} is newer than this program knows (${known})`);

/**
 * Brings `db` up to the last of `migrations`. Each step runs in its own IMMEDIATE transaction together
 * with its `user_version` bump, so a crash leaves the database at a whole step and a concurrent opener
 * re-checks the version under the write lock — except steps whose code part says `transaction: false`,
 * which run bare and set their version afterwards. `migrations[i].version` must be `i + 1`.
 * A step's code part reports its failures (the step leaves nothing behind); SQLite errors propagate:
 * a migration that fails on SQL is a bug.
 */
export function migrate(db: Database, migrations: readonly Migration[]): Result<{ applied: number }, Failure<MigrationErrorCode>> {
  const known = migrations.length;
  const found = schemaVersion(db);
  if (found > known) return err(tooNew(found, known));
  let applied = 0;
  for (const m of migrations.slice(found)) {
    const step = m.code?.transaction === false ? bareStep(db, m, m.code) : transactionalStep(db, m);
    if (!step.ok) return step;
    if (step.value) applied++;
  }
  return ok({ applied });
}

/** Carries a code part's failure out of the transaction, which rolls back as it passes. */
class StepFailed extends Error {
  constructor(readonly failure: Failure<StepErrorCode>) {
    super(failure.message);
  }
}

const foreignKeyViolations = (db: Database): Set<string> => new Set((db.pragma('foreign_key_check') as unknown[]).map((v) => JSON.stringify(v)));

/** `ok(true)` when it applied the step, `ok(false)` when another opener had already. */
function transactionalStep(db: Database, m: Migration): Result<boolean, Failure<StepErrorCode>> {
  const code = m.code?.transaction === true ? m.code : undefined;
  const foreignKeysOff = code?.foreignKeysOff === true;
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  if (foreignKeysOff) db.pragma('foreign_keys = OFF');
  try {
    return db
      .transaction((): Result<boolean, never> => {
        if (schemaVersion(db) >= m.version) return ok(false);
        const before = foreignKeysOff ? foreignKeyViolations(db) : undefined;
        const sql = (): void => {
          db.exec(m.sql);
        };
        if (code === undefined) sql();
        else {
          const r = code.run(db, sql);
          if (!r.ok) throw new StepFailed(r.error);
        }
        if (before !== undefined) {
          const made = [...foreignKeyViolations(db)].filter((v) => !before.has(v));
          if (made.length > 0) throw new Error(`migration ${m.version}_${m.name} broke foreign keys: ${made.join(', ')}`);
        }
        db.pragma(`user_version = ${m.version}`);
        return ok(true);
      })
      .immediate();
  } catch (e) {
    if (e instanceof StepFailed) return err(e.failure);
    throw e;
  } finally {
    if (foreignKeysOff) db.pragma(`foreign_keys = ${Number(foreignKeys)}`);
  }
}

function bareStep(db: Database, m: Migration, code: MigrationCode): Result<boolean, Failure<StepErrorCode>> {
  if (schemaVersion(db) >= m.version) return ok(false);
  const r = code.run(db, () => {
    db.exec(m.sql);
  });
  if (!r.ok) return r;
  db.pragma(`user_version = ${m.version}`);
  return ok(true);
}
