/**
 * Bundles over MQTT 5 (docs/bundles.md §Transport): the platform publishes each bundle as a retained message, QoS 1,
 * on `<topicPrefix>/districts/<district>/bundles/<kind>` for the district's kinds and on
 * `<topicPrefix>/<gateId>/bundles/district-key` for this gate's sealed district key. The gate subscribes to
 * them all (QoS 1, in PULL_ORDER: the district key, then the notices before the policy) on a client of its own — client id `<gateId>-bundles`, a clean session, the uplink's
 * broker, user name, password and TLS (main/uplink/mqtt-options.ts) — so the broker hands over every retained
 * bundle at each subscribe and each new one as it is published. A retained bundle delivered again after a
 * reconnect is simply `unchanged` at the sink. An empty message (a retained bundle withdrawn) is ignored.
 *
 * A lost or refused connection is a failure (counted, logged: mqtt-failure.ts codes); the next attempt
 * comes after the forwarder's backoff (`uplink.retry`, doubling, ±50 % jitter). A subscription the broker
 * refuses (its ACL) is a failure too, and the others stand.
 */
import { type IClientOptions, type MqttClient, connect } from 'mqtt';
import { MAX_BUNDLE_BYTES } from '../../src/bundles/envelope.js';
import type { BundleKind } from '../../src/bundles/kinds.js';
import { failure } from '../../src/result.js';
import { type RetrySettings, retryDelayMs } from '../uplink/backoff.js';
import { mqttConnectionFailure } from '../uplink/mqtt-failure.js';
import { PULL_ORDER, type PullTally } from './pull-tally.js';

/** Room for a PUBLISH's header, topic and properties around the largest bundle. */
const PACKET_OVERHEAD_BYTES = 64 * 1024;
/** The largest packet this client takes (MQTT 5 Maximum Packet Size): the broker drops a larger bundle for it. */
export const MAX_BUNDLE_PACKET_BYTES = MAX_BUNDLE_BYTES + PACKET_OVERHEAD_BYTES;

/** Each topic this gate takes bundles from, and the kind published there, in PULL_ORDER (the order it subscribes in). */
export function bundleTopics(topicPrefix: string, district: string, gateId: string): ReadonlyMap<string, BundleKind> {
  const topics = new Map<string, BundleKind>();
  for (const kind of PULL_ORDER) {
    topics.set(kind === 'district-key' ? `${topicPrefix}/${gateId}/bundles/district-key` : `${topicPrefix}/districts/${district}/bundles/${kind}`, kind);
  }
  return topics;
}

/** The bundle client's id: its own, beside the uplink's `gate-<gateId>`, so neither takes the other's session. */
export const bundleClientId = (gateId: string): string => `${gateId}-bundles`;

export interface MqttPullDeps {
  readonly url: string;
  /** The uplink's connect options (mqtt-options.ts), before the client id and session of this client. */
  readonly connectOptions: IClientOptions;
  readonly gateId: string;
  readonly topics: ReadonlyMap<string, BundleKind>;
  readonly tally: PullTally;
  readonly retry: RetrySettings;
  /** [0, 1); Math.random by default. */
  readonly random?: (() => number) | undefined;
}

export class MqttPull {
  private client: MqttClient | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failuresInARow = 0;
  private stopped = false;

  constructor(private readonly deps: MqttPullDeps) {}

  start(): void {
    if (this.client === undefined && !this.stopped) this.connect();
  }

  /** Disconnects, then waits for the offers already made; nothing reconnects after. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = undefined;
    if (c !== undefined) await new Promise<void>((resolve) => c.end(true, {}, () => resolve()));
    await this.deps.tally.settled();
  }

  private connect(): void {
    const { url, tally } = this.deps;
    const client = connect(url, {
      ...this.deps.connectOptions,
      clientId: bundleClientId(this.deps.gateId),
      clean: true,
      properties: { maximumPacketSize: MAX_BUNDLE_PACKET_BYTES },
    });
    this.client = client;
    let lastError: Error | undefined;
    client.on('error', (e) => {
      lastError = e;
    });
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.once('connect', () => this.subscribe(client));
    client.once('close', () => {
      client.end(true);
      if (this.client !== client || this.stopped) return;
      this.client = undefined;
      tally.failed(undefined, mqttConnectionFailure(lastError, `bundle connection to ${url}`));
      this.failuresInARow++;
      this.retryTimer = setTimeout(() => this.start(), retryDelayMs(this.failuresInARow, this.deps.retry, this.deps.random ?? Math.random));
    });
  }

  /** Subscribes to every bundle topic; a topic the broker refuses (SUBACK reason ≥ 0x80) is a failure of its kind. */
  private subscribe(client: MqttClient): void {
    const topics = [...this.deps.topics.keys()];
    client.subscribe(topics, { qos: 1 }, (e, _granted, suback) => {
      const reasons = suback?.granted ?? [];
      if (e && reasons.length !== topics.length) return void this.deps.tally.failed(undefined, mqttConnectionFailure(e, 'subscribe to the bundle topics'));
      this.failuresInARow = 0;
      this.deps.tally.working();
      reasons.forEach((reason, i) => {
        const topic = topics[i] ?? '';
        if (typeof reason === 'number' && reason >= 0x80) this.deps.tally.failed(this.deps.topics.get(topic), failure('uplink.auth', `the broker refused the subscription to ${topic} (0x${reason.toString(16)})`));
      });
    });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const kind = this.deps.topics.get(topic);
    if (kind === undefined || payload.length === 0) return;
    if (payload.length > MAX_BUNDLE_BYTES) return this.deps.tally.tooLarge(kind, `${topic}: ${payload.length} bytes, more than ${MAX_BUNDLE_BYTES}`);
    void this.deps.tally.offer(kind, payload.toString('utf8'));
  }
}
