/**
 * What every HTTPS exchange with the platform shares — the uplink's POSTs (https-transport.ts) and the bundle
 * pull's GETs (main/bundles/pull-https.ts): the URL, one keep-alive agent carrying the TLS settings, and the
 * bearer token. With `caFile` only that CA is trusted (pinned, not the system's store); with `certFile` and
 * `keyFile` the gate presents its client certificate (mutual TLS); with `tokenFile` every request carries
 * `Authorization: Bearer <token>`.
 *
 * `httpsClient(config, urlField)` reads those files once and checks them; a missing, unreadable or malformed
 * one is an `uplink.config` failure naming the field and path, a URL that is not http(s) or TLS files on a
 * plain `http://` URL one naming `urlField` (never an exception).
 */
import http from 'node:http';
import https from 'node:https';
import { type Result, err, failure, ok } from '../../src/result.js';
import { type TransportConfigFailure, fileFailure, readTlsFiles, readTransportFile } from './transport-files.js';

/** The connection settings of an HTTPS uplink transport (config `uplink.transport`, paths absolute). */
export interface HttpsClientConfig {
  readonly url: string;
  readonly caFile?: string | undefined;
  readonly tokenFile?: string | undefined;
  readonly certFile?: string | undefined;
  readonly keyFile?: string | undefined;
}

export interface HttpsClient {
  readonly url: URL;
  /** https.Agent for `https:` (with the TLS files), http.Agent for `http:`. */
  readonly agent: http.Agent;
  /** The `authorization` header when a token is configured, else nothing. */
  readonly authorization: Readonly<Record<string, string>>;
  /** Ends every connection. */
  close(): void;
}

/** RFC 6750 `b64token`: what a bearer token may hold (and nothing that could break the header). */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** `urlField`: the config field the URL came from, named in its failures. */
export function httpsClient(config: HttpsClientConfig, urlField: string): Result<HttpsClient, TransportConfigFailure> {
  if (!URL.canParse(config.url)) return err(failure('uplink.config', `${urlField} ${JSON.stringify(config.url)} is not a URL`, urlField));
  const url = new URL(config.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err(failure('uplink.config', `${urlField} ${url.origin}: https:// or http:// only`, urlField));
  const secure = url.protocol === 'https:';
  if (!secure) {
    // TLS settings on a plain URL would be silently unused: the operator believes the link pinned or authenticated.
    for (const field of ['caFile', 'certFile', 'keyFile'] as const) {
      const path = config[field];
      if (path !== undefined) return fileFailure(field, path, `given, but ${urlField} ${url.origin} is not https://`);
    }
  }
  const tls = readTlsFiles(config);
  if (!tls.ok) return tls;
  let authorization: Record<string, string> = {};
  if (config.tokenFile !== undefined) {
    const read = readTransportFile('tokenFile', config.tokenFile);
    if (!read.ok) return read;
    const token = read.value.toString('utf8').trim();
    if (!BEARER_TOKEN.test(token)) return fileFailure('tokenFile', config.tokenFile, 'not one bearer token (letters, digits and -._~+/ then optional =)');
    authorization = { authorization: `Bearer ${token}` };
  }
  const agent = secure ? new https.Agent({ keepAlive: true, ...tls.value }) : new http.Agent({ keepAlive: true });
  return ok({ url, agent, authorization, close: () => agent.destroy() });
}
