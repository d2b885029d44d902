/**
 * One HTTP(S) request with a deadline and a bounded answer: the uplink's POSTs and the bundle pull's GETs.
 * Resolves — never rejects — with the status, headers and body of a complete answer, or a failure:
 * `uplink.timeout` when no complete answer came within `timeoutMs` from the start (DNS and connect included,
 * so a server that dribbles bytes times out like one that hangs), or when the connection stayed silent for
 * `idleMs`; connection and TLS errors as connection-error.ts classifies them, an answer cut off midway as
 * `uplink.unreachable`. At most `maxBodyBytes` of a body are read: beyond (or when its content-length says
 * so), the request is destroyed and `body` is undefined. Redirects are not followed (node:http never does).
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { type Result, err, failure, ok } from '../../src/result.js';
import { connectionFailure } from './connection-error.js';
import type { UplinkFailure } from './transport.js';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text; undefined when it was larger than the request's `maxBodyBytes` (reading stopped there). */
  readonly body: string | undefined;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  /** http.Agent for `http:`, https.Agent for `https:`. */
  readonly agent: http.Agent;
  readonly headers: OutgoingHttpHeaders;
  /** The request body (POST); none for a GET. */
  readonly body?: string;
  /** The whole exchange, connecting included. */
  readonly timeoutMs: number;
  /** The longest the connection may stay silent (no byte of the answer); by default only `timeoutMs` applies. */
  readonly idleMs?: number;
  readonly maxBodyBytes: number;
}

export function httpRequest(r: HttpRequest): Promise<Result<HttpAnswer, UplinkFailure>> {
  const where = `${r.method} ${r.url.origin}${r.url.pathname}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Result<HttpAnswer, UplinkFailure>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const send = r.url.protocol === 'https:' ? https.request : http.request;
    const headers = r.body === undefined ? r.headers : { ...r.headers, 'content-length': Buffer.byteLength(r.body) };
    const request = send(r.url, { method: r.method, agent: r.agent, headers });
    const timedOut = (why: string): void => {
      if (settled) return;
      finish(err(failure('uplink.timeout', `${where}: ${why}`)));
      request.destroy();
    };
    const deadline = setTimeout(() => timedOut(`no complete answer within ${r.timeoutMs} ms`), r.timeoutMs);
    if (r.idleMs !== undefined) request.setTimeout(r.idleMs, () => timedOut(`nothing received for ${r.idleMs} ms`));
    const oversized = (res: http.IncomingMessage): void => {
      finish(ok({ status: res.statusCode ?? 0, headers: res.headers, body: undefined }));
      request.destroy();
    };
    request.on('error', (e) => finish(err(connectionFailure(e, where))));
    request.on('response', (res) => {
      if (Number(res.headers['content-length'] ?? 0) > r.maxBodyBytes) return oversized(res);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > r.maxBodyBytes) return oversized(res);
        chunks.push(chunk);
      });
      res.on('error', (e) => finish(err(connectionFailure(e, where))));
      res.on('end', () => finish(ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('close', () => {
        if (!res.complete) finish(err(failure('uplink.unreachable', `${where}: the answer was cut off`)));
      });
    });
    request.end(r.body);
  });
}
