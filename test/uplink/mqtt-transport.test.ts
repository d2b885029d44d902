/**
 * The MQTT transport (main/uplink/mqtt-transport.ts) against a real Mosquitto with the fleet ACL: only the
 * platform's ack naming the batch is an ack; a PUBACK, garbage and other batches' acks are not; a broker
 * away is `uplink.unreachable`, a refused credential or publish `uplink.auth`. The "platform" here is a raw
 * client as the platform user, so each test decides what it answers.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MqttTransport, type MqttTransportConfig, mqttTransport } from '../../main/uplink/mqtt-transport.js';
import type { OutgoingBatch } from '../../main/uplink/transport.js';
import type { Ack } from '../../src/uplink/wire.js';
import { waitFor } from '../harness/gate.js';
import { type TestCerts, makeTestCerts } from './certs.js';
import { PASSWORDS_AVAILABLE, startMosquitto } from '../../bench/uplink/mosquitto.js';
import { useMosquitto } from './use-mosquitto.js';
import { USERS, gateConfig, rawClient, usePasswordFiles } from './mqtt-clients.js';
import { MqttPlatform } from './mqtt-platform.js';
import { eventBatch, tempFolder } from './support.js';

const EPOCH = randomUUID();
const ackFor = (b: OutgoingBatch, accepted: number | null = b.seqs.at(-1) ?? null): Ack => ({ v: 1, batch: b.id, accepted, rejected: [] });

describe.runIf(PASSWORDS_AVAILABLE)('the MQTT transport on Mosquitto', () => {
  const mq = useMosquitto({ users: USERS });
  const passwords = usePasswordFiles();
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
    if (!mq.broker.running()) await mq.broker.start();
  });

  function gate(over: Parameters<typeof gateConfig>[2] = {}, id = 'gate-a'): MqttTransport {
    const t = mqttTransport(gateConfig(mq.broker, passwords.file('gate-a'), over), id);
    if (!t.ok) throw new Error(t.error.message);
    open.push(t.value);
    return t.value;
  }

  /** A raw platform client that calls `answer` with every batch a gate publishes. */
  async function platformThat(answer: (batch: OutgoingBatch & { gate: string }, p: MqttClient) => void): Promise<{ batches: string[] }> {
    const p = await rawClient(mq.broker, 'platform');
    open.push({ close: () => p.endAsync(true) });
    const batches: string[] = [];
    p.on('message', (topic, payload) => {
      const body = payload.toString();
      batches.push(body);
      const parsed = JSON.parse(body) as { batch: string; nonce: string; records: { seq: number }[] };
      answer({ id: parsed.batch, body, seqs: parsed.records.map((r) => r.seq), nonce: parsed.nonce, gate: topic.split('/')[1]! }, p);
    });
    await p.subscribeAsync('gates/+/records', { qos: 1 });
    return { batches };
  }

  it('returns the platform’s ack naming the batch (the reference platform stored it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-mqtt-platform-'));
    const platform = await MqttPlatform.start({ url: mq.broker.url, file: join(dir, 'platform.sqlite'), username: 'platform', password: USERS.platform });
    open.push({ close: async () => (await platform.close(), rmSync(dir, { recursive: true, force: true })) });
    const batch = eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 7 });

    const sent = await gate().send(batch);

    expect(sent).toEqual({ ok: true, value: { v: 1, batch: batch.id, accepted: 7, rejected: [] } });
    expect(platform.records.seqs('gate-a', EPOCH)).toEqual([7]);
  });

  it('times out when the broker took the batch (PUBACK) but no platform answers', async () => {
    const silent = await platformThat(() => undefined);
    const t = gate({ timeoutMs: 800 });
    const batch = eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 1 });
    const started = performance.now();

    const sent = await t.send(batch);

    expect(sent.ok ? sent.value : sent.error.code).toBe('uplink.timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(790);
    // The broker had it: it delivered the batch to the (silent) platform.
    expect(silent.batches.map((b) => (JSON.parse(b) as { batch: string }).batch)).toEqual([batch.id]);
  });

  it('ignores (and counts) garbage on the ack topic; the wait goes on to the real ack', async () => {
    await platformThat((b, p) => {
      for (const junk of ['not json', '{"v":1,"batch":"x"}', JSON.stringify({ ...ackFor(b), v: 2 }), '']) p.publish(`gates/${b.gate}/ack`, junk, { qos: 1 });
      p.publish(`gates/${b.gate}/ack`, JSON.stringify(ackFor(b)), { qos: 1 });
    });
    const t = gate();
    const batch = eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 2 });

    const sent = await t.send(batch);

    expect(sent).toEqual({ ok: true, value: ackFor(batch) });
    expect(t.ignoredAcks()).toEqual({ invalid: 4, stale: 0 });
  });

  it('ignores (and counts) an ack for another batch; only the one naming this batch ends the wait', async () => {
    await platformThat((b, p) => {
      p.publish(`gates/${b.gate}/ack`, JSON.stringify({ ...ackFor(b), batch: randomUUID() }), { qos: 1 });
      p.publish(`gates/${b.gate}/ack`, JSON.stringify(ackFor(b)), { qos: 1 });
    });
    const t = gate();
    const batch = eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 3 });

    expect(await t.send(batch)).toEqual({ ok: true, value: ackFor(batch) });
    expect(t.ignoredAcks()).toEqual({ invalid: 0, stale: 1 });
  });

  it('times out on a stale ack alone', async () => {
    await platformThat((b, p) => p.publish(`gates/${b.gate}/ack`, JSON.stringify({ ...ackFor(b), batch: randomUUID() }), { qos: 1 }));
    const t = gate({ timeoutMs: 800 });

    const sent = await t.send(eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 4 }));

    expect(sent.ok ? sent.value : sent.error.code).toBe('uplink.timeout');
    expect(t.ignoredAcks().stale).toBe(1);
  });

  it('keeps its session: an ack published while the gate was away arrives at its next connect, and is stale', async () => {
    const first = gate();
    expect((await first.heartbeat('{}')).ok).toBe(true);
    await first.close();
    const p = await rawClient(mq.broker, 'platform');
    open.push({ close: () => p.endAsync(true) });
    await p.publishAsync('gates/gate-a/ack', JSON.stringify(ackFor(eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 5 }))), { qos: 1 });

    const again = gate();
    expect((await again.heartbeat('{}')).ok).toBe(true);

    await waitFor('the kept ack', () => again.ignoredAcks().stale === 1);
  });

  it('publishes the heartbeat retained: a platform subscribing later still gets the latest', async () => {
    const t = gate();
    expect(await t.heartbeat('{"n":1}')).toEqual({ ok: true, value: undefined });
    expect(await t.heartbeat('{"n":2}')).toEqual({ ok: true, value: undefined });
    const p = await rawClient(mq.broker, 'platform');
    open.push({ close: () => p.endAsync(true) });
    const got: { body: string; retain: boolean }[] = [];
    p.on('message', (_topic, payload, packet) => got.push({ body: payload.toString(), retain: packet.retain }));
    await p.subscribeAsync('gates/+/heartbeat', { qos: 1 });

    await waitFor('the retained heartbeat', () => got.length > 0);
    expect(got).toEqual([{ body: '{"n":2}', retain: true }]);
  });

  it('is unreachable while the broker is down, and reconnects at the next call once it is back', async () => {
    const t = gate({ timeoutMs: 2_000 });
    expect((await t.heartbeat('{}')).ok).toBe(true);
    await mq.broker.stop();

    const hb = await t.heartbeat('{}');
    const sent = await t.send(eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 6 }));

    expect(hb.ok ? hb : hb.error.code).toBe('uplink.unreachable');
    expect(sent.ok ? sent : sent.error.code).toBe('uplink.unreachable');
    await mq.broker.start();
    expect(await t.heartbeat('{}')).toEqual({ ok: true, value: undefined });
  });

  it('fails a wait at once with uplink.unreachable when the broker goes away (not after timeoutMs)', async () => {
    await platformThat(() => void mq.broker.stop());
    const t = gate({ timeoutMs: 20_000 });
    const started = performance.now();

    const sent = await t.send(eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 7 }));

    expect(sent.ok ? sent : sent.error.code).toBe('uplink.unreachable');
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('is uplink.auth for a wrong password (CONNACK not authorised)', async () => {
    const r = mqttTransport(gateConfig(mq.broker, passwords.file('gate-b')), 'gate-a');
    if (!r.ok) throw new Error(r.error.message);
    open.push(r.value);

    const hb = await r.value.heartbeat('{}');

    expect(hb.ok ? hb : hb.error.code).toBe('uplink.auth');
  });

  it('is uplink.auth when the ACL refuses this gate’s topics (a user name that is not the gate id)', async () => {
    const r = mqttTransport(gateConfig(mq.broker, passwords.file('gate-b'), { username: 'gate-b' }), 'gate-a');
    if (!r.ok) throw new Error(r.error.message);
    open.push(r.value);

    const hb = await r.value.heartbeat('{}');
    const sent = await r.value.send(eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 8 }));

    expect(hb.ok ? hb : hb.error.code).toBe('uplink.auth');
    expect(sent.ok ? sent : sent.error.code).toBe('uplink.auth');
  });

  it('leaves nothing running after close(): no socket, no timer (and no reconnection while the broker restarts)', async () => {
    const count = (kind: string): number => process.getActiveResourcesInfo().filter((h) => h === kind).length;
    const before = { sockets: count('TCPSocketWrap'), timers: count('Timeout') };
    const t = mqttTransport(gateConfig(mq.broker, passwords.file('gate-a')), 'gate-a');
    if (!t.ok) throw new Error(t.error.message);
    expect((await t.value.heartbeat('{}')).ok).toBe(true);
    expect(count('TCPSocketWrap')).toBe(before.sockets + 1);

    await t.value.close();
    await mq.broker.restart();

    await waitFor('the socket and timers gone', () => count('TCPSocketWrap') === before.sockets && count('Timeout') <= before.timers);
    expect(await t.value.heartbeat('{}')).toMatchObject({ ok: false, error: { code: 'uplink.unreachable' } });
  });
});

