import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournalDb } from '../../main/journal/db.js';
import { attempt, sqliteFailure } from '../../main/journal/errors.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

describe('SQLite errors', () => {
  it('a full database is journal.full, and the connection keeps working once there is room', () => {
    const db = openJournalDb(join(tmp.dir, 'journal.sqlite'));
    if (!db.ok) throw new Error(db.error.code);
    const pages = Number(db.value.pragma('page_count', { simple: true }));
    db.value.pragma(`max_page_count = ${pages}`);
    // Filler rows with placeholder links: only the space they take matters here.
    const insert = db.value.prepare("INSERT INTO events (at, kind, detail, prev_hash, hash) VALUES ('2024-05-01T00:00:00.000Z', 'filler', ?, printf('%064d', 0), printf('%064d', 0))");
    const full = attempt(() => {
      for (let i = 0; i < 10_000; i++) insert.run('x'.repeat(1_000));
    });
    expect(full).toMatchObject({ ok: false, error: { code: 'journal.full' } });
    db.value.pragma(`max_page_count = ${pages * 1_000}`);
    expect(attempt(() => insert.run('x')).ok).toBe(true);
    db.value.close();
  });

  it('a file that is not a database is journal.corrupt', () => {
    const file = join(tmp.dir, 'garbage.sqlite');
    writeFileSync(file, 'this is not an SQLite database, only text long enough to fill a header. '.repeat(20));
    const db = openJournalDb(file);
    expect(db.ok || db.error.code).toBe('journal.corrupt');
  });

  it('a missing folder is journal.cant-open', () => {
    const db = openJournalDb(join(tmp.dir, 'no', 'such', 'journal.sqlite'));
    expect(db.ok || db.error.code).toBe('journal.cant-open');
  });

  it('anything but an expected SQLite failure is rethrown: it is a bug', () => {
    const bug = new Error('not sqlite');
    expect(() => sqliteFailure(bug)).toThrow(bug);
    const db = new Database(':memory:');
    expect(() => attempt(() => db.exec('SELEC 1'))).toThrow(expect.objectContaining({ code: 'SQLITE_ERROR' }));
    db.close();
  });
});
