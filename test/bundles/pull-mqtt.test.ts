/**
 * The MQTT bundle pull (main/bundles/pull-mqtt.ts through startBundlePull) on a real Mosquitto with the
 * fleet ACL and per-gate passwords: the platform publishes signed bundles as retained messages; gate A's
 * pull gets its district's and its own district key at subscribe, new ones live, the retained ones again
 * after a broker restart (unchanged), and never gate B's district key.
 */
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORDS_AVAILABLE } from '../../bench/uplink/mosquitto.js';
import { type BundlePull, startBundlePull } from '../../main/bundles/pull.js';
import { bundleClientId, bundleTopics } from '../../main/bundles/pull-mqtt.js';
import { mqttTransport } from '../../main/uplink/mqtt-transport.js';
import { type BundlePullView, PULL_ORDER } from '../../main/bundles/pull-tally.js';
import { BUNDLE_KINDS, type BundleKind } from '../../src/bundles/kinds.js';
import type { BundlesConfig } from '../../src/config/bundles.js';
import { type UplinkConfig, uplinkConfig } from '../../src/config/uplink.js';
import { capturedLog } from '../harness/captured-log.js';
import { waitFor } from '../harness/gate.js';
import { DISTRICTS, fleetAclWithDistricts, gateConfig, rawClient, usePasswordFiles } from '../uplink/mqtt-clients.js';
import { useMosquitto } from '../uplink/use-mosquitto.js';
import { bundle, signingKey } from './signed.js';
import { VerifyingSink } from './sinks.js';

const key = signingKey('platform-1');
const DISTRICT = DISTRICTS['gate-a'];

