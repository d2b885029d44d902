import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';

/** The journal's file name inside the data folder. */
export const JOURNAL_FILE = 'journal.sqlite';

/** The data folder of a journal connection: the folder of its file, where the gate's key files live beside it. */
export function dataDirOf(db: Database): string {
  if (db.memory) throw new Error('an in-memory journal has no data folder for its keys');
  return dirname(db.name);
}
