/**
 * The forwarder over the HTTPS transport to the reference receiver, with a real journal (Journal.open +
 * configureUplink) and its UplinkStore: a week offline then a drain, lost answers, a rejected record. Every
 * record must arrive exactly once: receiver count = queued count, seqs 1..N without a gap, the queue empty.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../drivers/seeded-random.js';
import { Journal } from '../../main/journal/journal.js';
import { logger } from '../../main/log.js';
import { Forwarder, MAX_GIVE_WAY_MS } from '../../main/uplink/forwarder.js';
import { httpsTransport } from '../../main/uplink/https-transport.js';
import { UplinkStore } from '../../main/uplink/store.js';
import type { UplinkTransport } from '../../main/uplink/transport.js';
import { waitFor } from '../harness/gate.js';
import { UPLINK_ON, input } from '../journal/helpers.js';
import { type TestCerts, makeTestCerts } from './certs.js';
import { HttpReceiver } from './http-receiver.js';
import { ReceivedRecords } from './received-records.js';
import { GATE, heartbeatJson, tempFolder } from './support.js';

let certs: TestCerts;
let tmp: ReturnType<typeof tempFolder>;
let journal: Journal;
let store: UplinkStore;
let records: ReceivedRecords;
let receiver: HttpReceiver | undefined;
let forwarder: Forwarder | undefined;
let side: Database.Database;

beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs.remove());

beforeEach(() => {
  tmp = tempFolder('uplink-forwarder-');
  const file = join(tmp.dir, 'journal.sqlite');
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.message);
  journal = j.value;
  if (!journal.configureUplink(UPLINK_ON).ok) throw new Error('uplink not configured');
  const s = UplinkStore.open(file);
  if (!s.ok) throw new Error(s.error.message);
  store = s.value;
  side = new Database(file, { readonly: true });
  records = new ReceivedRecords(join(tmp.dir, 'received.sqlite'));
});
afterEach(async () => {
  // Whatever the faults, everything the gate sent matched the published schemas.
  expect(records.invalid).toEqual([]);
  await forwarder?.stop();
  forwarder = undefined;
  await receiver?.close();
  receiver = undefined;
  records.close();
  side.close();
  store.close();
  journal.close();
  tmp.remove();
});

const startReceiver = async (port = 0): Promise<HttpReceiver> =>
  (receiver = await HttpReceiver.start({ records, port, tls: { cert: certs.server.cert, key: certs.server.key }, random: seededRandom(12) }));

interface ForwarderOptions {
  readonly batchRecords?: number;
  readonly maxRecordsPerSecond?: number;
  readonly busyRecordsPerSecond?: number;
  readonly timeoutMs?: number;
  readonly visitorPresent?: () => boolean;
  /** Wraps the real transport (to act when a batch goes). */
  readonly wrap?: (t: UplinkTransport) => UplinkTransport;
}

function startForwarder(url: string, { batchRecords = 500, timeoutMs = 5000, visitorPresent, wrap = (t) => t, ...pace }: ForwarderOptions = {}): Forwarder {
  const t = httpsTransport({ kind: 'https', url, caFile: certs.ca, timeoutMs });
  if (!t.ok) throw new Error(t.error.message);
  forwarder = new Forwarder({
    store,
    transport: wrap(t.value),
    ...(visitorPresent === undefined ? {} : { visitorPresent }),
    config: { gateId: GATE, batch: { records: batchRecords, bytes: 1 << 20 }, retry: { firstDelayMs: 100, maxDelayMs: 1000 }, heartbeatEveryMs: 60_000, ...pace },
    heartbeat: () => heartbeatJson(store.epoch, store.backlog()),
    wallNow: Date.now,
    log: logger('test:uplink'),
    random: seededRandom(7),
  });
  forwarder.start();
  return forwarder;
}

/** Journals `n` records (numbered from `from`), one in ten an event, the rest decisions; returns how many are queued. */
function journalRecords(n: number, from = 1): number {
  for (let i = from; i < from + n; i++) {
    const r = i % 10 === 0 ? journal.recordEvent({ at: input(i).decision.at, kind: 'device.fault', detail: { device: 'thermometer', n: i } }) : journal.record(input(i));
    if (!r.ok) throw new Error(r.error.message);
  }
  return store.backlog().records;
}

const pending = (): number => Number(side.prepare("SELECT count(*) FROM uplink_queue WHERE state = 'pending'").pluck().get());
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

it('14,000 records journaled while the platform is down all arrive once it is up: no gap, no duplicate, the queue empty', async () => {
  // A receiver's port, then no receiver there: the forwarder starts offline.
  const port = (await startReceiver()).port;
  const url = receiver?.url ?? '';
  await receiver?.close();
  receiver = undefined;
  const f = startForwarder(url);
  const queued = journalRecords(14_000);
  expect(queued).toBe(14_000);
  await waitFor('the forwarder to find the platform unreachable', () => {
    const s = f.state();
    return s.state === 'offline' && s.failure.code === 'uplink.unreachable';
  });
  expect(records.count()).toBe(0);

  await startReceiver(port);
  f.wake();
  await waitFor('the backlog to drain', () => pending() === 0 && store.backlog().records === 0, 60_000);
  expect(records.count()).toBe(queued);
  expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued));
  expect(records.count("kind = 'event'")).toBe(1400);
  expect(records.invalid).toEqual([]);
  expect(f.state().state).toBe('online');
  expect(f.stats().recordsAcknowledged).toBe(queued);
}, 120_000);

