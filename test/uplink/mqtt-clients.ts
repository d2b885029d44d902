/** Shared by the MQTT tests: the fleet's users, raw MQTT 5 clients as one of them, a gate's transport config (batches and heartbeats: support.ts). */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MqttClient, connectAsync } from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import type { MqttTransportConfig } from '../../main/uplink/mqtt-transport.js';
import type { Broker } from '../../bench/uplink/mosquitto.js';

/** Two gates and the platform, each with its own password (the fleet ACL keys on the user name). */
export const USERS = { 'gate-a': 'pw-gate-a', 'gate-b': 'pw-gate-b', platform: 'pw-platform' } as const;
export type FleetUser = keyof typeof USERS;

/** A raw MQTT 5 client, connected as `user` (clean session, no reconnection), every error handled. */
export async function rawClient(broker: Broker, user: FleetUser, clientId = `raw-${user}-${randomUUID()}`): Promise<MqttClient> {
  const client = await connectAsync(broker.url, { protocolVersion: 5, clientId, username: user, password: USERS[user], clean: true, reconnectPeriod: 0 });
  client.on('error', () => undefined);
  return client;
}

/** A temp folder per test file holding each user's password file, for transport configs. */
export function usePasswordFiles(): { file: (user: FleetUser) => string; dir: () => string } {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gate-mqtt-creds-'));
    for (const [user, password] of Object.entries(USERS)) writeFileSync(join(dir, `${user}.password`), `${password}\n`, { mode: 0o600 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { file: (user) => join(dir, `${user}.password`), dir: () => dir };
}

/** The MQTT transport config of gate `user` (resolved paths, as main/config/load.ts hands it over). */
export function gateConfig(broker: Broker, passwordFile: string, over: Partial<MqttTransportConfig> = {}): MqttTransportConfig {
  return { kind: 'mqtt', url: broker.url, topicPrefix: 'gates', passwordFile, timeoutMs: 2_000, sessionExpirySec: 600, ...over };
}
