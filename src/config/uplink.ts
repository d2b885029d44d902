/**
 * `uplink`: where this gate's records go (the district platform), over HTTPS or MQTT 5, and how much it
 * keeps while it cannot reach it. Absent: the gate has no platform, queues nothing, and retention alone
 * decides what it keeps. The wire contract is resources/uplink/ (README "Records up").
 */
import { z } from 'zod';
import { quantity } from '../schema-meta.js';

/** A file path relative to the config file (resolved at load, like dataDir). */
const filePath = (what: string): z.ZodString => z.string().min(1).max(4096).describe(`${what}; relative to the config file.`);

/** The default `timeoutMs` of a request (either transport; the bundle pull's too when there is no uplink). */
export const REQUEST_TIMEOUT_MS = 15_000;

/** Ids that go into topics and URLs: no MQTT wildcard, separator or control character can appear. */
export const GATE_ID_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const httpsTransport = z
  .strictObject({
    kind: z.literal('https'),
    url: z
      .url({ protocol: /^https?$/ })
      .describe('Where batches are POSTed (`https://…`; `http://` only for a platform on this machine or a test). Heartbeats go to the same URL with `/heartbeat` appended to its path.'),
    caFile: filePath('PEM file of the CA (or CAs) the platform’s certificate must chain to; given, only it is trusted (pinned), not the system’s').optional(),
    tokenFile: filePath('File holding this gate’s bearer token, sent as `Authorization: Bearer …`').optional(),
    certFile: filePath('PEM client certificate this gate presents (mutual TLS); with `keyFile`').optional(),
    keyFile: filePath('PEM private key of `certFile`').optional(),
    timeoutMs: quantity(z.int().min(500).max(120_000), 'ms', 'How long one request may take, connecting included; then it counts as failed.').default(REQUEST_TIMEOUT_MS),
  })
  .describe('POST each batch; a 2xx whose body is an ack (resources/uplink/ack.schema.json) acknowledges it.');

const mqttTransport = z
  .strictObject({
    kind: z.literal('mqtt'),
    url: z.url({ protocol: /^mqtts?$/ }).describe('The broker: `mqtts://host:8883` (TLS), `mqtt://` only on a trusted network or in a test.'),
    topicPrefix: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'topic levels of letters, digits, `.`, `_`, `-`, separated by `/` (no wildcards)')
      .max(128)
      .default('gates')
      .describe('Topics are `<topicPrefix>/<gateId>/records`, `/ack` and `/heartbeat`.'),
    username: z.string().min(1).max(256).optional().describe('MQTT user name; default the gate id (what a per-gate ACL keys on).'),
    passwordFile: filePath('File holding this gate’s MQTT password').optional(),
    caFile: filePath('PEM file of the CA the broker’s certificate must chain to (pinned)').optional(),
    certFile: filePath('PEM client certificate (mutual TLS); with `keyFile`').optional(),
    keyFile: filePath('PEM private key of `certFile`').optional(),
    timeoutMs: quantity(z.int().min(500).max(120_000), 'ms', 'How long a batch waits for the platform’s ack (not the broker’s PUBACK) before it counts as failed and is sent again.').default(REQUEST_TIMEOUT_MS),
    sessionExpirySec: quantity(z.int().min(0).max(4_294_967_295), undefined, 'How long the broker keeps this gate’s persistent session (its ack subscription and unacknowledged QoS 1 messages) while it is away, in seconds.').default(604_800),
  })
  .describe('MQTT 5, QoS 1, persistent session; the platform acks on the ack topic.');

/** Retrying while the platform cannot be reached (the forwarder; the bundle pull too, with these defaults when there is no uplink). */
export const uplinkRetry = z
  .strictObject({
    firstDelayMs: quantity(z.int().min(100).max(60_000), 'ms', 'Wait after the first failed request.').default(1000),
    maxDelayMs: quantity(z.int().min(1000).max(3_600_000), 'ms', 'Each further failure doubles the wait (with ±50 % jitter), up to this.').default(300_000),
  })
  .default({ firstDelayMs: 1000, maxDelayMs: 300_000 })
  .describe('Retrying while the platform cannot be reached.');

