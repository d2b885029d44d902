/**
 * The fleet ACL example (resources/uplink/mosquitto.acl, with each test gate's district block rendered from
 * the template it documents) on a real Mosquitto: a gate publishes only its own records and heartbeat and
 * reads only its own acks, its own district's bundles and its own sealed district key; the platform reads
 * every gate's records, answers on every ack topic and publishes every bundle. Order is the witness for what did not arrive: one publisher's QoS 1 messages reach a
 * subscriber in the order sent, so once a later message arrived, an earlier one that was allowed would have.
 */
import { type MqttClient, connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/gate.js';
import { PASSWORDS_AVAILABLE } from '../../bench/uplink/mosquitto.js';
import { useMosquitto } from './use-mosquitto.js';
import { DISTRICTS, USERS, fleetAclWithDistricts, rawClient } from './mqtt-clients.js';

describe.runIf(PASSWORDS_AVAILABLE)('the fleet ACL on Mosquitto', () => {
  const mq = useMosquitto({ users: USERS, aclFile: fleetAclWithDistricts() });
  const clients: MqttClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  });
  const as = async (user: keyof typeof USERS): Promise<MqttClient> => {
    const c = await rawClient(mq.broker, user);
    clients.push(c);
    return c;
  };
  const inbox = (c: MqttClient): string[] => {
    const got: string[] = [];
    c.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`));
    return got;
  };

  it('refuses gate A a publish to gate B’s records (PUBACK 0x87), and the platform never sees it', async () => {
    const platform = await as('platform');
    const seen = inbox(platform);
    await platform.subscribeAsync('gates/+/records', { qos: 1 });
    const a = await as('gate-a');

    await expect(a.publishAsync('gates/gate-b/records', 'forged', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    await a.publishAsync('gates/gate-a/records', 'own', { qos: 1 });

    await waitFor('gate A’s own batch at the platform', () => seen.length > 0);
    expect(seen).toEqual(['gates/gate-a/records own']);
  });

  it('lets gate A read only its own acks, not gate B’s, even through a wildcard', async () => {
    const a = await as('gate-a');
    const b = await as('gate-b');
    const aGot = inbox(a);
    const bGot = inbox(b);
    const granted = await a.subscribeAsync(['gates/gate-b/ack', 'gates/+/ack', 'gates/gate-a/ack'], { qos: 1 });
    await b.subscribeAsync('gates/gate-b/ack', { qos: 1 });
    const platform = await as('platform');

    await platform.publishAsync('gates/gate-b/ack', 'for-b', { qos: 1 });
    await platform.publishAsync('gates/gate-a/ack', 'for-a', { qos: 1 });

    await waitFor('gate A’s ack', () => aGot.length > 0);
    await waitFor('gate B’s ack', () => bGot.length > 0);
    // Mosquitto may grant the subscription and filter each message, or refuse it outright; either way B’s ack must not reach A.
    expect(granted.find((g) => g.topic === 'gates/gate-a/ack')?.qos).toBe(1);
    expect(aGot.every((m) => m.endsWith('for-a'))).toBe(true);
    expect(bGot).toEqual(['gates/gate-b/ack for-b']);
  });

  it('refuses a gate a publish to its own ack topic (it cannot forge the platform’s answer)', async () => {
    const a = await as('gate-a');
    await expect(a.publishAsync('gates/gate-a/ack', '{}', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    await expect(a.publishAsync('gates/gate-a/heartbeat', '{}', { qos: 1, retain: true })).resolves.toBeDefined();
  });

  it('lets gate A read its district’s bundles and its own district key (retained), and nothing of another district or gate, even through wildcards', async () => {
    const platform = await as('platform');
    const [mine, theirs] = [DISTRICTS['gate-a'], DISTRICTS['gate-b']];
    const retained = { qos: 1, retain: true } as const;
    await platform.publishAsync(`gates/districts/${mine}/bundles/policy`, 'policy-1', retained);
    await platform.publishAsync(`gates/districts/${theirs}/bundles/policy`, 'policy-2', retained);
    await platform.publishAsync('gates/gate-a/bundles/district-key', 'key-a', retained);
    await platform.publishAsync('gates/gate-b/bundles/district-key', 'key-b', retained);
    const a = await as('gate-a');
    const got = inbox(a);
    await a.subscribeAsync(['gates/gate-b/bundles/district-key', `gates/districts/${theirs}/bundles/policy`, 'gates/districts/+/bundles/+', 'gates/+/bundles/district-key', 'gates/#'], { qos: 1 }).catch(() => undefined);
    await a.subscribeAsync([`gates/districts/${mine}/bundles/+`, 'gates/gate-a/bundles/district-key'], { qos: 1 });
    // Published after both subscriptions: once it is in, every retained message A may read has arrived too.
    await platform.publishAsync(`gates/districts/${mine}/bundles/notices`, 'notices-1', { qos: 1 });

    await waitFor('the live bundle', () => got.some((m) => m.endsWith('notices-1')));
    expect(new Set(got)).toEqual(new Set([`gates/districts/${mine}/bundles/policy policy-1`, 'gates/gate-a/bundles/district-key key-a', `gates/districts/${mine}/bundles/notices notices-1`]));
  });

  it('refuses a gate a publish to any bundle topic, its own district’s or its own district key (it cannot replace a retained bundle)', async () => {
    const a = await as('gate-a');
    await expect(a.publishAsync(`gates/districts/${DISTRICTS['gate-a']}/bundles/policy`, 'forged', { qos: 1, retain: true })).rejects.toMatchObject({ code: 0x87 });
    await expect(a.publishAsync('gates/gate-a/bundles/district-key', 'forged', { qos: 1, retain: true })).rejects.toMatchObject({ code: 0x87 });
    await expect(a.publishAsync('gates/gate-b/bundles/district-key', 'forged', { qos: 1, retain: true })).rejects.toMatchObject({ code: 0x87 });
  });

  it('refuses the platform a publish to a gate’s records topic', async () => {
    const platform = await as('platform');
    await expect(platform.publishAsync('gates/gate-a/records', 'forged', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
  });

  it('refuses a wrong password and an anonymous client at CONNACK', async () => {
    const refusal = (password?: string): Promise<unknown> =>
      connectAsync(mq.broker.url, { protocolVersion: 5, reconnectPeriod: 0, ...(password === undefined ? {} : { username: 'gate-a', password }) }).then(
        async (c) => {
          await c.endAsync(true);
          return 'connected';
        },
        (e: unknown) => (e as { code?: unknown }).code,
      );
    // Mosquitto 2.0 answers a wrong password with 0x87 (not authorised) rather than 0x86; both mean "this credential may not".
    expect([0x86, 0x87]).toContain(await refusal('wrong'));
    expect([0x86, 0x87]).toContain(await refusal());
    expect(await refusal(USERS['gate-a'])).toBe('connected');
  });
});
