/**
 * One classification of socket and TLS errors for both transports (main/uplink/connection-error.ts): the MQTT
 * side adds only MQTT's reason codes (main/uplink/mqtt-failure.ts). The errors are built as Node and the
 * `mqtt` client report them (a `code`, for OpenSSL ones a `library`); the real ones are in the transport tests.
 */
import { describe, expect, it } from 'vitest';
import { connectionFailure } from '../../main/uplink/connection-error.js';
import { mqttConnectionFailure, publishFailure } from '../../main/uplink/mqtt-failure.js';

const error = (props: Record<string, unknown>): Error => Object.assign(new Error('boom'), props);

describe('socket and TLS errors', () => {
  it.each([
    [{ code: 'CERT_HAS_EXPIRED' }, 'uplink.tls'],
    [{ code: 'UNABLE_TO_DECRYPT_CERT_SIGNATURE' }, 'uplink.tls'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'uplink.tls'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'uplink.tls'],
    [{ code: 'ERR_OSSL_PEM_NO_START_LINE' }, 'uplink.tls'],
    [{ code: 'EPROTO' }, 'uplink.tls'],
    [{ library: 'SSL routines' }, 'uplink.tls'],
    [{ code: 'ETIMEDOUT' }, 'uplink.timeout'],
    [{ code: 'ECONNREFUSED' }, 'uplink.unreachable'],
    [{ code: 'ECONNRESET' }, 'uplink.unreachable'],
    [{}, 'uplink.unreachable'],
  ])('%o is %s over HTTPS and over MQTT (connect, subscribe, publish) alike', (props, code) => {
    const e = error(props);
    expect(connectionFailure(e, 'POST').code).toBe(code);
    expect(mqttConnectionFailure(e, 'connection').code).toBe(code);
    expect(publishFailure(e, 'gates/g/records').code).toBe(code);
  });
});

describe('MQTT reason codes', () => {
  it.each([
    [0x86, 'uplink.auth'],
    [0x87, 'uplink.auth'],
    [5, 'uplink.auth'],
    [0x95, 'uplink.rejected'],
    [0x80, 'uplink.unreachable'],
  ])('a connection ended with reason code %i is %s', (reason, code) => {
    expect(mqttConnectionFailure(error({ code: reason }), 'connection').code).toBe(code);
  });

  it.each([
    [0x87, 'uplink.auth'],
    [0x95, 'uplink.rejected'],
    [0x97, 'uplink.throttled'],
  ])('a PUBACK with reason code %i is %s', (reason, code) => {
    expect(publishFailure(error({ code: reason }), 'gates/g/records').code).toBe(code);
  });

  it('a connection closed with no error is uplink.unreachable', () => {
    expect(mqttConnectionFailure(undefined, 'connection').code).toBe('uplink.unreachable');
  });
});
