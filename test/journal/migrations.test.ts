import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournalDb } from '../../main/journal/db.js';
import { Journal } from '../../main/journal/journal.js';
import { type Migration, migrate, schemaVersion, shippedMigrations } from '../../main/journal/migrations.js';
import { input, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = join(tmp.dir, 'journal.sqlite');
});
afterEach(() => tmp.remove());

const schema = (db: Database.Database): unknown => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();

describe('shipped migrations', () => {
  it('are numbered from 1 without gaps and create the journal and register tables', () => {
    const shipped = shippedMigrations();
    expect(shipped.map((m) => m.version)).toEqual(shipped.map((_, i) => i + 1));
    const db = openJournalDb(file);
    if (!db.ok) throw new Error(db.error.code);
    expect(schemaVersion(db.value)).toBe(shipped.length);
    const tables = db.value.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    expect(tables).toEqual([
      'bundles',
      'chain',
      'checkpoints',
      'decisions',
      'events',
      'issuer_keys',
      'passages',
      'policy_changes',
      'quarantine',
      'residents',
      'risk_areas',
      'sealed_registrations',
      'settings',
      'uplink_backlog',
      'uplink_queue',
    ]);
    const strict = db.value.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 0 AND name NOT LIKE 'sqlite_%'").pluck().all();
    expect(strict).toEqual([]);
    db.value.close();
  });

  it('apply once: reopening changes nothing and keeps the data', () => {
    const first = Journal.open(file);
    if (!first.ok) throw new Error(first.error.code);
    expect(first.value.record(input(0)).ok).toBe(true);
    first.value.close();
    const bare = new Database(file);
    const before = schema(bare);
    bare.close();
    for (let i = 0; i < 3; i++) {
      const again = openJournalDb(file);
      if (!again.ok) throw new Error(again.error.code);
      expect(schema(again.value)).toEqual(before);
      expect(schemaVersion(again.value)).toBe(shippedMigrations().length);
      expect(again.value.prepare('SELECT id FROM decisions').pluck().all()).toEqual(['d-0']);
      again.value.close();
    }
  });
});

describe('0002 on a journal written by 0001', () => {
  it('keeps the decisions, adds the registers, and the chain goes on', () => {
    const bare = new Database(file);
    migrate(bare, shippedMigrations().slice(0, 1));
    bare.close();
    const j = Journal.open(file);
    if (!j.ok) throw new Error(j.error.code);
    expect(j.value.record(input(0)).ok).toBe(true);
    expect(j.value.verifyChain()).toEqual({ ok: true, value: { checked: 1, from: 1 } });
    j.value.close();
  });

  it('the passages index serves the exit count', () => {
    const db = openJournalDb(file);
    if (!db.ok) throw new Error(db.error.code);
    const plan = db.value
      .prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM passages WHERE household = ? AND direction = 'exit' AND at >= ?")
      .all('h', '2024-01-01T00:00:00.000Z') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX passages_household_exits/);
    db.value.close();
  });
});

describe('a journal written by newer code', () => {
  it('is refused by writers and readers alike, and left untouched', () => {
    const newer = shippedMigrations().length + 1;
    const bare = new Database(file);
    bare.pragma(`user_version = ${newer}`);
    bare.close();
    const w = openJournalDb(file);
    expect(w.ok || w.error.code).toBe('journal.too-new');
    const r = openJournalDb(file, { readonly: true });
    expect(r.ok || r.error.code).toBe('journal.too-new');
    const j = Journal.open(file);
    expect(j.ok || j.error.code).toBe('journal.too-new');
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(newer);
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    after.close();
  });
});

describe('migrate', () => {
  const steps: Migration[] = [
    { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
    { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
  ];

  it('applies each step in its own transaction: a failing step leaves the one before it, and none of itself', () => {
    const db = new Database(file);
    expect(() => migrate(db, steps)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['a']);
    db.close();
  });

  it('skips steps already applied', () => {
    const db = new Database(file);
    expect(migrate(db, steps.slice(0, 1))).toEqual({ ok: true, value: { applied: 1 } });
    expect(migrate(db, steps.slice(0, 1))).toEqual({ ok: true, value: { applied: 0 } });
    db.close();
  });
});
