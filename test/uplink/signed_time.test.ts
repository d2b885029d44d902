/**
 * The platform's signed time end to end through the uplink: a real journal, the forwarder, the HTTP
 * transport to the reference receiver and the MQTT transport to the platform consumer on a real Mosquitto,
 * each platform signing {nonce, at} for every answer. A gate whose clock jumped 100 minutes ahead refuses the
 * platform's time (outside the tolerance) until its clock is set right, then trusts it again from an answer.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORDS_AVAILABLE } from '../../bench/uplink/mosquitto.js';
import { trustedKeys } from '../../main/bundles/jws.js';
import { ClockMonitor } from '../../main/clock/monitor.js';
import { SignedTimeVerifier, signTime } from '../../main/clock/signed-time.js';
import { SyncRefusals } from '../../main/clock/sync-refusals.js';
import { Journal } from '../../main/journal/journal.js';
import { logger } from '../../main/log.js';
import { Forwarder } from '../../main/uplink/forwarder.js';
import { httpsTransport } from '../../main/uplink/https-transport.js';
import { mqttTransport } from '../../main/uplink/mqtt-transport.js';
import { UplinkStore } from '../../main/uplink/store.js';
import type { UplinkTransport } from '../../main/uplink/transport.js';
import { waitFor } from '../harness/gate.js';
import { UPLINK_ON, tempDir } from '../journal/helpers.js';
import { HttpReceiver } from './http-receiver.js';
import { USERS, gateConfig, usePasswordFiles } from './mqtt-clients.js';
import { MqttPlatform } from './mqtt-platform.js';
import { ReceivedRecords } from './received-records.js';
import { GATE, heartbeatJson } from './support.js';
import { useMosquitto } from './use-mosquitto.js';

const MINUTE = 60_000;
const KID = 'district-time';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const KEYS = trustedKeys([{ kid: KID, publicKey: String(publicKey.export({ format: 'jwk' }).x), kinds: ['time'] }]);
/** The platform's side: its own (right) clock. */
const platformSigns = (nonce: string): string => signTime(nonce, Date.now(), KID, privateKey);

const cleanUps: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanUps.splice(0).reverse()) await c();
});

/** A gate's journal (queue on) and clock monitor whose wall clock runs `ahead.ms` ahead of the real one. */
function gate(gateId: string = GATE) {
  const tmp = tempDir();
  cleanUps.push(tmp.remove);
  const file = join(tmp.dir, 'journal.sqlite');
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.message);
  const journal = j.value;
  cleanUps.push(() => journal.close());
  expect(journal.configureUplink(UPLINK_ON).ok).toBe(true);
  const s = UplinkStore.open(file);
  if (!s.ok) throw new Error(s.error.message);
  cleanUps.push(() => s.value.close());
  const ahead = { ms: 0 };
  const wallNow = (): number => Date.now() + ahead.ms;
  const monitor = new ClockMonitor({ source: 'system-ntp', events: journal, toleranceMs: 2000, wallNow });
  monitor.restore(journal);
  const verifier = new SignedTimeVerifier({ keys: KEYS, monitor, wallNow, refusals: new SyncRefusals({ events: journal, wallNow }) });
  const side = new Database(file, { readonly: true });
  cleanUps.push(() => void side.close());
  const clockEvents = (): { kind: string; detail: Record<string, unknown> }[] =>
    (side.prepare("SELECT kind, detail FROM events WHERE kind LIKE 'clock.%' ORDER BY id").all() as { kind: string; detail: string }[]).map((e) => ({ kind: e.kind, detail: JSON.parse(e.detail) as Record<string, unknown> }));
  const forwardOver = (transport: UplinkTransport): Forwarder => {
    const f = new Forwarder({
      store: s.value,
      transport,
      config: { gateId, batch: { records: 100, bytes: 1 << 20 }, retry: { firstDelayMs: 100, maxDelayMs: 1000 }, heartbeatEveryMs: 60_000 },
      heartbeat: (nonce) => heartbeatJson(s.value.epoch, s.value.backlog(), gateId, nonce),
      wallNow,
      log: logger('test:uplink'),
      onSignedTime: (time, nonce) => void verifier.accept(time, nonce),
    });
    cleanUps.push(() => f.stop());
    f.start();
    return f;
  };
  return { journal, monitor, ahead, clockEvents, forwardOver, wallNow };
}

/** The jump, the platform's time refused while the clock is wrong, then trusted again once it is set right. */
async function jumpThenSync(g: ReturnType<typeof gate>, start: () => Forwarder, sent: () => number): Promise<void> {
  g.ahead.ms = 100 * MINUTE;
  expect(g.monitor.reading().trusted).toBe(false); // journaled: a record for the platform to answer
  const f = start();
  await waitFor('an answer with a signed time 100 minutes off', () => g.clockEvents().some((e) => e.kind === 'clock.sync-refused'), 15_000);
  expect(g.monitor.status().trusted).toBe(false);
  expect(g.clockEvents().find((e) => e.kind === 'clock.sync-refused')?.detail).toMatchObject({ source: 'platform', code: 'time.outside-tolerance' });
  g.ahead.ms = 0; // the technician sets the clock right: a jump back, journaled, and a batch the platform answers
  const before = sent();
  expect(g.monitor.reading().trusted).toBe(false);
  f.wake();
  await waitFor('trust restored by the platform’s signed time', () => g.monitor.status().trusted, 15_000);
  expect(sent()).toBeGreaterThan(before);
  const events = g.clockEvents();
  expect(events.map((e) => e.kind)).toEqual(['clock.untrusted', 'clock.sync-refused', 'clock.untrusted', 'clock.trusted']);
  expect(events.at(-1)?.detail).toMatchObject({ source: `platform:${KID}`, kid: KID, toleranceMs: 2000, wasReason: 'jump-backwards' });
}

describe('the platform’s signed time through the uplink', () => {
  it('over HTTP(S): the reference receiver signs every ack and heartbeat answer', async () => {
    const tmp = tempDir();
    cleanUps.push(tmp.remove);
    const records = new ReceivedRecords(join(tmp.dir, 'received.sqlite'));
    cleanUps.push(() => records.close());
    const receiver = await HttpReceiver.start({ records });
    cleanUps.push(() => receiver.close());
    receiver.signTime = platformSigns;
    const g = gate();
    const t = httpsTransport({ kind: 'https', url: receiver.url, timeoutMs: 5000 });
    if (!t.ok) throw new Error(t.error.message);
    await jumpThenSync(g, () => g.forwardOver(t.value), () => receiver.counts.batches + receiver.counts.heartbeats);
    expect(records.invalid).toEqual([]);
  });

  describe.runIf(PASSWORDS_AVAILABLE)('over MQTT', () => {
    const mq = useMosquitto({ users: USERS });
    const passwords = usePasswordFiles();
    it('the platform consumer signs every ack', async () => {
      const tmp = tempDir();
      cleanUps.push(tmp.remove);
      const platform = await MqttPlatform.start({ url: mq.broker.url, file: join(tmp.dir, 'platform.sqlite'), username: 'platform', password: USERS.platform, clientId: `platform-${randomUUID()}` });
      cleanUps.push(() => platform.close());
      platform.signTime = platformSigns;
      const g = gate('gate-a');
      const t = mqttTransport(gateConfig(mq.broker, passwords.file('gate-a'), { timeoutMs: 10_000 }), 'gate-a');
      if (!t.ok) throw new Error(t.error.message);
      await jumpThenSync(g, () => g.forwardOver(t.value), () => platform.counts.acksSent);
      expect(platform.records.invalid).toEqual([]);
    });
  });
});
