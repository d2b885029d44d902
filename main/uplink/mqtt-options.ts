/**
 * How this gate connects to the broker of config `uplink.transport` (kind `mqtt`), shared by the uplink's
 * client (mqtt-transport.ts) and the bundle pull's (main/bundles/pull-mqtt.ts), which differ only in client
 * id, session and packet limit: MQTT 5, the user name (the gate id by default, what the fleet ACL keys on),
 * the password from `passwordFile` (its trailing newline dropped), the TLS files (transport-files.ts: a pinned
 * CA, a client certificate), certificates always verified, no automatic reconnection (each owner paces its
 * own, with backoff and jitter) and `timeoutMs` to connect. A bad file is an `uplink.config` failure naming its field.
 */
import type { IClientOptions } from 'mqtt';
import type { UplinkTransportConfig } from '../../src/config/uplink.js';
import { type Result, ok } from '../../src/result.js';
import { type TransportConfigFailure, readTlsFiles, readTransportFile } from './transport-files.js';

export type MqttTransportConfig = Extract<UplinkTransportConfig, { kind: 'mqtt' }>;

export function mqttConnectOptions(config: MqttTransportConfig, gateId: string): Result<IClientOptions, TransportConfigFailure> {
  let password: string | undefined;
  if (config.passwordFile !== undefined) {
    const read = readTransportFile('passwordFile', config.passwordFile);
    if (!read.ok) return read;
    password = read.value.toString('utf8').replace(/\r?\n$/, '');
  }
  const tls = readTlsFiles(config);
  if (!tls.ok) return tls;
  return ok({
    protocolVersion: 5,
    username: config.username ?? gateId,
    ...(password === undefined ? {} : { password }),
    ...tls.value,
    rejectUnauthorized: true,
    reconnectPeriod: 0,
    connectTimeout: config.timeoutMs,
    resubscribe: false,
  });
}
