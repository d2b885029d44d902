/**
 * A small district platform on the broker, for the MQTT tests: subscribes `<prefix>/+/records` (QoS 1, a
 * persistent session of its own, so the broker keeps batches for it while it is paused or the broker
 * restarts), validates every batch against the published schemas and stores it (ReceivedRecords: UNIQUE
 * (gate, epoch, seq)), then publishes the ack (QoS 1) on `<prefix>/<gate>/ack`. It also keeps every gate's
 * latest heartbeat. Faults: `loseAcks` (a fraction of batches stored but never answered: the answer lost),
 * `records.rejectWhen` (records it refuses), `pause()`/`resume()` (the platform away, the broker holding
 * its messages). With `signTime` set, every ack carries a signed time for its batch's nonce.
 */
import { type MqttClient, connectAsync } from 'mqtt';
import { seededRandom } from '../../drivers/seeded-random.js';
import type { RecordsBatch } from '../../src/uplink/wire.js';
import { ReceivedRecords } from './received-records.js';

export interface PlatformOptions {
  readonly url: string;
  /** The SQLite file ReceivedRecords stores into. */
  readonly file: string;
  readonly prefix?: string;
  readonly username?: string;
  readonly password?: string;
  readonly clientId?: string;
  /** Seed of the generator that picks which acks are lost. */
  readonly seed?: number;
}

export interface PlatformCounts {
  /** Messages on a records topic. */
  batches: number;
  /** Batches that failed validation (not stored, not answered); the reasons are in `records.invalid`. */
  invalid: number;
  acksSent: number;
  /** Batches stored but not answered (`loseAcks`). */
  acksLost: number;
}

export class MqttPlatform {
  /** Fraction in [0, 1] of stored batches whose ack is not sent. */
  loseAcks = 0;
  /** The platform's signed time for a nonce (main/clock/signed-time.ts `signTime`); undefined: acks carry none. */
  signTime: ((nonce: string) => string) | undefined;
  readonly counts: PlatformCounts = { batches: 0, invalid: 0, acksSent: 0, acksLost: 0 };
  /** Each gate's latest heartbeat (parsed), and heartbeat messages that failed validation. */
  readonly heartbeats = new Map<string, unknown>();
  readonly badHeartbeats: string[] = [];
  private client: MqttClient | undefined;
  private readonly random: () => number;
  private readonly prefix: string;

  private constructor(
    private readonly opts: PlatformOptions,
    readonly records: ReceivedRecords,
  ) {
    this.random = seededRandom(opts.seed ?? 12);
    this.prefix = opts.prefix ?? 'gates';
  }

  static async start(opts: PlatformOptions): Promise<MqttPlatform> {
    const p = new MqttPlatform(opts, new ReceivedRecords(opts.file));
    await p.resume();
    return p;
  }

  /** Connects (again) with its persistent session and subscribes; resolves once subscribed. */
  async resume(): Promise<void> {
    if (this.client !== undefined) return;
    const client = await connectAsync(this.opts.url, {
      protocolVersion: 5,
      clientId: this.opts.clientId ?? 'platform',
      clean: false,
      properties: { sessionExpiryInterval: 3600 },
      ...(this.opts.username === undefined ? {} : { username: this.opts.username, password: this.opts.password }),
      // The platform is not under test: it rides out broker restarts by itself.
      reconnectPeriod: 100,
    });
    client.on('error', () => undefined); // reconnection attempts while the broker is down
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    await client.subscribeAsync([`${this.prefix}/+/records`, `${this.prefix}/+/heartbeat`], { qos: 1 });
    this.client = client;
  }

  /** Disconnects, keeping its session: the broker queues what arrives meanwhile. */
  async pause(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.endAsync();
  }

  /** Disconnects and ends its session (nothing is kept for it). */
  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.endAsync(false, { properties: { sessionExpiryInterval: 0 } });
    this.records.close();
  }

  private onMessage(topic: string, payload: Buffer): void {
    const [, gate, kind] = topic.slice(this.prefix.length).split('/');
    if (gate === undefined) return;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (kind === 'heartbeat') return this.onHeartbeat(gate, json);
    this.counts.batches++;
    const problem = this.records.problems(json) ?? ((json as RecordsBatch).gate === gate ? undefined : `batch of gate ${(json as RecordsBatch).gate} on ${topic}`);
    if (problem !== undefined) {
      this.counts.invalid++;
      this.records.invalid.push(problem);
      return;
    }
    const stored = this.records.store(json as RecordsBatch).ack;
    const ack = this.signTime === undefined ? stored : { ...stored, time: this.signTime((json as RecordsBatch).nonce) };
    if (this.random() < this.loseAcks) {
      this.counts.acksLost++;
      return;
    }
    this.counts.acksSent++;
    this.client?.publish(`${this.prefix}/${gate}/ack`, JSON.stringify(ack), { qos: 1 });
  }

  private onHeartbeat(gate: string, json: unknown): void {
    const problem = this.records.heartbeatProblems(json);
    if (problem === undefined) this.heartbeats.set(gate, json);
    else this.badHeartbeats.push(problem);
  }
}
