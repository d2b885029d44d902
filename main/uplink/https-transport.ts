/**
 * The HTTPS way up (config `uplink.transport.kind = 'https'`): each batch is POSTed to `url` as
 * `application/json`, each heartbeat to `url` with `/heartbeat` appended to its path, over one keep-alive
 * agent. TLS: with `caFile` only that CA is trusted (pinned, not the system's store); with `certFile` and
 * `keyFile` the gate presents its client certificate (mutual TLS); with `tokenFile` every request carries
 * `Authorization: Bearer <token>`. What an answer means is http-answer.ts; how long it may take and how much
 * of it is read, http-post.ts.
 *
 * `httpsTransport(config)` reads those files once and checks them; a missing, unreadable or malformed one is
 * an `uplink.config` failure naming the field and path (never an exception).
 */
import http from 'node:http';
import https from 'node:https';
import { type Result, err, failure, ok } from '../../src/result.js';
import type { UplinkTransportConfig } from '../../src/config/uplink.js';
import type { Ack } from '../../src/uplink/wire.js';
import { batchOutcome, heartbeatOutcome } from './http-answer.js';
import { type HttpAnswer, post } from './http-post.js';
import { type TransportConfigFailure, fileFailure, readTlsFiles, readTransportFile } from './transport-files.js';
import type { OutgoingBatch, UplinkFailure, UplinkTransport } from './transport.js';

export type HttpsTransportConfig = Extract<UplinkTransportConfig, { kind: 'https' }>;

/** RFC 6750 `b64token`: what a bearer token may hold (and nothing that could break the header). */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function httpsTransport(config: HttpsTransportConfig, now: () => number = Date.now): Result<UplinkTransport, TransportConfigFailure> {
  if (!URL.canParse(config.url)) return err(failure('uplink.config', `uplink.transport.url ${JSON.stringify(config.url)} is not a URL`, 'uplink.transport.url'));
  const url = new URL(config.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err(failure('uplink.config', `uplink.transport.url ${url.origin}: https:// or http:// only`, 'uplink.transport.url'));
  const secure = url.protocol === 'https:';
  if (!secure) {
    // TLS settings on a plain URL would be silently unused: the operator believes the link pinned or authenticated.
    for (const field of ['caFile', 'certFile', 'keyFile'] as const) {
      const path = config[field];
      if (path !== undefined) return fileFailure(field, path, `given, but uplink.transport.url ${url.origin} is not https://`);
    }
  }
  const tls = readTlsFiles(config);
  if (!tls.ok) return tls;
  let token: string | undefined;
  if (config.tokenFile !== undefined) {
    const read = readTransportFile('tokenFile', config.tokenFile);
    if (!read.ok) return read;
    token = read.value.toString('utf8').trim();
    if (!BEARER_TOKEN.test(token)) return fileFailure('tokenFile', config.tokenFile, 'not one bearer token (letters, digits and -._~+/ then optional =)');
  }
  const agent = secure ? new https.Agent({ keepAlive: true, ...tls.value }) : new http.Agent({ keepAlive: true });
  return ok(new HttpsTransport(url, agent, token, config.timeoutMs, now));
}

class HttpsTransport implements UplinkTransport {
  private readonly heartbeatUrl: URL;
  private closed = false;

  constructor(
    private readonly url: URL,
    private readonly agent: http.Agent,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.heartbeatUrl = new URL(url);
    this.heartbeatUrl.pathname = `${url.pathname.replace(/\/+$/, '')}/heartbeat`;
  }

  async send(batch: OutgoingBatch): Promise<Result<Ack, UplinkFailure>> {
    const answer = await this.post(this.url, batch.body);
    return answer.ok ? batchOutcome(answer.value, batch.id, this.now()) : answer;
  }

  async heartbeat(body: string): Promise<Result<string | undefined, UplinkFailure>> {
    const answer = await this.post(this.heartbeatUrl, body);
    return answer.ok ? heartbeatOutcome(answer.value, this.now()) : answer;
  }

  close(): Promise<void> {
    this.closed = true;
    this.agent.destroy();
    return Promise.resolve();
  }

  private post(url: URL, body: string): Promise<Result<HttpAnswer, UplinkFailure>> {
    if (this.closed) return Promise.resolve(err(failure('uplink.unreachable', 'the transport is closed')));
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.token !== undefined) headers['authorization'] = `Bearer ${this.token}`;
    return post({ url, agent: this.agent, headers, body, timeoutMs: this.timeoutMs });
  }
}
