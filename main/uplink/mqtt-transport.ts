/**
 * The uplink over MQTT 5 (config `uplink.transport.kind = "mqtt"`, the `mqtt` package). Client id
 * `gate-<gateId>`, a persistent session (`clean: false` + `sessionExpirySec`), QoS 1 throughout. Topics:
 * `<prefix>/<gate>/records` (one batch per message), `<prefix>/<gate>/ack` (the platform's answers; this
 * gate subscribes at every connect), `<prefix>/<gate>/heartbeat` (retained).
 *
 * A PUBACK only proves the broker has a batch: `send` is ok only once the platform's own ack naming the
 * batch arrives on the ack topic. Anything else there — not JSON, not an ack, or an ack for a batch it is
 * not waiting for (a resent batch's earlier copy, or an answer the broker kept for the session while the
 * gate was away) — is ignored and counted. A heartbeat is ok on its PUBACK: there the broker, which keeps it
 * retained for the platform, is the other end.
 *
 * No automatic reconnection (`reconnectPeriod: 0`): a call that finds no connection makes one attempt, so
 * the forwarder's backoff with jitter alone paces the retries (a fleet that lost its broker does not come
 * back in lockstep), and nothing runs between calls. Connecting and the ack wait each get `timeoutMs`.
 * Losing the connection fails what is in flight at once with `uplink.unreachable`.
 */
import { Socket } from 'node:net';
import { type IClientOptions, type MqttClient, ReasonCodes, connect } from 'mqtt';
import { type Result, err, failure, ok } from '../../src/result.js';
import { type Ack, ack as ackSchema } from '../../src/uplink/wire.js';
import { mqttConnectionFailure, publishFailure } from './mqtt-failure.js';
import { type MqttTransportConfig, mqttConnectOptions } from './mqtt-options.js';
import type { TransportConfigFailure } from './transport-files.js';
import type { OutgoingBatch, UplinkFailure, UplinkTransport } from './transport.js';

export type { MqttTransportConfig };

/** The largest message the broker may deliver to the gate (an ack with 5,000 rejections of 500 characters fits). */
const MAX_INCOMING_BYTES = 8 * 1024 * 1024;
/** A PUBLISH's fixed header, topic length, packet id and property length, at most. */
const PUBLISH_OVERHEAD_BYTES = 16;

export interface MqttTopics {
  readonly records: string;
  readonly ack: string;
  readonly heartbeat: string;
}

export const mqttTopics = (prefix: string, gateId: string): MqttTopics => ({
  records: `${prefix}/${gateId}/records`,
  ack: `${prefix}/${gateId}/ack`,
  heartbeat: `${prefix}/${gateId}/heartbeat`,
});

/** Messages on the ack topic that were ignored, since the transport was made. */
export interface IgnoredAcks {
  /** Not JSON, or not an ack (resources/uplink/ack.schema.json). */
  readonly invalid: number;
  /** A valid ack for a batch no `send` is waiting for. */
  readonly stale: number;
}

export interface MqttTransport extends UplinkTransport {
  ignoredAcks(): IgnoredAcks;
}

/**
 * Reads and checks the password, CA and client certificate files now (mqtt-options.ts; paths already
 * resolved against the config file): a bad one is an `uplink.config` failure naming its field. Connects at
 * the first call.
 */
export function mqttTransport(config: MqttTransportConfig, gateId: string): Result<MqttTransport, TransportConfigFailure> {
  const connectOptions = mqttConnectOptions(config, gateId);
  if (!connectOptions.ok) return connectOptions;
  const options: IClientOptions = {
    ...connectOptions.value,
    clientId: `gate-${gateId}`,
    clean: false,
    properties: { sessionExpiryInterval: config.sessionExpirySec, maximumPacketSize: MAX_INCOMING_BYTES },
  };
  return ok(new MqttLink(config.url, options, mqttTopics(config.topicPrefix, gateId), config.timeoutMs));
}

type Finish<T> = (r: Result<T, UplinkFailure>) => void;

