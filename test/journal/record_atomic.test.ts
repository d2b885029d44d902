/** One decision, one transaction: decision row, uplink record and chain link commit together or not at all. */
import { describe, expect, it } from 'vitest';
import { input, useJournal } from './helpers.js';

/** `side`: a second connection to the same file, for inspection and sabotage. */
const t = useJournal({ side: true, uplink: true });

const count = (table: string): unknown => t.side.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
const counts = (): unknown => ({ decisions: count('decisions'), queued: count('uplink_queue'), chain: count('chain') });

describe('record', () => {
  it('writes the decision, its uplink record and its chain link under one seq', () => {
    const r = t.journal.record(input(0, { decision: { at: '2024-05-01T18:00:00+08:00' } }));
    expect(r).toEqual({ ok: true, value: { seq: 1, id: 'd-0', hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(t.side.prepare('SELECT seq, id, at, lane, direction, verdict, policy_id, policy_version FROM decisions').get()).toEqual({
      seq: 1,
      id: 'd-0',
      at: '2024-05-01T10:00:00.000Z',
      lane: 'lane-1',
      direction: 'entry',
      verdict: 'deny',
      policy_id: 'district-7',
      policy_version: '2024.05.01',
    });
    expect(t.side.prepare('SELECT seq, kind, id, at, payload = (SELECT body FROM decisions) AS same_body, urgent, state FROM uplink_queue').get()).toEqual({
      seq: 1,
      kind: 'decision',
      id: 'd-0',
      at: '2024-05-01T10:00:00.000Z',
      same_body: 1,
      urgent: 0,
      state: 'pending',
    });
    expect(t.side.prepare('SELECT seq, prev_hash, hash FROM chain').get()).toEqual({
      seq: 1,
      prev_hash: '0'.repeat(64),
      hash: r.ok ? r.value.hash : '',
    });
  });

  it('leaves no decision and no chain link when the uplink record cannot be queued, and says so as a value', () => {
    expect(t.journal.record(input(0)).ok).toBe(true);
    t.side.exec("CREATE TRIGGER sabotage BEFORE INSERT ON uplink_queue BEGIN SELECT RAISE(ABORT, 'queue refused'); END");
    const r = t.journal.record(input(1));
    expect(r).toEqual({ ok: false, error: { code: 'journal.constraint', message: expect.stringContaining('queue refused') } });
    expect(counts()).toEqual({ decisions: 1, queued: 1, chain: 1 });
    expect(t.side.prepare("SELECT count(*) FROM decisions WHERE id = 'd-1'").pluck().get()).toBe(0);
    t.side.exec('DROP TRIGGER sabotage');
    expect(t.journal.record(input(1))).toMatchObject({ ok: true, value: { seq: 2, id: 'd-1' } });
    expect(t.journal.verifyChain()).toEqual({ ok: true, value: { checked: 2, from: 1 } });
  });

  it('leaves no decision and no uplink record when the chain insert fails', () => {
    t.side.exec("CREATE TRIGGER sabotage BEFORE INSERT ON chain BEGIN SELECT RAISE(ABORT, 'chain refused'); END");
    expect(t.journal.record(input(0))).toMatchObject({ ok: false, error: { code: 'journal.constraint' } });
    expect(counts()).toEqual({ decisions: 0, queued: 0, chain: 0 });
  });

  it('refuses a decision id already recorded', () => {
    expect(t.journal.record(input(0)).ok).toBe(true);
    expect(t.journal.record(input(0))).toMatchObject({ ok: false, error: { code: 'journal.constraint' } });
    expect(counts()).toEqual({ decisions: 1, queued: 1, chain: 1 });
  });

  it('never reuses a seq, even after the newest decision is deleted', () => {
    for (let n = 0; n < 3; n++) expect(t.journal.record(input(n)).ok).toBe(true);
    t.side.exec('DELETE FROM chain WHERE seq = 3; DELETE FROM decisions WHERE seq = 3;');
    expect(t.journal.record(input(3))).toMatchObject({ ok: true, value: { seq: 4 } });
  });

  it('fails with journal.busy, writing nothing, while another connection holds the write lock', () => {
    t.side.exec('BEGIN IMMEDIATE');
    expect(t.journal.record(input(0))).toMatchObject({ ok: false, error: { code: 'journal.busy' } });
    t.side.exec('COMMIT');
    expect(counts()).toEqual({ decisions: 0, queued: 0, chain: 0 });
    expect(t.journal.record(input(0))).toMatchObject({ ok: true, value: { seq: 1 } });
  });

  it('throws on a decision time that is not an ISO instant (an engine bug)', () => {
    expect(() => t.journal.record(input(0, { decision: { at: 'yesterday' } }))).toThrow(/not an ISO instant/);
  });
});

describe('policy changes and events', () => {
  it('are recorded with their time in stored form', () => {
    expect(
      t.journal.recordPolicyChange({
        at: '2024-05-01T18:00:00+08:00',
        source: '/etc/gate/policy.json',
        outcome: 'rejected',
        fromSha256: 'ab'.repeat(32),
        toSha256: null,
        policyId: null,
        policyVersion: null,
        detail: 'rules.0.params.thresholdC: too big',
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(t.journal.recordEvent({ at: '2024-05-01T10:00:01Z', kind: 'scan.rejected', detail: { lane: 'lane-1', code: 'qr.garbled' } })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(t.side.prepare('SELECT at, source, outcome, from_sha256, to_sha256, detail FROM policy_changes').get()).toEqual({
      at: '2024-05-01T10:00:00.000Z',
      source: '/etc/gate/policy.json',
      outcome: 'rejected',
      from_sha256: 'ab'.repeat(32),
      to_sha256: null,
      detail: 'rules.0.params.thresholdC: too big',
    });
    expect(t.side.prepare('SELECT at, kind, detail FROM events').get()).toEqual({
      at: '2024-05-01T10:00:01.000Z',
      kind: 'scan.rejected',
      detail: '{"code":"qr.garbled","lane":"lane-1"}',
    });
  });
});
