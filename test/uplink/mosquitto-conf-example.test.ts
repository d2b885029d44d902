/**
 * resources/uplink/mosquitto.conf.example runs as written on a real Mosquitto, with only its paths and port
 * swapped for throw-away ones (certificates from `openssl`): TLS with a pinned CA, the client certificate's
 * CN as the user name the fleet ACL keys on, no anonymous access. The MQTT transport's TLS failures are
 * `uplink.tls`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcePath } from '../../main/resources.js';
import { type MqttTransportConfig, mqttTransport } from '../../main/uplink/mqtt-transport.js';
import { type TestCerts, makeTestCerts } from './certs.js';
import { waitFor } from '../harness/gate.js';
import { type Broker, FLEET_ACL, PASSWORDS_AVAILABLE, startMosquitto } from '../../bench/uplink/mosquitto.js';
import { USERS } from './mqtt-clients.js';
import { MqttPlatform } from './mqtt-platform.js';
import { eventBatch } from './support.js';

/** The gate id the test client certificate carries as its CN. */
const CERT_GATE = 'gate-test';

/** The example with its paths and port swapped for the test's; `bridgeTo`: its bridge section on, to that broker, with a password. */
function renderExample(at: { port: number; dir: string }, certs: TestCerts, bridgeTo?: { port: number; user: string; password: string }): string {
  let conf = readFileSync(resourcePath('uplink', 'mosquitto.conf.example'), 'utf8');
  const swap = (from: string, to: string): void => {
    if (!conf.includes(from)) throw new Error(`the example no longer says ${from}`);
    conf = conf.replaceAll(from, to);
  };
  swap('listener 8883', `listener ${at.port} 127.0.0.1`);
  swap('/etc/mosquitto/ca_certificates/district-ca.pem', certs.ca);
  swap('/etc/mosquitto/certs/broker.pem', certs.server.cert);
  swap('/etc/mosquitto/certs/broker.key', certs.server.key);
  swap('/etc/mosquitto/gates.acl', FLEET_ACL);
  swap('/var/lib/mosquitto/', `${at.dir}/`);
  if (bridgeTo !== undefined) {
    // The test's central broker takes a password over plain MQTT instead of the bridge's TLS certificate.
    conf = conf.replace(/^#bridge_(cafile|certfile|keyfile) .*$/gm, '');
    swap('#address central.example.org:8883', `#address 127.0.0.1:${bridgeTo.port}\n#remote_username ${bridgeTo.user}\n#remote_password ${bridgeTo.password}`);
    swap('#connection central', '#connection central\n#restart_timeout 1');
    conf = conf.replace(/^#(connection|address|remote_|bridge_|cleansession|local_clientid|topic|restart_timeout)/gm, '$1');
  }
  return `${conf}\nlog_dest stderr\n`;
}

describe('the Mosquitto config example', () => {
  let certs: TestCerts;
  let broker: Broker;
  beforeAll(async () => {
    certs = makeTestCerts();
    broker = await startMosquitto({ tls: true, config: (at) => renderExample(at, certs) });
  });
  afterAll(async () => {
    await broker?.dispose();
    certs?.remove();
  });

  const heartbeat = async (over: Partial<MqttTransportConfig>, gateId = CERT_GATE): Promise<string> => {
    const t = mqttTransport({ kind: 'mqtt', url: broker.url, topicPrefix: 'gates', timeoutMs: 3_000, sessionExpirySec: 60, ...over }, gateId);
    if (!t.ok) throw new Error(t.error.message);
    try {
      const r = await t.value.heartbeat('{}');
      return r.ok ? 'ok' : r.error.code;
    } finally {
      await t.value.close();
    }
  };
  const mutual = (): Partial<MqttTransportConfig> => ({ caFile: certs.ca, certFile: certs.client.cert, keyFile: certs.client.key });

  it('takes a gate with the pinned CA and its own certificate (CN = gate id)', async () => {
    expect(await heartbeat(mutual())).toBe('ok');
  });

  it('refuses that certificate for another gate’s topics (the CN is the user name the ACL keys on)', async () => {
    expect(await heartbeat(mutual(), 'gate-b')).toBe('uplink.auth');
  });

  it('is uplink.tls for a broker certificate the gate does not trust (system CAs, or another pinned CA)', async () => {
    expect(await heartbeat({ certFile: certs.client.cert, keyFile: certs.client.key })).toBe('uplink.tls');
    expect(await heartbeat({ ...mutual(), caFile: certs.otherCa })).toBe('uplink.tls');
  });

  it('refuses a gate without a client certificate (uplink.tls: the broker ends the handshake)', async () => {
    expect(await heartbeat({ caFile: certs.ca })).toBe('uplink.tls');
  });
});

describe.runIf(PASSWORDS_AVAILABLE)('the example’s bridge: a district broker bridged to a central one', () => {
  const BRIDGE = { user: 'bridge-district-7', password: 'pw-bridge' };
  let certs: TestCerts;
  let dir = '';
  let central: Broker;
  let district: Broker;
  let platform: MqttPlatform;
  beforeAll(async () => {
    certs = makeTestCerts();
    dir = mkdtempSync(join(tmpdir(), 'gate-mqtt-bridge-'));
    const acl = join(dir, 'central.acl');
    writeFileSync(
      acl,
      [`user ${BRIDGE.user}`, 'topic readwrite district-7/gates/#', 'user platform', 'topic read district-7/gates/+/records', 'topic read district-7/gates/+/heartbeat', 'topic write district-7/gates/+/ack', ''].join('\n'),
    );
    central = await startMosquitto({ users: { platform: USERS.platform, [BRIDGE.user]: BRIDGE.password }, aclFile: acl });
    district = await startMosquitto({ tls: true, config: (at) => renderExample(at, certs, { port: central.port, ...BRIDGE }) });
    platform = await MqttPlatform.start({ url: central.url, file: join(dir, 'platform.sqlite'), prefix: 'district-7/gates', username: 'platform', password: USERS.platform });
  });
  afterAll(async () => {
    await platform?.close();
    await district?.dispose();
    await central?.dispose();
    certs?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries a gate’s heartbeat and batch up to the central platform, and the platform’s ack back down', async () => {
    const t = mqttTransport(
      { kind: 'mqtt', url: district.url, topicPrefix: 'gates', caFile: certs.ca, certFile: certs.client.cert, keyFile: certs.client.key, timeoutMs: 10_000, sessionExpirySec: 60 },
      CERT_GATE,
    );
    if (!t.ok) throw new Error(t.error.message);
    try {
      const epoch = randomUUID();
      expect(await t.value.heartbeat('{"not":"a heartbeat"}')).toEqual({ ok: true, value: undefined });
      // Retained at the district broker, it goes up once the bridge is connected.
      await waitFor('the heartbeat at the central platform', () => platform.badHeartbeats.length === 1);
      const batch = eventBatch({ gate: CERT_GATE, epoch });

      const sent = await t.value.send(batch);

      expect(sent).toEqual({ ok: true, value: { v: 1, batch: batch.id, accepted: 1, rejected: [] } });
      expect(platform.records.seqs(CERT_GATE, epoch)).toEqual([1]);
    } finally {
      await t.value.close();
    }
  });
});
