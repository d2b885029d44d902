/**
 * The HTTPS way up (config `uplink.transport.kind = 'https'`): each batch is POSTed to `url` as
 * `application/json`, each heartbeat to `url` with `/heartbeat` appended to its path, over one keep-alive
 * agent. TLS pinning, the client certificate and the bearer token are https-client.ts's; what an answer
 * means is http-answer.ts; how long it may take and how much of it is read, http-request.ts.
 *
 * `httpsTransport(config)` reads the credential files once and checks them; a missing, unreadable or
 * malformed one is an `uplink.config` failure naming the field and path (never an exception).
 */
import { type Result, err, failure, ok } from '../../src/result.js';
import type { UplinkTransportConfig } from '../../src/config/uplink.js';
import type { Ack } from '../../src/uplink/wire.js';
import { MAX_ANSWER_BYTES, batchOutcome, heartbeatOutcome } from './http-answer.js';
import { type HttpAnswer, httpRequest } from './http-request.js';
import { type HttpsClient, httpsClient } from './https-client.js';
import type { TransportConfigFailure } from './transport-files.js';
import type { OutgoingBatch, UplinkFailure, UplinkTransport } from './transport.js';

export type HttpsTransportConfig = Extract<UplinkTransportConfig, { kind: 'https' }>;

export function httpsTransport(config: HttpsTransportConfig, now: () => number = Date.now): Result<UplinkTransport, TransportConfigFailure> {
  const client = httpsClient(config, 'uplink.transport.url');
  return client.ok ? ok(new HttpsTransport(client.value, config.timeoutMs, now)) : client;
}

class HttpsTransport implements UplinkTransport {
  private readonly heartbeatUrl: URL;
  private closed = false;

  constructor(
    private readonly client: HttpsClient,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.heartbeatUrl = new URL(client.url);
    this.heartbeatUrl.pathname = `${client.url.pathname.replace(/\/+$/, '')}/heartbeat`;
  }

  async send(batch: OutgoingBatch): Promise<Result<Ack, UplinkFailure>> {
    const answer = await this.post(this.client.url, batch.body);
    return answer.ok ? batchOutcome(answer.value, batch.id, this.now()) : answer;
  }

  async heartbeat(body: string): Promise<Result<string | undefined, UplinkFailure>> {
    const answer = await this.post(this.heartbeatUrl, body);
    return answer.ok ? heartbeatOutcome(answer.value, this.now()) : answer;
  }

  close(): Promise<void> {
    this.closed = true;
    this.client.close();
    return Promise.resolve();
  }

  private post(url: URL, body: string): Promise<Result<HttpAnswer, UplinkFailure>> {
    if (this.closed) return Promise.resolve(err(failure('uplink.unreachable', 'the transport is closed')));
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...this.client.authorization };
    return httpRequest({ method: 'POST', url, agent: this.client.agent, headers, body, timeoutMs: this.timeoutMs, maxBodyBytes: MAX_ANSWER_BYTES });
  }
}
