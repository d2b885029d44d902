/**
 * Free space on the file system that holds the journal, and what a storage failure really was. SQLite
 * reports a full disk as SQLITE_FULL on most writes, but as an I/O error where it grows its shared-memory
 * file (SQLITE_IOERR_SHMSIZE) or opens the WAL: those are a full disk too when the file system has no room.
 */
import { statfsSync } from 'node:fs';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';

/** Bytes an unprivileged writer may still use on the file system holding `dir`. Injected in tests. */
export type FreeSpace = (dir: string) => Result<number, Failure<'storage.unmeasurable'>>;

export const statfsFreeSpace: FreeSpace = (dir) => {
  try {
    const s = statfsSync(dir);
    return ok(s.bavail * s.bsize);
  } catch (e) {
    return err(failure('storage.unmeasurable', `${dir}: ${(e as Error).message}`));
  }
};

/** Below this, an I/O failure of the journal is taken for a full disk: SQLite needs a few pages and its -shm. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** Codes a full file system shows up as, besides `journal.full` itself. */
const MAYBE_FULL: ReadonlySet<string> = new Set(['journal.io', 'journal.cant-open', 'journal.no-wal', 'keys.unwritable']);

/** `f`, re-coded `journal.full` when it is an I/O-like failure and the file system holding `dir` is (nearly) full. */
export function explainStorageFailure<F extends Failure>(f: F, dir: string, freeSpace: FreeSpace): F | Failure<'journal.full'> {
  if (!MAYBE_FULL.has(f.code)) return f;
  const free = freeSpace(dir);
  if (!free.ok || free.value >= NEARLY_FULL_BYTES) return f;
  return failure('journal.full', `the journal's file system is full (${free.value} bytes free): ${f.message}`);
}

export const megabytes = (bytes: number): number => Math.floor((bytes / (1024 * 1024)) * 10) / 10;
