/**
 * Reads the files a transport's config names (a CA, a client certificate and key, a token, a password) once,
 * at construction. Paths arrive absolute (main/config/load.ts resolves them against the config file). A
 * missing, unreadable, empty or oversized file is a failure value naming the config field and the path,
 * never an exception: the gate then reports a bad config instead of a forwarder that fails every request.
 */
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';

export type TransportConfigFailure = Failure<'uplink.config'>;

/** Far more than any PEM bundle or token: a larger file is a wrong path, not a credential. */
const MAX_FILE_BYTES = 1 << 20;

/** `uplink.config` for the file of config field `field` (e.g. `caFile`), with the path and why. */
export function fileFailure(field: string, path: string, why: string): Result<never, TransportConfigFailure> {
  return err(failure('uplink.config', `uplink.transport.${field} ${path}: ${why}`, `uplink.transport.${field}`));
}

/** The bytes of the file that config field `field` names. */
export function readTransportFile(field: string, path: string): Result<Buffer, TransportConfigFailure> {
  const bad = (why: string): Result<never, TransportConfigFailure> => fileFailure(field, path, why);
  try {
    const st = statSync(path);
    if (!st.isFile()) return bad('not a file');
    if (st.size > MAX_FILE_BYTES) return bad(`${st.size} bytes, more than ${MAX_FILE_BYTES}`);
    const bytes = readFileSync(path);
    return bytes.length === 0 ? bad('empty') : ok(bytes);
  } catch (e) {
    return bad((e as NodeJS.ErrnoException).code ?? String(e));
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * A PEM file of one or more certificates (a CA bundle, a client certificate): every block must parse, and
 * there must be one. Node would silently ignore a CA file that holds none (and then trust nothing).
 */
export function readCertificates(field: string, path: string): Result<Buffer, TransportConfigFailure> {
  const read = readTransportFile(field, path);
  if (!read.ok) return read;
  const blocks = read.value.toString('utf8').match(PEM_CERTIFICATE) ?? [];
  const bad = (why: string): Result<never, TransportConfigFailure> => fileFailure(field, path, why);
  if (blocks.length === 0) return bad('no PEM certificate in it');
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (e) {
      return bad(`certificate ${i + 1} does not parse (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return read;
}

/** The TLS files a transport's config may name (absolute paths). */
export interface TlsFileFields {
  readonly caFile?: string | undefined;
  readonly certFile?: string | undefined;
  readonly keyFile?: string | undefined;
}

/** Their contents, as node:tls (and so https.Agent and the `mqtt` client) takes them; only those given. */
export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Reads the TLS files given: the CA and the client certificate as PEM certificates (readCertificates), the
 * key as a file; the certificate and key only together, and the key must be the certificate's (a TLS context
 * is made of the pair, so a wrong or unreadable key is found now, not at every connect).
 */
export function readTlsFiles(fields: TlsFileFields): Result<TlsFiles, TransportConfigFailure> {
  const tls: TlsFiles = {};
  if (fields.caFile !== undefined) {
    const ca = readCertificates('caFile', fields.caFile);
    if (!ca.ok) return ca;
    tls.ca = ca.value;
  }
  if (fields.certFile !== undefined) {
    const cert = readCertificates('certFile', fields.certFile);
    if (!cert.ok) return cert;
    tls.cert = cert.value;
  }
  if (fields.keyFile !== undefined) {
    const key = readTransportFile('keyFile', fields.keyFile);
    if (!key.ok) return key;
    tls.key = key.value;
  }
  const { certFile, keyFile } = fields;
  if (certFile === undefined || keyFile === undefined) {
    if (certFile !== undefined) return fileFailure('certFile', certFile, 'given without uplink.transport.keyFile');
    if (keyFile !== undefined) return fileFailure('keyFile', keyFile, 'given without uplink.transport.certFile');
    return ok(tls);
  }
  try {
    createSecureContext(tls);
  } catch (e) {
    return fileFailure('keyFile', keyFile, `not a usable PEM private key for ${certFile} (${e instanceof Error ? e.message : String(e)})`);
  }
  return ok(tls);
}
