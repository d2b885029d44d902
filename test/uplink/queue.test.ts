/**
 * The upstream queue on a real journal file: every kind of record is queued in its own transaction, each
 * batch validates against the published schemas, acks delete exactly what they name, and a full backlog
 * follows its policy — drop-oldest with a counted overflow announced first, or refuse-admit dropping nothing.
 */
import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceSigner } from '../../main/journal/device-key.js';
import { UplinkStore } from '../../main/uplink/store.js';
import { wireBatch } from '../../main/uplink/wire-batch.js';
import { recordsBatch } from '../../src/uplink/wire.js';
import { UPLINK_ON, input, useJournal } from '../journal/helpers.js';
import { ReceivedRecords } from './received-records.js';

const t = useJournal({ side: true, uplink: true });
let store: UplinkStore;
beforeEach(() => {
  const s = UplinkStore.open(t.file);
  if (!s.ok) throw new Error(s.error.message);
  store = s.value;
});
afterEach(() => store.close());

const NOW = '2024-06-01T00:00:00.000Z';
const LIMITS = { records: 1000, bytes: 1 << 20 };
const ORIGIN = { gate: 'gate-7', epoch: '' };
const pendingSeqs = (): number[] => t.side.prepare("SELECT seq FROM uplink_queue WHERE state = 'pending' ORDER BY seq").pluck().all() as number[];

describe('what goes up', () => {
  it('queues every kind under one sequence, and each batch is valid under the published schemas', () => {
    expect(t.journal.record(input(0)).ok).toBe(true);
    expect(t.journal.recordEvent({ at: '2024-05-01T10:00:05Z', kind: 'device.fault', detail: { lane: 'lane-1', code: 'sensor-fault' } }).ok).toBe(true);
    expect(
      t.journal.recordPolicyChange({ at: '2024-05-01T10:00:06Z', source: 'demo.json', outcome: 'applied', fromSha256: null, toSha256: 'ab'.repeat(32), policyId: 'district-7', policyVersion: '2024.05.01', detail: null }).ok,
    ).toBe(true);
    expect(t.journal.sealRegistration({ id: 'sealed-1', at: '2024-05-01T10:00:07Z', authorityKid: 'kid-1', enc: new Uint8Array([1, 2, 3]), ciphertext: new Uint8Array([250, 251]) }).ok).toBe(true);
    t.side.exec("DELETE FROM uplink_queue WHERE kind = 'decision'"); // acknowledged, so the purge below may take it
    const signer = deviceSigner(t.dir);
    if (!signer.ok) throw new Error(signer.error.code);
    expect(t.journal.purge({ olderThanDays: 30, nowMs: Date.parse(NOW) })).toMatchObject({ ok: true, value: { decisions: 1 } });

    const rows = store.nextBatch(LIMITS);
    expect(rows.map((r) => [r.seq, r.kind])).toEqual([
      [2, 'event'],
      [3, 'policy-change'],
      [4, 'registration'],
      [5, 'checkpoint'],
      [6, 'event'],
    ]);
    const batch = wireBatch({ ...ORIGIN, epoch: store.epoch }, rows, NOW);
    const receiver = new ReceivedRecords(':memory:');
    expect(receiver.problems(JSON.parse(batch.body))).toBeUndefined();
    const parsed = recordsBatch.parse(JSON.parse(batch.body));
    expect(parsed.records.find((r) => r.kind === 'registration')?.payload).toEqual({ id: 'sealed-1', at: '2024-05-01T10:00:07.000Z', authorityKid: 'kid-1', enc: 'AQID', ciphertext: '-vs' });
    expect(parsed.records.at(-1)).toMatchObject({ kind: 'event', payload: { kind: 'journal.purged' } });
    receiver.close();
  });

  it('a decision goes up byte for byte as journaled, and the schemas refuse a batch that is not', () => {
    expect(t.journal.record(input(0)).ok).toBe(true);
    const [row] = store.nextBatch(LIMITS);
    expect(row?.payload).toBe(t.side.prepare('SELECT body FROM decisions').pluck().get());
    const batch = JSON.parse(wireBatch({ ...ORIGIN, epoch: store.epoch }, store.nextBatch(LIMITS), NOW).body) as { records: { payload: Record<string, unknown> }[] };
    const receiver = new ReceivedRecords(':memory:');
    expect(receiver.problems(batch)).toBeUndefined();
    const first = batch.records[0];
    if (first === undefined) throw new Error('no record');
    first.payload['verdict'] = 'maybe';
    expect(receiver.problems(batch)).toMatch(/verdict/);
    receiver.close();
  });

  it('queues nothing on a gate without an uplink', () => {
    expect(t.journal.configureUplink({ ...UPLINK_ON, enabled: false }).ok).toBe(true);
    expect(t.journal.record(input(0)).ok).toBe(true);
    expect(t.journal.recordEvent({ at: NOW, kind: 'clock.jump', detail: {} }).ok).toBe(true);
    expect(store.nextBatch(LIMITS)).toEqual([]);
  });
});