export const uplinkTransport = z.discriminatedUnion('kind', [httpsTransport, mqttTransport]).describe('How records go up: `kind` `https` (POST batches) or `mqtt` (MQTT 5 through a broker); docs/uplink.md §3.');

export const uplinkConfig = z
  .strictObject({
    gateId: z.string().regex(GATE_ID_FORMAT, '1–64 letters, digits, `.`, `_`, `-`, starting with a letter or digit').describe('This gate’s id at the platform (in every record, topic and credential).'),
    transport: uplinkTransport,
    batch: z
      .strictObject({
        records: quantity(z.int().min(1).max(5000), undefined, 'Most records in one batch. Larger batches drain faster over a slow link, but each one is read, sent and acknowledged in one step on the gate’s thread.').default(100),
        bytes: quantity(z.int().min(4096).max(16_777_216), undefined, 'Most bytes of records in one batch (a single larger record goes alone).').default(262_144),
      })
      .default({ records: 100, bytes: 262_144 })
      .describe('How records are batched.'),
    backlog: z
      .strictObject({
        maxRecords: quantity(z.int().min(100).max(10_000_000), undefined, 'Most unacknowledged records kept.').default(1_000_000),
        maxMB: quantity(z.int().min(1).max(100_000), 'MB', 'Most bytes of unacknowledged records kept.').default(1024),
        whenFull: z
          .enum(['drop-oldest', 'refuse-admit'])
          .default('drop-oldest')
          .describe(
            '`drop-oldest`: keep deciding; the oldest unacknowledged records are dropped, each counted, and an `uplink.overflow` event saying how many and which is sent first when the link returns. `refuse-admit`: nothing is dropped; while the backlog is full every admit becomes a referral to the guard (note `uplink-backlog-full`), and the refusals and events go in over the cap.',
          ),
      })
      .default({ maxRecords: 1_000_000, maxMB: 1024, whenFull: 'drop-oldest' })
      .describe('The bound on what waits to go up, and what happens at it.'),
    retry: uplinkRetry,
    maxRecordsPerSecond: quantity(
      z.int().min(100).max(1_000_000),
      undefined,
      'The fastest a backlog drains, in records a second: the forwarder shares the gate’s thread with the lanes, and spacing its batches keeps a long drain from slowing their decisions (a week offline at a busy gate, 14,000 records, still goes up in a few seconds).',
    ).default(6000),
    busyRecordsPerSecond: quantity(
      z.int().min(10).max(1_000_000),
      undefined,
      'The fastest a backlog drains while people are passing (a session under way on some lane in the last 10 s). The forwarder never writes during a session, but what it wrote just before is still being flushed when the next person’s decision commits; a slower drain between visitors keeps that small. At most `maxRecordsPerSecond`.',
    ).default(1000),
    heartbeatEveryMs: quantity(z.int().min(1000).max(3_600_000), 'ms', 'How often the latest heartbeat (service, lanes, backlog) is sent; heartbeats are not queued.').default(60_000),
  })
  .superRefine((u, ctx) => {
    const t = u.transport;
    if ((t.certFile === undefined) !== (t.keyFile === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'certFile and keyFile go together', path: ['transport', t.certFile === undefined ? 'certFile' : 'keyFile'] });
    }
    if (u.busyRecordsPerSecond > u.maxRecordsPerSecond) ctx.addIssue({ code: 'custom', message: 'must not exceed uplink.maxRecordsPerSecond', path: ['busyRecordsPerSecond'] });
    if (u.retry.firstDelayMs > u.retry.maxDelayMs) ctx.addIssue({ code: 'custom', message: 'must not exceed uplink.retry.maxDelayMs', path: ['retry', 'firstDelayMs'] });
  })
  .describe('Records up to the district platform (README “Records up”). Absent: no platform; nothing is queued.');

export type UplinkConfig = z.output<typeof uplinkConfig>;
export type UplinkTransportConfig = UplinkConfig['transport'];
