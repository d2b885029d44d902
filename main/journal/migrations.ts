import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { resourcePath } from '../resources.js';

/**
 * One forward-only schema step, from `resources/migrations/NNNN_name.sql` (found from the TS source
 * under vitest and from the compiled out/main/ alike, see main/resources.ts).
 */
export interface Migration {
  /** NNNN: the `PRAGMA user_version` the database has once this step is applied. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

let cached: readonly Migration[] | undefined;

/**
 * The migrations shipped with the code, in order. They must be numbered 1, 2, 3 … without gaps or
 * duplicates; anything else is a packaging bug and throws.
 */
export function shippedMigrations(): readonly Migration[] {
  if (cached !== undefined) return cached;
  const dir = resourcePath('migrations');
  const found = readdirSync(dir)
    .flatMap((f) => {
      const m = FILE.exec(f);
      return m?.[1] === undefined || m[2] === undefined ? [] : [{ version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, f), 'utf8') }];
    })
    .sort((a, b) => a.version - b.version);
  found.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${dir}: migration ${m.version}_${m.name} found where ${i + 1} was expected`);
  });
  return (cached = found);
}

const userVersion = z.int().nonnegative();

/** The database's schema version (`PRAGMA user_version`; 0 for a new file). */
export const schemaVersion = (db: Database): number => userVersion.parse(db.pragma('user_version', { simple: true }));

/** A database written by newer code: this code must not guess at its schema. */
export const tooNew = (found: number, known: number): Failure<'journal.too-new'> =>
  failure('journal.too-new', `journal schema version ${found} is newer than this program knows (${known})`);

/**
 * Brings `db` up to the last of `migrations`, each step in its own IMMEDIATE transaction together with
 * its `user_version` bump, so a crash leaves the database at a whole step and a concurrent opener
 * re-checks the version under the write lock. `migrations[i].version` must be `i + 1`.
 * SQLite errors propagate: a migration that fails is a bug.
 */
export function migrate(db: Database, migrations: readonly Migration[]): Result<{ applied: number }, Failure<'journal.too-new'>> {
  const known = migrations.length;
  const found = schemaVersion(db);
  if (found > known) return err(tooNew(found, known));
  let applied = 0;
  for (const m of migrations.slice(found)) {
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      applied++;
    }).immediate();
  }
  return ok({ applied });
}
