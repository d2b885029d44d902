/**
 * The forwarder (main/uplink/forwarder.ts) over MQTT, end to end on real parts: a journal file with its
 * upstream queue on (Journal + UplinkStore), the MQTT transport, a real Mosquitto with the fleet ACL, and
 * the platform consumer storing into SQLite under UNIQUE (gate, epoch, seq). Exactly once = the platform
 * holds every queued seq, 1..N without a gap, once, and the gate's queue is empty.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { logger } from '../../main/log.js';
import { Forwarder } from '../../main/uplink/forwarder.js';
import { mqttTransport } from '../../main/uplink/mqtt-transport.js';
import { UplinkStore } from '../../main/uplink/store.js';
import { waitFor } from '../harness/gate.js';
import { UPLINK_ON, input, tempDir } from '../journal/helpers.js';
import { PASSWORDS_AVAILABLE } from '../../bench/uplink/mosquitto.js';
import { useMosquitto } from './use-mosquitto.js';
import { USERS, gateConfig, usePasswordFiles } from './mqtt-clients.js';
import { MqttPlatform } from './mqtt-platform.js';
import { heartbeatJson } from './support.js';

const GATE = 'gate-a';
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe.runIf(PASSWORDS_AVAILABLE)('the forwarder over MQTT (Mosquitto + platform consumer)', () => {
  const mq = useMosquitto({ users: USERS });
  const passwords = usePasswordFiles();
  const cleanUps: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanUps.splice(0).reverse()) await c();
    if (!mq.broker.running()) await mq.broker.start();
  });

  /** A gate's journal with its queue on, a forwarder over MQTT (not started) and the platform. */
  async function gateOnMqtt(opts: { batchRecords?: number; timeoutMs?: number } = {}) {
    const tmp = tempDir();
    cleanUps.push(tmp.remove);
    const file = join(tmp.dir, 'journal.sqlite');
    const opened = Journal.open(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const journal = opened.value;
    cleanUps.push(() => journal.close());
    expect(journal.configureUplink(UPLINK_ON).ok).toBe(true);
    const s = UplinkStore.open(file);
    if (!s.ok) throw new Error(s.error.message);
    const store = s.value;
    cleanUps.push(() => store.close());
    const platform = await MqttPlatform.start({ url: mq.broker.url, file: join(tmp.dir, 'platform.sqlite'), username: 'platform', password: USERS.platform, clientId: `platform-${randomUUID()}` });
    cleanUps.push(() => platform.close());
    const t = mqttTransport(gateConfig(mq.broker, passwords.file(GATE), { timeoutMs: opts.timeoutMs ?? 10_000 }), GATE);
    if (!t.ok) throw new Error(t.error.message);
    const forwarder = new Forwarder({
      store,
      transport: t.value,
      config: { gateId: GATE, batch: { records: opts.batchRecords ?? 500, bytes: 1 << 20 }, retry: { firstDelayMs: 100, maxDelayMs: 1000 }, heartbeatEveryMs: 1000 },
      heartbeat: () => heartbeatJson(store.epoch, store.backlog(), GATE),
      wallNow: Date.now,
      log: logger('test:uplink'),
    });
    cleanUps.push(() => forwarder.stop());
    const journalRecords = (from: number, to: number): void => {
      let failed = 0;
      for (let n = from; n <= to; n++) if (!journal.record(input(n)).ok) failed++;
      expect(failed).toBe(0);
    };
    const drained = (queued: number) => () => store.backlog().records === 0 && platform.records.count() === queued;
    return { file, journal, store, platform, transport: t.value, forwarder, journalRecords, drained };
  }

  it('delivers a week offline (14,000 records journaled while the broker is down) exactly once when it returns', { timeout: 180_000 }, async () => {
    const g = await gateOnMqtt();
    await mq.broker.stop();
    g.forwarder.start();

    g.journalRecords(1, 14_000);
    const queued = g.store.backlog().records;
    await waitFor('the forwarder offline', () => g.forwarder.state().state === 'offline');
    expect(queued).toBeGreaterThanOrEqual(14_000);
    expect(g.platform.records.count()).toBe(0);

    const back = performance.now();
    await mq.broker.start();
    await waitFor('the backlog drained to the platform', g.drained(queued), 120_000);
    console.error(`mqtt drain: ${queued} records in ${Math.round(performance.now() - back)} ms after the broker came back (${g.forwarder.stats().batchesSent} batches, ${g.platform.records.duplicateCount} duplicates received)`);

    expect(g.platform.records.seqs(GATE, g.store.epoch)).toEqual(range(queued));
    expect(g.platform.counts.invalid).toBe(0);
    expect(g.forwarder.stats().recordsAcknowledged).toBe(queued);
    await waitFor('a valid heartbeat at the platform', () => g.platform.heartbeats.has(GATE));
    expect(g.platform.badHeartbeats).toEqual([]);
  });

  it('delivers exactly once when 30 % of the platform’s acks are lost (stored, never answered)', { timeout: 120_000 }, async () => {
    const g = await gateOnMqtt({ batchRecords: 100, timeoutMs: 500 });
    g.platform.loseAcks = 0.3;
    g.journalRecords(1, 2_000);
    const queued = g.store.backlog().records;

    g.forwarder.start();
    await waitFor('the backlog drained to the platform', g.drained(queued), 90_000);

    expect(g.platform.records.seqs(GATE, g.store.epoch)).toEqual(range(queued));
    // The fault happened, and what it sent again was stored once.
    expect(g.platform.counts.acksLost).toBeGreaterThan(0);
    expect(g.platform.records.duplicateCount).toBeGreaterThanOrEqual(g.platform.counts.acksLost);
    expect(g.forwarder.stats().failures).toBeGreaterThanOrEqual(g.platform.counts.acksLost);
  });

  it('delivers exactly once when the platform was away (broker up, batches unanswered and resent) and comes back', { timeout: 60_000 }, async () => {
    const g = await gateOnMqtt({ batchRecords: 100, timeoutMs: 500 });
    await g.platform.pause();
    g.journalRecords(1, 300);
    const queued = g.store.backlog().records;
    g.forwarder.start();
    // The broker takes every batch (PUBACK) but nobody acks: the gate is offline and resends.
    await waitFor('two unanswered sends', () => g.forwarder.stats().failures >= 2);
    expect(g.forwarder.state().state).toBe('offline');
    expect(g.store.backlog().records).toBe(queued);

    await g.platform.resume();
    await waitFor('the backlog drained to the platform', g.drained(queued), 30_000);

    expect(g.platform.records.seqs(GATE, g.store.epoch)).toEqual(range(queued));
    // The copies the broker kept for the platform's session while it was away arrived, and were stored once.
    expect(g.platform.records.duplicateCount).toBeGreaterThan(0);
  });

  it('sets aside the one record the platform rejects, with its reason, and the rest flow', async () => {
    const g = await gateOnMqtt();
    g.platform.records.rejectWhen = (r) => (r.seq === 25 ? 'decision d-25 fails the platform’s plausibility check' : undefined);
    g.journalRecords(1, 100);
    g.forwarder.start();

    // 99 decisions and the `uplink.set-aside` event the store journals (queued too: seq 101).
    await waitFor('everything else at the platform', g.drained(100));

    expect(g.platform.records.seqs(GATE, g.store.epoch)).toEqual(range(101).filter((s) => s !== 25));
    expect(g.store.backlog()).toMatchObject({ records: 0, set_aside: 1 });
    const side = new Database(g.file, { readonly: true });
    try {
      expect(side.prepare('SELECT state, reason FROM uplink_queue WHERE seq = 25').get()).toEqual({ state: 'set-aside', reason: 'decision d-25 fails the platform’s plausibility check' });
    } finally {
      side.close();
    }
    expect(g.platform.records.payloads('event')).toMatchObject([{ kind: 'uplink.set-aside', detail: { seq: 25, kind: 'decision', id: 'd-25' } }]);
    expect(g.forwarder.stats().recordsSetAside).toBe(1);
  });
});