describe.runIf(PASSWORDS_AVAILABLE)('the MQTT transport on a broker whose ACL lets a gate read its acks but publish nothing', () => {
  const passwords = usePasswordFiles();
  let aclDir = '';
  let broker: Awaited<ReturnType<typeof startMosquitto>>;
  beforeAll(async () => {
    aclDir = mkdtempSync(join(tmpdir(), 'gate-mqtt-acl-'));
    const acl = join(aclDir, 'read-only.acl');
    writeFileSync(acl, 'pattern read gates/%u/ack\n');
    broker = await startMosquitto({ users: USERS, aclFile: acl });
  });
  afterAll(async () => {
    await broker?.dispose();
    rmSync(aclDir, { recursive: true, force: true });
  });

  it('is uplink.auth for a publish the broker refuses (PUBACK 0x87)', async () => {
    const r = mqttTransport(gateConfig(broker, passwords.file('gate-a')), 'gate-a');
    if (!r.ok) throw new Error(r.error.message);
    try {
      const hb = await r.value.heartbeat('{}');
      const sent = await r.value.send(eventBatch({ gate: 'gate-a', epoch: EPOCH, from: 1 }));
      expect(hb.ok ? hb : hb.error.code).toBe('uplink.auth');
      expect(sent.ok ? sent : sent.error.code).toBe('uplink.auth');
    } finally {
      await r.value.close();
    }
  });
});

