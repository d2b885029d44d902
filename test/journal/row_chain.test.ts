/** The chains of policy_changes and events: every column linked, and verify names the table and id of a row not as written. */
import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventWriter } from '../../main/journal/events.js';
import { CHAINED_COLUMNS } from '../../main/journal/row-chain.js';
import { verifyJournal } from '../../main/journal/verify.js';
import type { PolicyChange } from '../../main/policy/store.js';
import { useJournal } from './helpers.js';

const t = useJournal({ side: true });

const change = (n: number): PolicyChange => ({
  at: `2024-05-01T10:00:0${n}.000Z`,
  source: `/etc/gate/policy-${n}.json`,
  outcome: n % 2 === 0 ? 'applied' : 'rejected',
  fromSha256: 'ab'.repeat(32),
  toSha256: n % 2 === 0 ? 'cd'.repeat(32) : null,
  policyId: 'district-7',
  policyVersion: `v${n}`,
  detail: n % 2 === 0 ? null : 'rules.0: bad',
});

beforeEach(() => {
  for (let n = 1; n <= 5; n++) {
    expect(t.journal.recordPolicyChange(change(n)).ok).toBe(true);
    expect(t.journal.recordEvent({ at: `2024-05-01T10:00:0${n}Z`, kind: 'scan.rejected', detail: { lane: 'lane-1', n } }).ok).toBe(true);
  }
});

const verified = (): ReturnType<typeof verifyJournal> => verifyJournal(t.side);

describe('the links', () => {
  it('are sha256(prev_hash "\\n" table "\\n" canonical JSON of every other column) from 64 zeros, as an outside verifier computes them', () => {
    for (const [table, columns] of Object.entries(CHAINED_COLUMNS)) {
      const rows = t.side.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
      expect(rows).toHaveLength(5);
      let prev = '0'.repeat(64);
      for (const r of rows) {
        expect(Object.keys(r).sort()).toEqual([...columns, 'prev_hash', 'hash'].sort()); // nothing unhashed
        expect(r['prev_hash']).toBe(prev);
        const named = Object.fromEntries(columns.map((c) => [c, r[c]]));
        prev = createHash('sha256').update(`${prev}\n${table}\n${canonicalize(named)}`, 'utf8').digest('hex');
        expect(r['hash']).toBe(prev);
      }
    }
    expect(verified()).toMatchObject({ ok: true, value: { rows: { policy_changes: 5, events: 5 } } });
  });

  it('cover every column: an edit of any one of them is named with its table and id', () => {
    const edits: Record<string, string> = {
      at: "'2024-05-01T11:00:00.000Z'",
      source: "'/tmp/other.json'",
      outcome: "'applied'",
      from_sha256: 'NULL',
      to_sha256: "'ef'",
      policy_id: "'other'",
      policy_version: "'v9'",
      detail: "'rules.0: fine'",
      kind: "'clock.synced'",
    };
    for (const [table, columns] of Object.entries(CHAINED_COLUMNS)) {
      for (const column of columns.filter((c) => c !== 'id')) {
        const value = column === 'detail' && table === 'events' ? `'{"n":9}'` : edits[column];
        t.side.exec('SAVEPOINT edit');
        t.side.exec(`UPDATE ${table} SET ${column} = ${value} WHERE id = 3`);
        expect(verified(), `${table}.${column}`).toMatchObject({ ok: false, error: { code: 'chain.bad-hash', table, id: 3 } });
        t.side.exec('ROLLBACK TO edit; RELEASE edit');
      }
    }
    expect(verified().ok).toBe(true);
  });
});

describe('verify names', () => {
  it('a policy change deleted from the middle, at the row after it', () => {
    t.side.exec('DELETE FROM policy_changes WHERE id = 2');
    expect(verified()).toMatchObject({ ok: false, error: { code: 'chain.broken-link', table: 'policy_changes', id: 3 } });
  });

  it('the first event deleted, at the row that no longer follows genesis', () => {
    t.side.exec('DELETE FROM events WHERE id = 1');
    expect(verified()).toMatchObject({ ok: false, error: { code: 'chain.broken-link', table: 'events', id: 2 } });
  });

  it('the newest event deleted, through the high-water mark', () => {
    t.side.exec('DELETE FROM events WHERE id = 5');
    expect(verified()).toMatchObject({ ok: false, error: { code: 'chain.truncated', table: 'events', id: 5 } });
  });

  it('the newest events deleted and the chain carried on past them by the next write, as a gap', () => {
    t.side.exec('DELETE FROM events WHERE id >= 4');
    expect(t.journal.recordEvent({ at: '2024-05-01T10:00:09Z', kind: 'scan.rejected', detail: {} }).ok).toBe(true);
    expect(verified()).toMatchObject({ ok: false, error: { code: 'chain.gap', table: 'events', id: 4 } });
  });

  it('a row inserted without the writer (a forged link), at that row', () => {
    t.side.exec("INSERT INTO events (at, kind, detail, prev_hash, hash) VALUES ('2024-05-01T10:00:06.000Z', 'x', '{}', printf('%064d', 0), printf('%064d', 0))");
    expect(verified()).toMatchObject({ ok: false, error: { code: 'chain.broken-link', table: 'events', id: 6 } });
  });
});

describe('eventWriter', () => {
  it('appends inside the caller\'s transaction, and refuses to run outside one (the head must be read under the write lock)', () => {
    const write = eventWriter(t.side);
    expect(() => write({ at: '2024-05-01T10:00:00Z', kind: 'x', detail: {} })).toThrow(/inside a write transaction/);
    t.side.transaction(() => write({ at: '2024-05-01T10:00:00Z', kind: 'x', detail: { a: 1 } })).immediate();
    expect(verified()).toMatchObject({ ok: true, value: { rows: { events: 6 } } });
  });
});
