/**
 * better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1: a WAL database reopened without an
 * explicit pragma runs at NORMAL, which loses acknowledged commits on power loss. Every writing
 * connection must say FULL; the export connection must not write at all.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournalDb } from '../../main/journal/db.js';
import { exportDecisions } from '../../main/journal/export.js';
import { Journal } from '../../main/journal/journal.js';
import { collect, input, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = join(tmp.dir, 'journal.sqlite');
});
afterEach(() => tmp.remove());

function openJournal(): Journal {
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.code);
  return j.value;
}

describe('writing connections', () => {
  it('a new journal runs WAL at synchronous=FULL with foreign keys on', () => {
    const db = openJournalDb(file);
    if (!db.ok) throw new Error(db.error.code);
    expect(db.value.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.value.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.value.pragma('foreign_keys', { simple: true })).toBe(1);
    db.value.close();
  });

  it('a reopened WAL journal is FULL again, though the bare driver would say NORMAL', () => {
    openJournal().close();
    const bare = new Database(file);
    expect(bare.pragma('synchronous', { simple: true })).toBe(1);
    bare.close();
    const journal = openJournal();
    expect(journal.synchronousMode()).toBe(2);
    journal.close();
  });

  it('two writers open at once both report FULL and WAL', () => {
    const a = openJournal();
    const b = openJournalDb(file);
    if (!b.ok) throw new Error(b.error.code);
    expect(a.synchronousMode()).toBe(2);
    expect(b.value.pragma('synchronous', { simple: true })).toBe(2);
    expect(b.value.pragma('journal_mode', { simple: true })).toBe('wal');
    b.value.close();
    a.close();
  });
});

describe('the readonly export connection', () => {
  const digest = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

  it('leaves the database file and its WAL byte for byte as they were', () => {
    const journal = openJournal();
    for (let n = 0; n < 20; n++) expect(journal.record(input(n)).ok).toBe(true);
    journal.close(); // checkpoints: everything is in the main file, the WAL is gone
    const before = digest(file);
    const lines: string[] = [];
    expect(exportDecisions(file, { format: 'jsonl' }, collect(lines))).toEqual({ ok: true, value: { count: 20, bad: 0 } });
    expect(digest(file)).toBe(before);
    expect(statSync(`${file}-wal`).size).toBe(0); // SQLite creates an empty -wal/-shm for a WAL reader; it never fills them
  });

  it('does not write while the gate writes, and cannot', () => {
    const journal = openJournal();
    expect(journal.record(input(0)).ok).toBe(true);
    const walBefore = statSync(`${file}-wal`).size;
    expect(exportDecisions(file, { format: 'csv' }, collect())).toEqual({ ok: true, value: { count: 1, bad: 0 } });
    expect(statSync(`${file}-wal`).size).toBe(walBefore);
    const ro = openJournalDb(file, { readonly: true });
    if (!ro.ok) throw new Error(ro.error.code);
    expect(() => ro.value.exec('DELETE FROM uplink_queue')).toThrow(expect.objectContaining({ code: 'SQLITE_READONLY' }));
    ro.value.close();
    expect(journal.record(input(1)).ok).toBe(true);
    expect(journal.synchronousMode()).toBe(2);
    journal.close();
  });

  it('does not migrate an unmigrated file', () => {
    new Database(file).close();
    const ro = openJournalDb(file, { readonly: true });
    expect(ro.ok || ro.error.code).toBe('journal.not-migrated');
    const bare = new Database(file, { readonly: true });
    expect(bare.pragma('user_version', { simple: true })).toBe(0);
    expect(bare.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual({ n: 0 });
    bare.close();
  });
});