it('30 % of answers lost after the commit: every record still stored exactly once', async () => {
  const r = await startReceiver();
  r.faults.loseResponse = 0.3;
  const queued = journalRecords(2000);
  const f = startForwarder(r.url, { batchRecords: 100 });
  await waitFor('the backlog to drain', () => pending() === 0, 60_000);
  expect(r.counts.lost).toBeGreaterThan(0);
  // The lost batches went again: their records arrived twice and were stored once.
  expect(records.duplicateCount).toBeGreaterThan(0);
  expect(records.count()).toBe(queued);
  expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued));
  expect(f.stats().recordsAcknowledged).toBe(queued);
}, 60_000);

it('500s, a platform that hangs, answers slower than the timeout: every record still stored exactly once', async () => {
  const r = await startReceiver();
  r.faults.fail5xx = { next: 3, probability: 0.2 };
  const queued = journalRecords(1000);
  const f = startForwarder(r.url, { batchRecords: 50, timeoutMs: 1000 });
  const offlineWith = (code: string) => (): boolean => {
    const s = f.state();
    return s.state === 'offline' && s.failure.code === code;
  };
  await waitFor('some records stored', () => records.count() > 0);
  r.faults.hang = true;
  await waitFor('a request to time out on the hanging platform', offlineWith('uplink.timeout'));
  // Then batches stored but answered after the transport gave up: each goes again.
  const batchesBefore = r.counts.batches;
  r.faults.slowMs = 1500;
  r.faults.hang = false;
  await waitFor('a stored batch to time out', () => r.counts.batches > batchesBefore && offlineWith('uplink.timeout')());
  r.faults.slowMs = 20;
  await waitFor('the backlog to drain', () => pending() === 0, 60_000);
  expect(r.counts.failed5xx).toBeGreaterThanOrEqual(3);
  expect(records.duplicateCount).toBeGreaterThan(0);
  expect(records.count()).toBe(queued);
  expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued));
}, 60_000);

it('one record the platform rejects in its ack is set aside with its reason; all the others are stored', async () => {
  const r = await startReceiver();
  records.rejectWhen = (rec) => (rec.seq === 7 ? 'payload.subject: unknown kind' : undefined);
  const queued = journalRecords(50);
  const f = startForwarder(r.url, { batchRecords: 20 });
  await waitFor('the backlog to drain', () => pending() === 0);
  expect(side.prepare('SELECT state, reason FROM uplink_queue WHERE seq = 7').get()).toEqual({ state: 'set-aside', reason: 'payload.subject: unknown kind' });
  expect(store.backlog().set_aside).toBe(1);
  expect(f.stats().recordsSetAside).toBe(1);
  // Every other record, and the `uplink.set-aside` event the gate journaled about it (seq queued + 1).
  expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued + 1).filter((s) => s !== 7));
  const events = records.payloads('event') as { kind: string; detail: Record<string, unknown> }[];
  expect(events.filter((e) => e.kind === 'uplink.set-aside').map((e) => e.detail)).toEqual([{ seq: 7, kind: 'decision', id: 'd-7', reason: 'payload.subject: unknown kind' }]);
});

it('the platform answers HTTP 400 (no ack) to any batch holding one bad record: the batch is halved to it, it is set aside with the answer as its reason, the rest flow', async () => {
  const r = await startReceiver();
  r.faults.refuseWith = (rec) => (rec.seq === 137 ? 'record 137: payload.rules[0].kind unknown' : undefined);
  const queued = journalRecords(400);
  const f = startForwarder(r.url, { batchRecords: 100 });
  await waitFor('the backlog to drain', () => pending() === 0, 30_000);
  expect(side.prepare("SELECT seq, state, reason FROM uplink_queue WHERE state = 'set-aside'").all()).toEqual([
    { seq: 137, state: 'set-aside', reason: 'record 137: payload.rules[0].kind unknown' },
  ]);
  expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued + 1).filter((s) => s !== 137));
  expect(f.stats().recordsSetAside).toBe(1);
  // Halving 100 → 50 → 25 → 13 → 7 → 4 → 2 → 1 costs a handful of requests, not one per record.
  expect(r.counts.batches).toBeLessThan(40);
  expect(f.state().state).toBe('online');
}, 60_000);