describe.runIf(PASSWORDS_AVAILABLE)('the MQTT transport on a broker with a 2,000-byte packet limit', () => {
  const mq = useMosquitto({ users: USERS, extra: ['max_packet_size 2000'] });
  const passwords = usePasswordFiles();

  it('refuses a larger batch itself as uplink.rejected (the CONNACK said the limit), without losing the connection', async () => {
    const r = mqttTransport(gateConfig(mq.broker, passwords.file('gate-a')), 'gate-a');
    if (!r.ok) throw new Error(r.error.message);
    try {
      expect((await r.value.heartbeat('{}')).ok).toBe(true);
      const sent = await r.value.send(eventBatch({ gate: 'gate-a', epoch: EPOCH, detail: { filler: 'x'.repeat(3_000) } }));
      expect(sent).toMatchObject({ ok: false, error: { code: 'uplink.rejected', reason: expect.stringContaining('2000-byte') } });
      expect((await r.value.heartbeat('{}')).ok).toBe(true);
    } finally {
      await r.value.close();
    }
  });

  it('maps the broker’s disconnect for a packet too large (0x95) to uplink.rejected', async () => {
    const r = mqttTransport(gateConfig(mq.broker, passwords.file('gate-a')), 'gate-a');
    if (!r.ok) throw new Error(r.error.message);
    try {
      // A heartbeat is not checked against the limit before it goes (it is small on a real gate).
      const hb = await r.value.heartbeat(JSON.stringify({ filler: 'x'.repeat(3_000) }));
      expect(hb).toMatchObject({ ok: false, error: { code: 'uplink.rejected' } });
    } finally {
      await r.value.close();
    }
  });
});

