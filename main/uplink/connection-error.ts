/**
 * What a socket-level error (from node:net, node:tls, node:http, or the `mqtt` client's socket) means for
 * the uplink: a certificate or handshake problem (`uplink.tls`), the OS giving up on a connect
 * (`uplink.timeout`), or no connection at all — DNS, refused, reset, hung up (`uplink.unreachable`). Both
 * transports classify these here; what is MQTT's own (reason codes) is mqtt-failure.ts. Codes only; messages
 * are for the log.
 */
import { failure } from '../../src/result.js';
import type { UplinkFailure } from './transport.js';

/** OpenSSL's certificate verification results as Node reports them (X509_V_ERR_* without the prefix), and Node's own. */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

/**
 * TLS alerts and OpenSSL failures (`ERR_SSL_…`, `ERR_OSSL_…`), Node's TLS errors (`ERR_TLS_…`), and any other
 * certificate verification result (`CERT_…`).
 */
const TLS_PREFIX = /^(ERR_(SSL|OSSL|TLS)_|CERT_)/;

/** The `code` property of a thrown or emitted error: a string from Node, a number for an MQTT reason code. */
export function errorCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
}

/** Whether `e` is a TLS failure: by its code, or (an OpenSSL error Node gave no such code) by its library. */
function isTlsError(e: unknown, code: string): boolean {
  if (CERTIFICATE_CODES.has(code) || TLS_PREFIX.test(code)) return true;
  return typeof e === 'object' && e !== null && 'library' in e && e.library === 'SSL routines';
}

export function connectionFailure(e: unknown, where: string): UplinkFailure {
  const found = errorCode(e);
  const code = typeof found === 'string' ? found : 'unknown';
  const message = `${where}: ${(e instanceof Error ? e.message : String(e)).trim()} (${code})`;
  if (isTlsError(e, code)) return failure('uplink.tls', message);
  if (code === 'ETIMEDOUT') return failure('uplink.timeout', message);
  return failure('uplink.unreachable', message);
}