describe('acks', () => {
  beforeEach(() => {
    for (let n = 0; n < 5; n++) expect(t.journal.record(input(n)).ok).toBe(true);
  });

  it('delete what they accept, set aside what they reject with its reason, and leave the rest to go again', () => {
    const rows = store.nextBatch(LIMITS);
    const outcome = store.acknowledge(rows, { v: 1, batch: 'b', accepted: 3, rejected: [{ seq: 2, reason: 'lane unknown' }, { seq: 99, reason: 'x' }] }, NOW);
    expect(outcome).toEqual({ acknowledged: 2, setAside: [{ seq: 2, kind: 'decision', id: 'd-1', reason: 'lane unknown' }], foreign: 1 });
    expect(pendingSeqs()).toEqual([4, 5, 6]); // 6: the uplink.set-aside event
    expect(t.side.prepare("SELECT seq, state, reason FROM uplink_queue WHERE state = 'set-aside'").all()).toEqual([{ seq: 2, state: 'set-aside', reason: 'lane unknown' }]);
    expect(store.backlog()).toMatchObject({ records: 3, set_aside: 1, oldest_at: '2024-05-01T10:00:03.000Z' });
    expect(store.nextBatch(LIMITS).map((r) => r.seq)).toEqual([4, 5, 6]);
  });

  it('acks commit without an fsync each, and the connection is back at NORMAL after one that journaled a set-aside at FULL', () => {
    expect(store.synchronousMode()).toBe(1);
    const rows = store.nextBatch(LIMITS);
    store.acknowledge(rows, { v: 1, batch: 'b', accepted: 5, rejected: [{ seq: 3, reason: 'bad' }] }, NOW);
    expect(store.synchronousMode()).toBe(1);
    expect(t.side.prepare("SELECT count(*) FROM events WHERE kind = 'uplink.set-aside'").pluck().get()).toBe(1);
  });

  it('an ack accepting nothing deletes nothing; a repeated ack changes nothing more', () => {
    const rows = store.nextBatch(LIMITS);
    expect(store.acknowledge(rows, { v: 1, batch: 'b', accepted: null, rejected: [] }, NOW)).toMatchObject({ acknowledged: 0 });
    expect(store.acknowledge(rows, { v: 1, batch: 'b', accepted: 5, rejected: [] }, NOW)).toMatchObject({ acknowledged: 5 });
    expect(store.acknowledge(rows, { v: 1, batch: 'b', accepted: 5, rejected: [] }, NOW)).toMatchObject({ acknowledged: 0 });
    expect(store.backlog()).toMatchObject({ records: 0, bytes: 0 });
  });

  it('batches stop at the byte limit (one record larger than it still goes alone)', () => {
    const size = store.nextBatch(LIMITS)[0]?.payload.length ?? 0;
    expect(store.nextBatch({ records: 100, bytes: size * 2 + 1 }).map((r) => r.seq)).toEqual([1, 2]);
    expect(store.nextBatch({ records: 100, bytes: 10 }).map((r) => r.seq)).toEqual([1]);
  });
});