describe.runIf(PASSWORDS_AVAILABLE)('pulling bundles over MQTT', () => {
  const mq = useMosquitto({ users: { 'gate-a': 'pw-gate-a', 'gate-b': 'pw-gate-b', platform: 'pw-platform' }, aclFile: fleetAclWithDistricts() });
  const passwords = usePasswordFiles();
  const clients: MqttClient[] = [];
  let pull: BundlePull | undefined;
  afterEach(async () => {
    await pull?.stop();
    pull = undefined;
    const platform = await rawClient(mq.broker, 'platform');
    // Retained bundles outlive a test: clear them (an empty retained message).
    for (const topic of [...bundleTopics('gates', DISTRICT, 'gate-a').keys(), 'gates/gate-b/bundles/district-key']) await platform.publishAsync(topic, '', { qos: 1, retain: true });
    clients.push(platform);
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  });

  const uplink = (): UplinkConfig =>
    uplinkConfig.parse({ gateId: 'gate-a', transport: gateConfig(mq.broker, passwords.file('gate-a')), retry: { firstDelayMs: 100, maxDelayMs: 1000 } });
  const bundles: BundlesConfig = { keys: [key.config], district: DISTRICT, pullEveryMs: 300_000, policyFile: 'allowed' };

  const platform = async (): Promise<(kind: BundleKind, version: number, gate?: string) => Promise<void>> => {
    const c = await rawClient(mq.broker, 'platform');
    clients.push(c);
    return async (kind, version, gate = 'gate-a') => {
      const topic = kind === 'district-key' ? `gates/${gate}/bundles/district-key` : `gates/districts/${DISTRICT}/bundles/${kind}`;
      await c.publishAsync(topic, bundle(key, kind, version, gate), { qos: 1, retain: true });
    };
  };

  const start = (sink: VerifyingSink, district: string = DISTRICT): BundlePull => {
    const started = startBundlePull({ config: { bundles: { ...bundles, district }, uplink: uplink() }, sink, log: capturedLog().log });
    if (!started.ok) throw new Error(started.error.message);
    pull = started.value;
    return started.value;
  };
  const viewOf = (p: BundlePull): BundlePullView => p.view() ?? (() => { throw new Error('no view'); })();

  it('subscribes to its district’s topics and its own district-key topic, in PULL_ORDER', () => {
    const topics = bundleTopics('gates', DISTRICT, 'gate-a');
    expect([...topics.values()]).toEqual(PULL_ORDER);
    expect([...topics.values()].sort()).toEqual([...BUNDLE_KINDS].sort());
    expect(topics.get('gates/gate-a/bundles/district-key')).toBe('district-key');
    expect(topics.get(`gates/districts/${DISTRICT}/bundles/residents`)).toBe('residents');
  });

  it('gets the retained bundles at subscribe (its own district key, not gate B’s) in PULL_ORDER, then a new one live', async () => {
    const publish = await platform();
    await publish('policy', 1);
    await publish('residents', 4);
    await publish('notices', 3);
    await publish('district-key', 2, 'gate-a');
    await publish('district-key', 9, 'gate-b');
    const sink = new VerifyingSink([key.config]);
    const p = start(sink);

    await waitFor('the retained bundles', () => sink.offers.length >= 4);
    // The broker hands retained bundles over in the order of the subscription: the notices before the policy citing them.
    expect(sink.outcomes()).toEqual(['applied:district-key:2', 'applied:notices:3', 'applied:policy:1', 'applied:residents:4']);
    expect(sink.offers.every((o) => o.source === 'uplink:mqtt')).toBe(true);

    await publish('policy', 2);
    await waitFor('policy v2 live', () => sink.version('policy') === 2);
    // Gate B's key was retained before gate A subscribed, so it would have come before anything live.
    expect(sink.version('district-key')).toBe(2);
    expect(viewOf(p)).toMatchObject({ via: 'mqtt', fetched: 5, applied: 5, refused: 0, failures: 0, failing: null });
    expect(viewOf(p).lastSuccessAt.policy).toBeTypeOf('number');
  });

  it('takes the retained bundles again after the broker restarts (unchanged), and a refused one is counted', async () => {
    const publish = await platform();
    await publish('risk-areas', 3);
    const sink = new VerifyingSink([key.config]);
    const p = start(sink);
    await waitFor('risk areas applied', () => sink.version('risk-areas') === 3);

    await mq.broker.restart();
    await waitFor('the retained bundle again', () => sink.outcomes().includes('unchanged:risk-areas:3'), 15_000);
    expect(viewOf(p).failures).toBeGreaterThanOrEqual(1);
    await waitFor('subscribed again', () => viewOf(p).failing === null);

    // The platform's own client did not survive the restart.
    const publishAgain = await platform();
    await publishAgain('risk-areas', 2);
    await waitFor('the older version refused', () => viewOf(p).refused === 1);
    expect(sink.outcomes().at(-1)).toBe('bundle.rollback');
    expect(sink.version('risk-areas')).toBe(3);
  });

  it('a gate configured with another district gets none of its bundles (the broker’s ACL), only its own district key', async () => {
    const publish = await platform();
    const other = DISTRICTS['gate-b'];
    const c = await rawClient(mq.broker, 'platform');
    clients.push(c);
    await c.publishAsync(`gates/districts/${other}/bundles/policy`, bundle(key, 'policy', 1), { qos: 1, retain: true });
    await publish('district-key', 5);
    const sink = new VerifyingSink([key.config]);
    start(sink, other);
    await waitFor('the district key', () => sink.version('district-key') === 5);
    // Published after the subscriptions: once it is in, the other district's retained policy would have come too.
    await publish('district-key', 6);
    await waitFor('the next district key', () => sink.version('district-key') === 6);
    expect(sink.outcomes()).toEqual(['applied:district-key:5', 'applied:district-key:6']);
    await c.publishAsync(`gates/districts/${other}/bundles/policy`, '', { qos: 1, retain: true });
  });

  it('runs beside the uplink’s own client on the same broker and credential (client ids gate-<id> and <id>-bundles): neither takes the other’s place', async () => {
    expect(bundleClientId('gate-a')).toBe('gate-a-bundles');
    const publish = await platform();
    const sink = new VerifyingSink([key.config]);
    const p = start(sink);
    const up = mqttTransport(gateConfig(mq.broker, passwords.file('gate-a')), 'gate-a');
    if (!up.ok) throw new Error(up.error.message);
    try {
      expect(await up.value.heartbeat('{}')).toEqual({ ok: true, value: undefined });
      await publish('issuer-keys', 1);
      await waitFor('issuer keys applied', () => sink.version('issuer-keys') === 1);
      expect(await up.value.heartbeat('{}')).toEqual({ ok: true, value: undefined });
      expect(viewOf(p).failures).toBe(0);
    } finally {
      await up.value.close();
    }
  });
});
