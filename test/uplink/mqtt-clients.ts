/**
 * Shared by the MQTT tests: the fleet's users, raw MQTT 5 clients as one of them, a gate's transport config
 * (batches and heartbeats: support.ts), and the fleet ACL with each gate's district block.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MqttClient, connectAsync } from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import type { MqttTransportConfig } from '../../main/uplink/mqtt-transport.js';
import { type Broker, FLEET_ACL } from '../../bench/uplink/mosquitto.js';

/** Two gates and the platform, each with its own password (the fleet ACL keys on the user name). */
export const USERS = { 'gate-a': 'pw-gate-a', 'gate-b': 'pw-gate-b', platform: 'pw-platform' } as const;
export type FleetUser = keyof typeof USERS;

/** Each test gate's district (its `bundles.district`). */
export const DISTRICTS = { 'gate-a': 'district-1', 'gate-b': 'district-2' } as const;

/** The per-gate lines resources/uplink/mosquitto.acl documents, commented, with `<gateId>` and `<district>` to fill in. */
const DISTRICT_TEMPLATE = /^#(user <gateId>\n)#(topic read .*<district>.*)$/m;

/**
 * A temp file (removed after this test file) holding the fleet ACL followed by its district block for each
 * test gate, rendered from the template the ACL documents; fails if the ACL no longer has it.
 */
export function fleetAclWithDistricts(): string {
  const acl = readFileSync(FLEET_ACL, 'utf8');
  const template = DISTRICT_TEMPLATE.exec(acl);
  if (template === null) throw new Error(`${FLEET_ACL} no longer documents the per-gate district block`);
  const block = `${template[1] ?? ''}${template[2] ?? ''}`;
  const blocks = Object.entries(DISTRICTS).map(([gate, district]) => block.replace('<gateId>', gate).replace('<district>', district));
  const dir = mkdtempSync(join(tmpdir(), 'gate-acl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'fleet.acl');
  writeFileSync(file, `${acl}\n${blocks.join('\n\n')}\n`);
  return file;
}

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