describe('mqttTransport (the factory)', () => {
  const config = { kind: 'mqtt', url: 'mqtt://127.0.0.1:1', topicPrefix: 'gates', timeoutMs: 1_000, sessionExpirySec: 60 } as const;
  let certs: TestCerts;
  let tmp: ReturnType<typeof tempFolder>;
  beforeAll(() => {
    certs = makeTestCerts();
    tmp = tempFolder('gate-mqtt-factory-');
  });
  afterAll(() => {
    certs?.remove();
    tmp?.remove();
  });
  const file = (name: string, content: string | Buffer): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, content);
    return path;
  };
  const refused = (over: Partial<MqttTransportConfig>, field: string) => expect(mqttTransport({ ...config, ...over }, 'gate-a')).toMatchObject({ ok: false, error: { code: 'uplink.config', path: `uplink.transport.${field}` } });

  it.each(['passwordFile', 'caFile', 'certFile', 'keyFile'] as const)('fails with uplink.config naming %s when that file is missing', (field) => {
    const missing = join(tmpdir(), `gate-no-such-${randomUUID()}`);

    const r = mqttTransport({ ...config, [field]: missing }, 'gate-a');

    expect(r).toMatchObject({ ok: false, error: { code: 'uplink.config', path: `uplink.transport.${field}` } });
    expect(r.ok ? '' : r.error.message).toContain(missing);
  });

  it.each(['passwordFile', 'caFile', 'certFile', 'keyFile'] as const)('fails with uplink.config naming %s for a folder, an empty file, a file over 1 MiB', (field) => {
    for (const path of [tmp.dir, file('empty', ''), file('huge', Buffer.alloc((1 << 20) + 1, 'x'))]) refused({ [field]: path }, field);
  });

  it('fails with uplink.config for a CA or client certificate file without a PEM certificate', () => {
    refused({ caFile: file('not-a-ca.pem', 'not a certificate') }, 'caFile');
    refused({ certFile: file('not-a-cert.pem', 'not a certificate'), keyFile: certs.client.key }, 'certFile');
  });

  it('fails with uplink.config on keyFile for a key that is not the certificate’s', () => {
    refused({ certFile: certs.client.cert, keyFile: certs.server.key }, 'keyFile');
  });

  it('takes a good password, CA, certificate and key', async () => {
    const r = mqttTransport({ ...config, passwordFile: file('password', 'pw\n'), caFile: certs.ca, certFile: certs.client.cert, keyFile: certs.client.key }, 'gate-a');
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    if (r.ok) await r.value.close();
  });

  it('makes a transport that connects only when used (nothing listens on port 1: unreachable, no throw)', async () => {
    const r = mqttTransport(config, 'gate-a');
    if (!r.ok) throw new Error(r.error.message);
    const hb = await r.value.heartbeat('{}');
    await r.value.close();
    expect(hb.ok ? hb : hb.error.code).toBe('uplink.unreachable');
  });
});