class MqttLink implements MqttTransport {
  /** The connected, subscribed client, if any. */
  private client: MqttClient | undefined;
  private connecting: Promise<Result<MqttClient, UplinkFailure>> | undefined;
  /** Every client made and not yet closed (close() ends them all). */
  private readonly live = new Set<MqttClient>();
  /** What waits on the current connection: failed at once when it is lost. */
  private readonly inFlight = new Set<(f: UplinkFailure) => void>();
  /** `send`s waiting for their ack, by batch id. */
  private readonly awaitingAck = new Map<string, (a: Ack) => void>();
  private ignored = { invalid: 0, stale: 0 };
  /** The largest packet the broker takes, when its CONNACK says. */
  private maxPacketBytes: number | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly options: IClientOptions,
    private readonly topics: MqttTopics,
    private readonly timeoutMs: number,
  ) {}

  async send(batch: OutgoingBatch): Promise<Result<Ack, UplinkFailure>> {
    const connected = await this.connection();
    if (!connected.ok) return connected;
    const bytes = Buffer.byteLength(batch.body) + Buffer.byteLength(this.topics.records) + PUBLISH_OVERHEAD_BYTES;
    if (this.maxPacketBytes !== undefined && bytes > this.maxPacketBytes) {
      // Sent, it would only get the gate disconnected; the forwarder halves the batch instead.
      return err({ ...failure('uplink.rejected', `batch ${batch.id} is ${bytes} bytes; the broker takes at most ${this.maxPacketBytes}`), reason: `larger than the broker’s ${this.maxPacketBytes}-byte packet limit` });
    }
    return this.exchange<Ack>(`no platform ack for batch ${batch.id} within ${this.timeoutMs} ms`, (finish) => {
      this.awaitingAck.set(batch.id, (a) => finish(ok(a)));
      connected.value.publish(this.topics.records, batch.body, { qos: 1 }, (e) => {
        if (e) finish(err(publishFailure(e, this.topics.records)));
      });
      return () => this.awaitingAck.delete(batch.id);
    });
  }

  /** Over MQTT the broker is the other end: no answer, so no signed time (acks carry it). */
  async heartbeat(body: string): Promise<Result<string | undefined, UplinkFailure>> {
    const connected = await this.connection();
    if (!connected.ok) return connected;
    return this.exchange<undefined>(`no PUBACK for the heartbeat within ${this.timeoutMs} ms`, (finish) => {
      connected.value.publish(this.topics.heartbeat, body, { qos: 1, retain: true }, (e) => finish(e ? err(publishFailure(e, this.topics.heartbeat)) : ok(undefined)));
      return undefined;
    });
  }

  ignoredAcks(): IgnoredAcks {
    return { ...this.ignored };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.lose(failure('uplink.unreachable', 'the MQTT transport is closed'));
    await Promise.all([...this.live].map((c) => new Promise<void>((resolve) => c.end(true, {}, () => resolve()))));
  }

  /**
   * Runs one request on the current connection: `start` sends and may return a clean-up; it ends with
   * `finish`, the deadline (`uplink.timeout`), or the connection's loss (`uplink.unreachable`).
   */
  private exchange<T>(timeoutMessage: string, start: (finish: Finish<T>) => (() => void) | undefined): Promise<Result<T, UplinkFailure>> {
    return new Promise((resolve) => {
      const request: { done: boolean; cleanUp?: (() => void) | undefined } = { done: false };
      const finish: Finish<T> = (r) => {
        if (request.done) return;
        request.done = true;
        this.inFlight.delete(lost);
        clearTimeout(timer);
        request.cleanUp?.();
        resolve(r);
      };
      const lost = (f: UplinkFailure): void => finish(err(f));
      const timer = setTimeout(() => finish(err(failure('uplink.timeout', timeoutMessage))), this.timeoutMs);
      this.inFlight.add(lost);
      request.cleanUp = start(finish);
      // `start` may have finished it already (a publish refused at once).
      if (request.done) request.cleanUp?.();
    });
  }

  private lose(f: UplinkFailure): void {
    for (const lost of [...this.inFlight]) lost(f);
  }

  /** The connected client, or one attempt to connect and subscribe to the ack topic. */
  private connection(): Promise<Result<MqttClient, UplinkFailure>> {
    if (this.closed) return Promise.resolve(err(failure('uplink.unreachable', 'the MQTT transport is closed')));
    if (this.client !== undefined) return Promise.resolve(ok(this.client));
    this.connecting ??= this.open().then((r) => {
      this.connecting = undefined;
      if (r.ok) this.client = r.value;
      return r;
    });
    return this.connecting;
  }

  private open(): Promise<Result<MqttClient, UplinkFailure>> {
    return new Promise((resolve) => {
      const client = connect(this.url, this.options);
      this.live.add(client);
      let lastError: Error | undefined;
      let settled = false;
      const settle = (r: Result<MqttClient, UplinkFailure>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!r.ok || this.closed) client.end(true);
        resolve(this.closed ? err(failure('uplink.unreachable', 'the MQTT transport is closed')) : r);
      };
      const timer = setTimeout(() => settle(err(failure('uplink.unreachable', `no CONNACK from ${this.url} within ${this.timeoutMs} ms`))), this.timeoutMs);
      // Every error the client reports ends up here, and what it meant is decided when the connection closes.
      client.on('error', (e) => {
        lastError = e;
      });
      client.on('disconnect', (packet) => {
        const code = packet.reasonCode ?? 0;
        lastError = Object.assign(new Error(`the broker disconnected this gate: ${(ReasonCodes as Record<number, string | undefined>)[code] ?? 'no reason'} (0x${code.toString(16)})`), { code });
      });
      client.on('message', (topic, payload) => {
        if (topic === this.topics.ack) this.onAck(payload);
      });
      client.once('connect', (connack) => {
        // A batch is one publish answered by one small ack: Nagle's algorithm would hold each ack back for the
        // delayed ACK of the other end (tens of ms a batch). mqtt.js leaves the socket at its default.
        if (client.stream instanceof Socket) client.stream.setNoDelay(true);
        this.maxPacketBytes = connack.properties?.maximumPacketSize;
        client.subscribe(this.topics.ack, { qos: 1 }, (e) => {
          if (e) settle(err(mqttConnectionFailure(e, `subscribe to ${this.topics.ack}`)));
          else settle(ok(client));
        });
      });
      client.once('close', () => {
        this.live.delete(client);
        const f = mqttConnectionFailure(lastError, `connection to ${this.url}`);
        settle(err(f));
        if (this.client === client) {
          this.client = undefined;
          this.lose(f);
        }
        // No reconnection and no timers left behind.
        client.end(true);
      });
    });
  }

  private onAck(payload: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      this.ignored.invalid++;
      return;
    }
    const parsed = ackSchema.safeParse(json);
    if (!parsed.success) {
      this.ignored.invalid++;
      return;
    }
    const waiting = this.awaitingAck.get(parsed.data.batch);
    if (waiting === undefined) this.ignored.stale++;
    else waiting(parsed.data);
  }
}