describe('a full backlog', () => {
  it('drop-oldest: keeps deciding, drops the oldest one by one, counts them, and announces them first', () => {
    expect(t.journal.configureUplink({ ...UPLINK_ON, maxRecords: 3 }).ok).toBe(true);
    for (let n = 0; n < 8; n++) expect(t.journal.record(input(n)).ok).toBe(true);
    expect(pendingSeqs()).toEqual([6, 7, 8]);
    expect(t.side.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(8); // the journal keeps them all
    expect(store.backlog()).toMatchObject({ records: 3, dropped: 5, episode_dropped: 5, episode_from_seq: 1, episode_to_seq: 5 });

    const detail = store.announceOverflow(NOW);
    expect(detail).toMatchObject({ dropped: 5, fromSeq: 1, toSeq: 5, fromAt: '2024-05-01T10:00:00.000Z', toAt: '2024-05-01T10:00:04.000Z', droppedTotal: 5 });
    expect(store.announceOverflow(NOW)).toBeUndefined(); // once per episode
    // The announcement itself is queued, over the cap by itself rather than dropping one more, and goes first, alone.
    const first = store.nextBatch(LIMITS);
    expect(first.map((r) => r.kind)).toEqual(['event']);
    expect(JSON.parse(first[0]?.payload ?? '{}')).toMatchObject({ kind: 'uplink.overflow', detail: { dropped: 5 } });
    expect(store.backlog()).toMatchObject({ records: 4, dropped: 5, episode_dropped: 0 });
    expect(store.nextBatch(LIMITS).map((r) => r.seq)).toEqual([9]);
  });

  it('the byte cap counts too, and a lowered cap applies at configuration', () => {
    for (let n = 0; n < 4; n++) expect(t.journal.record(input(n)).ok).toBe(true);
    const size = store.nextBatch(LIMITS)[0]?.payload.length ?? 0;
    expect(t.journal.configureUplink({ ...UPLINK_ON, maxBytes: size * 2 })).toEqual({ ok: true, value: 2 });
    expect(pendingSeqs()).toEqual([3, 4]);
  });

  it('refuse-admit: drops nothing, goes over the cap with what it must record, and says admits are refused until there is room', () => {
    expect(t.journal.configureUplink({ ...UPLINK_ON, maxRecords: 3, whenFull: 'refuse-admit' }).ok).toBe(true);
    expect(t.journal.admitsRefused()).toBe(false);
    for (let n = 0; n < 3; n++) expect(t.journal.record(input(n)).ok).toBe(true);
    expect(t.journal.admitsRefused()).toBe(true);
    expect(t.journal.record(input(3)).ok).toBe(true);
    expect(pendingSeqs()).toEqual([1, 2, 3, 4]);
    expect(store.backlog()).toMatchObject({ dropped: 0 });
    store.acknowledge(store.nextBatch({ records: 2, bytes: 1 << 20 }), { v: 1, batch: 'b', accepted: 2, rejected: [] }, NOW);
    expect(t.journal.admitsRefused()).toBe(false);
  });
});

describe('after a drain', () => {
  it('the file gives back what the acknowledged records took, a step at a time, and the WAL is emptied', () => {
    const big = JSON.stringify({ filler: 'x'.repeat(4000) });
    t.side.transaction(() => {
      for (let n = 0; n < 2000; n++) t.side.prepare("INSERT INTO uplink_queue (kind, id, at, payload) VALUES ('event', ?, ?, ?)").run(`event:x${n}`, NOW, big);
    })();
    const full = statSync(t.file).size;
    for (let rows = store.nextBatch(LIMITS); rows.length > 0; rows = store.nextBatch(LIMITS)) store.acknowledge(rows, { v: 1, batch: 'b', accepted: rows.at(-1)?.seq ?? null, rejected: [] }, NOW);
    let steps = 0;
    while (!store.maintain()) steps++;
    expect(steps).toBeGreaterThan(1); // in steps, not one long vacuum
    expect(t.side.pragma('freelist_count', { simple: true })).toBe(0);
    expect(statSync(t.file).size).toBeLessThan(full / 4);
    expect(statSync(`${t.file}-wal`).size).toBe(0);
  });
});
