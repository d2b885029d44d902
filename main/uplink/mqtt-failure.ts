/**
 * What an error from the `mqtt` client means for the forwarder: one of the uplink failure codes
 * (transport.ts). Here only what is MQTT's own — the reason codes of CONNACK, SUBACK, PUBACK and DISCONNECT
 * (MQTT 5's; 3.1.1's CONNACK return codes too), which the client puts in a numeric `code`; socket and TLS
 * errors under it are classified as for HTTPS, by connection-error.ts.
 */
import { failure } from '../../src/result.js';
import { connectionFailure, errorCode } from './connection-error.js';
import type { UplinkErrorCode, UplinkFailure } from './transport.js';

/** CONNACK / SUBACK reasons that say "this credential may not": 3.1.1's 4 and 5, MQTT 5's bad credential, not authorised, banned, bad auth method. */
const REFUSED_CREDENTIAL = new Set([4, 5, 0x86, 0x87, 0x8a, 0x8c]);

const PACKET_TOO_LARGE = 0x95;
const TOO_LARGE_REASON = 'the batch is larger than the broker accepts';

/** A connection that failed or ended with `e` (the client's last 'error'), or with no error at all. */
export function mqttConnectionFailure(e: Error | undefined, what: string): UplinkFailure {
  if (e === undefined) return failure('uplink.unreachable', `${what}: the broker closed the connection`);
  const code = errorCode(e);
  if (typeof code !== 'number') return connectionFailure(e, what);
  if (REFUSED_CREDENTIAL.has(code)) return failure('uplink.auth', `${what}: the broker refused this gate (${e.message})`);
  // A broker that does not announce its packet limit disconnects a publish over it (Mosquitto: 0x95).
  if (code === PACKET_TOO_LARGE) return { ...failure('uplink.rejected', `${what}: ${e.message}`), reason: TOO_LARGE_REASON };
  return failure('uplink.unreachable', `${what}: ${e.message}`);
}

/**
 * A publish the broker answered with a PUBACK reason ≥ 0x80. Mostly "not authorised" (an ACL that does not
 * let this user publish there), so by default `uplink.auth`; a packet too large is the batch's fault
 * (`uplink.rejected`: the forwarder halves it), a quota or rate limit is `uplink.throttled`.
 */
export function publishFailure(e: Error, topic: string): UplinkFailure {
  const code = errorCode(e);
  if (typeof code !== 'number') return connectionFailure(e, `publish to ${topic}`);
  const coded = (c: UplinkErrorCode, extra: { reason?: string } = {}): UplinkFailure => ({ ...failure(c, `the broker refused the publish to ${topic}: ${e.message} (0x${code.toString(16)})`), ...extra });
  if (code === PACKET_TOO_LARGE) return coded('uplink.rejected', { reason: TOO_LARGE_REASON });
  if (code === 0x96 || code === 0x97) return coded('uplink.throttled');
  return coded('uplink.auth');
}
