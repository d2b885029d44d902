/**
 * The HTTPS transport against the reference receiver over real TLS (a throw-away CA, pinned): a good ack,
 * then every hostile answer a platform or the network can give, each a failure value with its code.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HttpsTransportConfig, httpsTransport } from '../../main/uplink/https-transport.js';
import { MAX_RETRY_AFTER_MS } from '../../main/uplink/retry-after.js';
import type { UplinkTransport } from '../../main/uplink/transport.js';
import { type TestCerts, makeTestCerts } from './certs.js';
import { HttpReceiver, type ReceiverOptions } from './http-receiver.js';
import { ReceivedRecords } from './received-records.js';
import { eventBatch, heartbeatJson, tempFolder } from './support.js';

const TIMEOUT_MS = 1000;
const NOW = Date.parse('2026-01-01T00:00:00.000Z');

let certs: TestCerts;
let tmp: ReturnType<typeof tempFolder>;
let records: ReceivedRecords;
let receiver: HttpReceiver;
const open: UplinkTransport[] = [];

beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs.remove());

beforeEach(async () => {
  tmp = tempFolder('uplink-https-');
  records = new ReceivedRecords(join(tmp.dir, 'received.sqlite'));
  receiver = await HttpReceiver.start({ records, tls: { cert: certs.server.cert, key: certs.server.key } });
});
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  await receiver.close();
  records.close();
  tmp.remove();
});

async function restart(opts: Omit<ReceiverOptions, 'records'>): Promise<void> {
  await receiver.close();
  receiver = await HttpReceiver.start({ records, ...opts });
}

function transport(over: Partial<HttpsTransportConfig> = {}): UplinkTransport {
  const made = httpsTransport({ kind: 'https', caFile: certs.ca, timeoutMs: TIMEOUT_MS, ...over, url: over.url ?? receiver.url }, () => NOW);
  if (!made.ok) throw new Error(made.error.message);
  open.push(made.value);
  return made.value;
}

function file(name: string, text: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
}

/** The failure of sending a valid batch (the test fails if it was acknowledged). */
async function sendFails(t: UplinkTransport = transport()): Promise<{ code: string; message: string; retryAfterMs?: number; reason?: string }> {
  const r = await t.send(eventBatch());
  if (r.ok) throw new Error(`acknowledged: ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('a good platform', () => {
  it('acknowledges a batch over pinned TLS: the ack names the batch, the record is stored', async () => {
    const batch = eventBatch({ count: 3 });
    const r = await transport().send(batch);
    expect(r).toEqual({ ok: true, value: { v: 1, batch: batch.id, accepted: 3, rejected: [] } });
    expect(records.count()).toBe(3);
    expect(records.invalid).toEqual([]);
  });

  it('keeps one connection alive across requests', async () => {
    const t = transport();
    for (let i = 0; i < 3; i++) expect((await t.send(eventBatch())).ok).toBe(true);
    expect(receiver.counts.requests).toBe(3);
    expect(receiver.counts.connections).toBe(1);
  });

  it('sends heartbeats to <url>/heartbeat, with or without a trailing slash on the url', async () => {
    for (const url of [receiver.url, `${receiver.url}/`]) {
      expect(await transport({ url }).heartbeat(heartbeatJson(randomUUID()))).toEqual({ ok: true, value: undefined });
    }
    expect(receiver.counts.heartbeats).toBe(2);
    expect(records.count()).toBe(0);
  });

  it('a heartbeat the platform finds invalid is uplink.rejected with its reason', async () => {
    const f = await transport().heartbeat('{"v":1}');
    expect(f).toMatchObject({ ok: false, error: { code: 'uplink.rejected' } });
    expect(records.invalid).toHaveLength(1);
  });

  it('an ack that rejects a record is still the ack (the forwarder sets the record aside)', async () => {
    records.rejectWhen = (r) => (r.seq === 2 ? 'payload.detail is not what the platform expects' : undefined);
    const batch = eventBatch({ count: 3 });
    const r = await transport().send(batch);
    expect(r).toEqual({ ok: true, value: { v: 1, batch: batch.id, accepted: 3, rejected: [{ seq: 2, reason: 'payload.detail is not what the platform expects' }] } });
  });

  it('after close() sends nothing', async () => {
    const t = transport();
    await t.close();
    expect(await sendFails(t)).toMatchObject({ code: 'uplink.unreachable' });
    expect(receiver.counts.requests).toBe(0);
  });
});

describe('hostile answers to a batch', () => {
  const ackBody = (batch: string): string => JSON.stringify({ v: 1, batch, accepted: 1, rejected: [] });

  it.each([
    ['200 with an empty body', { status: 200 }],
    ['200 with a body that is not JSON', { status: 200, body: '{"v":1,' }],
    ['200 with JSON that is no ack', { status: 200, body: '{"ok":true}' }],
    ['200 with an ack for another batch', { status: 200, body: ackBody(randomUUID()) }],
    ['204 with no body', { status: 204 }],
  ])('%s: uplink.bad-ack', async (_name, reply) => {
    receiver.faults.reply = reply;
    expect(await sendFails()).toMatchObject({ code: 'uplink.bad-ack' });
  });

  it('a valid ack padded past 4 MiB is uplink.bad-ack: at most 4 MiB of an answer is read (the largest valid ack is about 2.6 MB) (chunked, and with a content-length)', async () => {
    const t = transport();
    const batch = eventBatch();
    const padded = ackBody(batch.id) + ' '.repeat(5 << 20);
    receiver.faults.reply = { status: 200, body: padded };
    expect(await t.send(batch)).toMatchObject({ ok: false, error: { code: 'uplink.bad-ack', message: expect.stringContaining('larger than 4194304') } });
    receiver.faults.reply = { status: 200, headers: { 'content-length': Buffer.byteLength(padded) }, body: padded };
    expect(await t.send(batch)).toMatchObject({ ok: false, error: { code: 'uplink.bad-ack', message: expect.stringContaining('larger than 4194304') } });
    // The same ack unpadded is taken: the size, not the content, failed it.
    receiver.faults.reply = { status: 200, body: ackBody(batch.id) };
    expect((await t.send(batch)).ok).toBe(true);
  });

  it('an endless body is cut off at 4 MiB (uplink.bad-ack), not read until the timeout', async () => {
    receiver.faults.reply = { status: 200, endless: { chunk: Buffer.alloc(64 << 10, 0x20), everyMs: 0 } };
    expect(await sendFails()).toMatchObject({ code: 'uplink.bad-ack' });
  });

  it.each([
    ['0', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['1e9', undefined],
    ['soon', undefined],
    ['7', 7000],
    ['1000000000', MAX_RETRY_AFTER_MS],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Thursday, 01-Jan-26 00:00:30 GMT', 30_000],
    ['Thu Jan  1 00:00:30 2026', 30_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['Fri, 01 Jan 9999 00:00:00 GMT', MAX_RETRY_AFTER_MS],
  ])('429 with Retry-After %j: uplink.throttled, retryAfterMs %j', async (header, ms) => {
    receiver.faults.reply = { status: 429, headers: { 'retry-after': header } };
    const f = await sendFails();
    expect(f.code).toBe('uplink.throttled');
    expect(f.retryAfterMs).toBe(ms);
  });

  it('429 without Retry-After is uplink.throttled; 503 only with one (else uplink.http-status)', async () => {
    receiver.faults.reply = { status: 429 };
    expect(await sendFails()).toEqual({ code: 'uplink.throttled', message: expect.any(String) });
    receiver.faults.reply = { status: 503, headers: { 'retry-after': '5' } };
    expect(await sendFails()).toMatchObject({ code: 'uplink.throttled', retryAfterMs: 5000 });
    receiver.faults.reply = { status: 503 };
    expect(await sendFails()).toMatchObject({ code: 'uplink.http-status' });
  });

  it.each([
    [500, 'uplink.http-status'],
    [502, 'uplink.http-status'],
    [404, 'uplink.http-status'],
    [418, 'uplink.http-status'],
    [409, 'uplink.duplicate'],
    [401, 'uplink.auth'],
    [403, 'uplink.auth'],
  ])('HTTP %i: %s', async (status, code) => {
    receiver.faults.reply = { status, body: 'nope' };
    expect(await sendFails()).toMatchObject({ code });
  });

  it('a 301 redirect to http:// is uplink.http-status and not followed', async () => {
    receiver.faults.reply = { status: 301, headers: { location: receiver.url.replace('https:', 'http:') } };
    expect(await sendFails()).toMatchObject({ code: 'uplink.http-status', message: expect.stringContaining('not followed') });
    receiver.faults.reply = { status: 307, headers: { location: receiver.url } };
    expect(await sendFails()).toMatchObject({ code: 'uplink.http-status' });
    expect(receiver.counts.requests).toBe(2);
  });

  it.each([400, 413, 422])('HTTP %i with a text body: uplink.rejected, the reason printable and at most 500 characters', async (status) => {
    receiver.faults.reply = { status, body: `record 3:\u001b[31m bad\r\n\u202e${'x'.repeat(1000)}` };
    const f = await sendFails();
    expect(f.code).toBe('uplink.rejected');
    // ESC, CR LF and the bidi override became spaces; what remains is printable.
    expect(f.reason).toMatch(/^record 3: \[31m bad x+$/);
    expect(f.reason).toHaveLength(500);
  });

  it('HTTP 400 with an empty body: uplink.rejected with a reason all the same', async () => {
    receiver.faults.reply = { status: 400 };
    expect(await sendFails()).toMatchObject({ code: 'uplink.rejected', reason: 'HTTP 400 without a reason' });
  });

  it('the reference receiver refusing a record answers 400 with the reason in plain text', async () => {
    receiver.faults.refuseWith = (r) => (r.seq === 2 ? 'record 2: detail.n must be odd' : undefined);
    const r = await transport().send(eventBatch({ count: 3 }));
    expect(r.ok ? r.value : r.error).toMatchObject({ code: 'uplink.rejected', reason: 'record 2: detail.n must be odd' });
    expect(records.count()).toBe(0);
  });

  it('HTTP 400 whose body is a valid ack for this batch is the ack', async () => {
    const t = transport();
    const batch = eventBatch({ count: 2 });
    const a = { v: 1, batch: batch.id, accepted: 2, rejected: [{ seq: 1, reason: 'bad' }] };
    receiver.faults.reply = { status: 400, body: JSON.stringify(a) };
    expect(await t.send(batch)).toEqual({ ok: true, value: a });
    receiver.faults.reply = { status: 422, body: ackBody(randomUUID()) };
    expect(await t.send(batch)).toMatchObject({ ok: false, error: { code: 'uplink.rejected' } });
  });
});

describe('no answer in time', () => {
  it('a server that never answers: uplink.timeout', async () => {
    receiver.faults.hang = true;
    const started = performance.now();
    expect(await sendFails()).toMatchObject({ code: 'uplink.timeout' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('a slow loris (headers, then a byte every 100 ms): uplink.timeout, though bytes keep coming', async () => {
    receiver.faults.reply = { status: 200, headers: { 'content-type': 'application/json' }, endless: { chunk: ' ', everyMs: 100 } };
    expect(await sendFails()).toMatchObject({ code: 'uplink.timeout' });
  });

  it('an answer slower than the timeout: uplink.timeout (the batch was stored: it goes again, de-duplicated)', async () => {
    receiver.faults.slowMs = TIMEOUT_MS + 500;
    expect(await sendFails()).toMatchObject({ code: 'uplink.timeout' });
    expect(records.count()).toBe(1);
  });

  it('an answer lost after the commit: uplink.unreachable', async () => {
    receiver.faults.loseResponse = 1;
    expect(await sendFails()).toMatchObject({ code: 'uplink.unreachable' });
    expect(receiver.counts.lost).toBe(1);
  });

  it('a port nobody listens on: uplink.unreachable', async () => {
    const url = receiver.url;
    await receiver.close();
    expect(await sendFails(transport({ url }))).toMatchObject({ code: 'uplink.unreachable' });
    expect(await transport({ url }).heartbeat(heartbeatJson(randomUUID()))).toMatchObject({ ok: false, error: { code: 'uplink.unreachable' } });
    receiver = await HttpReceiver.start({ records });
  });
});

describe('TLS and credentials', () => {
  it('a server certificate from a CA other than the pinned one: uplink.tls', async () => {
    expect(await sendFails(transport({ caFile: certs.otherCa }))).toMatchObject({ code: 'uplink.tls' });
    expect(receiver.counts.requests).toBe(0);
  });

  it('without a pinned CA the system store applies, and it does not know the test CA: uplink.tls', async () => {
    const { caFile: _, ...unpinned } = { kind: 'https' as const, url: receiver.url, caFile: certs.ca, timeoutMs: TIMEOUT_MS };
    const made = httpsTransport(unpinned);
    if (!made.ok) throw new Error(made.error.message);
    open.push(made.value);
    expect(await sendFails(made.value)).toMatchObject({ code: 'uplink.tls' });
  });

  it('the bearer token: the right one (read trimmed) is taken, a wrong one is uplink.auth', async () => {
    await restart({ tls: { cert: certs.server.cert, key: certs.server.key }, token: 'gate-test.s3cr3t' });
    expect((await transport({ tokenFile: file('token', '  gate-test.s3cr3t\n') }).send(eventBatch())).ok).toBe(true);
    expect(await sendFails(transport({ tokenFile: file('wrong', 'gate-test.guess\n') }))).toMatchObject({ code: 'uplink.auth' });
    expect(await sendFails(transport())).toMatchObject({ code: 'uplink.auth' });
    expect(records.count()).toBe(1);
  });

  it('mutual TLS: with the client certificate the batch is taken; without it, a failure (no crash) and nothing stored', async () => {
    await restart({ tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca } });
    expect((await transport({ certFile: certs.client.cert, keyFile: certs.client.key }).send(eventBatch())).ok).toBe(true);
    const f = await sendFails(transport());
    expect(['uplink.tls', 'uplink.unreachable']).toContain(f.code);
    expect(receiver.counts.tlsErrors).toBeGreaterThan(0);
    expect(records.count()).toBe(1);
  });

  it('plain http:// works without TLS settings (a platform on this machine, a test)', async () => {
    await restart({});
    const made = httpsTransport({ kind: 'https', url: receiver.url, timeoutMs: TIMEOUT_MS });
    if (!made.ok) throw new Error(made.error.message);
    open.push(made.value);
    expect((await made.value.send(eventBatch())).ok).toBe(true);
  });
});

describe('the factory reads and checks the files once', () => {
  const base = (): HttpsTransportConfig => ({ kind: 'https', url: receiver.url, timeoutMs: TIMEOUT_MS });

  it.each([
    ['caFile', { caFile: '/nonexistent/ca.pem' }],
    ['tokenFile', { tokenFile: '/nonexistent/token' }],
    ['certFile', { certFile: '/nonexistent/client.pem', keyFile: '/nonexistent/client.key' }],
  ])('a missing %s: uplink.config naming the field and the path', (field, over) => {
    const r = httpsTransport({ ...base(), ...over });
    expect(r).toMatchObject({ ok: false, error: { code: 'uplink.config', path: `uplink.transport.${field}`, message: expect.stringContaining('/nonexistent/') } });
  });

  it('a folder, an empty file, a CA file without a certificate, a broken certificate: uplink.config', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----\n';
    for (const caFile of [tmp.dir, file('empty.pem', ''), file('key-only.pem', 'not a certificate'), file('broken.pem', broken)]) {
      expect(httpsTransport({ ...base(), caFile })).toMatchObject({ ok: false, error: { code: 'uplink.config', path: 'uplink.transport.caFile' } });
    }
  });

  it('a key that is not the certificate’s: uplink.config on keyFile', () => {
    expect(httpsTransport({ ...base(), certFile: certs.client.cert, keyFile: certs.server.key })).toMatchObject({ ok: false, error: { code: 'uplink.config', path: 'uplink.transport.keyFile' } });
  });

  it('a token file holding more than one token, or a header break: uplink.config', () => {
    for (const text of ['two tokens', 'abc\r\nX-Evil: 1', '\n']) {
      expect(httpsTransport({ ...base(), tokenFile: file('token', text) })).toMatchObject({ ok: false, error: { code: 'uplink.config', path: 'uplink.transport.tokenFile' } });
    }
  });

  it('a url that is not http(s): uplink.config on url', () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/uplink']) {
      expect(httpsTransport({ ...base(), url })).toMatchObject({ ok: false, error: { code: 'uplink.config', path: 'uplink.transport.url' } });
    }
  });

  it('TLS files with an http:// url: uplink.config (they would be silently unused)', () => {
    expect(httpsTransport({ ...base(), url: 'http://127.0.0.1:1/uplink', caFile: certs.ca })).toMatchObject({ ok: false, error: { code: 'uplink.config', path: 'uplink.transport.caFile' } });
  });
});
