/** What `record` writes beside the decision: a passage for an admitted exit; and sealed registrations. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { input, useJournal } from './helpers.js';

const t = useJournal();

const passages = (): unknown[] => {
  const db = new Database(t.file, { readonly: true });
  try {
    return db.prepare('SELECT at, lane, direction, household, decision_seq, confirmed FROM passages ORDER BY id').all();
  } finally {
    db.close();
  }
};

describe('passages', () => {
  it('one per admitted exit, in the decision transaction, with the household and confirmed = 0', () => {
    expect(t.journal.record(input(0, { household: 'B3-1201', decision: { verdict: 'admit', direction: 'exit' } })).ok).toBe(true);
    expect(t.journal.record(input(1, { household: 'B3-1201', decision: { verdict: 'admit', direction: 'entry' } })).ok).toBe(true);
    expect(t.journal.record(input(2, { household: 'B3-1201', decision: { verdict: 'deny', direction: 'exit' } })).ok).toBe(true);
    expect(t.journal.record(input(3, { household: 'B3-1201', decision: { verdict: 'refer', direction: 'exit' } })).ok).toBe(true);
    expect(t.journal.record(input(4, { decision: { verdict: 'admit', direction: 'exit' } })).ok).toBe(true);
    expect(passages()).toEqual([
      { at: '2024-05-01T10:00:00.000Z', lane: 'lane-1', direction: 'exit', household: 'B3-1201', decision_seq: 1, confirmed: 0 },
      { at: '2024-05-01T10:00:04.000Z', lane: 'lane-1', direction: 'exit', household: null, decision_seq: 5, confirmed: 0 },
    ]);
    expect(t.journal.verifyChain()).toMatchObject({ ok: true, value: { checked: 5 } });
  });

  it('a decision that fails to commit leaves no passage', () => {
    expect(t.journal.record(input(0, { decision: { verdict: 'admit', direction: 'exit' } })).ok).toBe(true);
    expect(t.journal.record(input(0, { decision: { verdict: 'admit', direction: 'exit' } }))).toMatchObject({ ok: false, error: { code: 'journal.constraint' } });
    expect(passages()).toHaveLength(1);
  });
});

describe('sealRegistration', () => {
  it('stores the sealed blob as given, with the instant in stored form', () => {
    const row = { id: 'sealed-1', at: '2024-05-01T18:00:00+08:00', authorityKid: 'kid-1', enc: new Uint8Array([1, 2, 3]), ciphertext: new Uint8Array([4, 5]) };
    expect(t.journal.sealRegistration(row)).toEqual({ ok: true, value: undefined });
    expect(t.journal.sealRegistration(row)).toMatchObject({ ok: false, error: { code: 'journal.constraint' } });
    const db = new Database(t.file, { readonly: true });
    const stored = db.prepare('SELECT id, at, authority_kid, enc, ciphertext FROM sealed_registrations').all();
    db.close();
    expect(stored).toEqual([{ id: 'sealed-1', at: '2024-05-01T10:00:00.000Z', authority_kid: 'kid-1', enc: Buffer.from([1, 2, 3]), ciphertext: Buffer.from([4, 5]) }]);
  });
});
