/** Shared by the register tests: a migrated journal in a temp folder, with a writing and a register connection. */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openJournalDb } from '../../main/journal/db.js';
import { type ImportSummary, importRegister } from '../../main/registers/import.js';
import type { RegisterKind } from '../../main/registers/formats.js';
import type { Failure, Result } from '../../src/result.js';
import { tempDir } from '../journal/helpers.js';

export { tempDir };

export interface Fixture {
  readonly dir: string;
  readonly file: string;
  /** A writing connection (what `gate import` opens). */
  readonly db: Database.Database;
  import(kind: RegisterKind, json: unknown): Result<ImportSummary, Failure[]>;
  close(): void;
}

export const NOW = Date.parse('2026-11-22T08:00:00.000Z');

export function fixture(): Fixture {
  const tmp = tempDir();
  const file = join(tmp.dir, 'journal.sqlite');
  const db = openJournalDb(file);
  if (!db.ok) throw new Error(db.error.code);
  return {
    dir: tmp.dir,
    file,
    db: db.value,
    import: (kind, json) => importRegister(db.value, kind, json, { nowMs: NOW, source: `${kind}.json` }),
    close: () => {
      db.value.close();
      tmp.remove();
    },
  };
}

/** A demo district key, 32 bytes, as hex. */
export const DISTRICT_KEY = '67617465207465726d696e616c206578616d706c65206469737472696374206b';

/** Throws with the failures when a Result failed: tests read better without the unwrapping. */
export function unwrap<T>(r: Result<T, Failure[] | Failure>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