it('a full backlog under drop-oldest: the gate keeps journaling, drops the oldest, and the overflow event reaches the platform first', async () => {
  expect(journal.configureUplink({ ...UPLINK_ON, maxRecords: 100 }).ok).toBe(true);
  const port = (await startReceiver()).port;
  const url = receiver?.url ?? '';
  await receiver?.close();
  receiver = undefined;
  const f = startForwarder(url, { batchRecords: 30 });
  for (let i = 1; i <= 250; i++) expect(journal.record(input(i)).ok).toBe(true);
  expect(store.backlog()).toMatchObject({ records: 100, dropped: 150 });
  expect(Number(side.prepare('SELECT count(*) FROM decisions').pluck().get())).toBe(250); // the journal has them all

  await startReceiver(port);
  f.wake();
  await waitFor('the backlog to drain', () => pending() === 0, 30_000);
  const [first, ...rest] = records.arrivals();
  expect(first?.kind).toBe('event');
  const overflow = (records.payloads('event') as { kind: string; detail: Record<string, unknown> }[]).find((e) => e.kind === 'uplink.overflow');
  expect(overflow?.detail).toMatchObject({ dropped: 150, fromSeq: 1, toSeq: 150, droppedTotal: 150 });
  // Every record not dropped arrived, once: the 100 newest decisions, after the announcement.
  expect(rest.filter((r) => r.kind === 'decision').map((r) => r.seq)).toEqual(range(151, 250));
  expect(records.duplicateCount).toBe(0);
}, 60_000);

describe('giving way to the people at the gate', () => {
  /** A visitor flag the forwarder polls, counting the polls: a condition to wait for instead of a sleep. */
  const visitor = (present: boolean) => {
    const v = { present, polls: 0, check: (): boolean => (v.polls++, v.present) };
    return v;
  };

  it('starts no batch while a session is under way; everything goes once it ends', async () => {
    const r = await startReceiver();
    const queued = journalRecords(300);
    const v = visitor(true);
    startForwarder(r.url, { batchRecords: 100, visitorPresent: v.check });
    await waitFor('the forwarder to be giving way', () => r.counts.heartbeats > 0 && v.polls >= 10);
    expect(r.counts.batches).toBe(0);
    expect(pending()).toBe(queued);
    v.present = false;
    await waitFor('the backlog to drain', () => pending() === 0);
    expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued));
  });

  it('holds the ack of a batch in flight when a session begins, and applies it once the session ends', async () => {
    const r = await startReceiver();
    const queued = journalRecords(300);
    const v = visitor(false);
    let answered = 0;
    startForwarder(r.url, {
      batchRecords: 100,
      visitorPresent: v.check,
      wrap: (t) => ({
        ...t,
        heartbeat: (body) => t.heartbeat(body),
        close: () => t.close(),
        send: async (batch) => {
          if (answered === 0) v.present = true; // a person steps up while the first batch is on its way
          const sent = await t.send(batch);
          answered++;
          return sent;
        },
      }),
    });
    await waitFor('the first batch to be answered', () => answered === 1);
    const polls = v.polls;
    await waitFor('the forwarder to be giving way', () => v.polls >= polls + 10);
    expect(records.count()).toBe(100); // the platform has the batch
    expect(pending()).toBe(queued); // the gate has not applied its ack
    expect(answered).toBe(1);
    v.present = false;
    await waitFor('the backlog to drain', () => pending() === 0);
    expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued));
  });

  it('drains at busyRecordsPerSecond within 10 s of a visitor, at maxRecordsPerSecond otherwise', async () => {
    const r = await startReceiver();
    const pace = { batchRecords: 50, maxRecordsPerSecond: 100_000, busyRecordsPerSecond: 100 };
    const timed = async (): Promise<number> => {
      const from = performance.now();
      await waitFor('the backlog to drain', () => pending() === 0, 20_000);
      return performance.now() - from;
    };
    journalRecords(300);
    let seen = false;
    // A visitor present at the first look only: gone before the first batch, but the gate is busy.
    const f = startForwarder(r.url, { ...pace, visitorPresent: () => !seen && (seen = true) });
    const busyMs = await timed();
    await f.stop();
    journalRecords(300, 301);
    startForwarder(r.url, { ...pace, visitorPresent: () => false });
    const idleMs = await timed();
    // 300 records at 100 a second, the first batch unpaced: at least 2.5 s; unpaced, a fraction of that.
    expect(busyMs).toBeGreaterThanOrEqual(2500);
    expect(idleMs).toBeLessThan(2000);
    expect(records.seqs(GATE, store.epoch)).toEqual(range(1, 600));
  }, 40_000);

  it(`gives way at most ${MAX_GIVE_WAY_MS} ms at a time: a lane never between sessions still drains`, async () => {
    const r = await startReceiver();
    const queued = journalRecords(20);
    const startedAt = performance.now();
    startForwarder(r.url, { batchRecords: 100, visitorPresent: () => true });
    await waitFor('the backlog to drain', () => pending() === 0, 3 * MAX_GIVE_WAY_MS);
    // Once before the batch goes, once before its ack is applied.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(2 * MAX_GIVE_WAY_MS - 50);
    expect(records.seqs(GATE, store.epoch)).toEqual(range(1, queued));
  }, 30_000);
});
