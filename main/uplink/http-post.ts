/**
 * One HTTP(S) POST with a deadline and a bounded answer. Resolves — never rejects — with the status,
 * headers and body of a complete answer, or a failure: `uplink.timeout` when no complete answer came within
 * `timeoutMs` from the start (DNS and connect included, so a server that dribbles bytes times out like one
 * that hangs); connection and TLS errors as connection-error.ts classifies them, an answer cut off midway
 * as `uplink.unreachable`. At most MAX_ANSWER_BYTES of a body are read: beyond, the request is destroyed
 * and `body` is undefined. Redirects are not followed (node:http never does).
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { type Result, err, failure, ok } from '../../src/result.js';
import { connectionFailure } from './connection-error.js';
import type { UplinkFailure } from './transport.js';

/** The most of an answer's body that is read: the largest valid ack (5,000 rejected records with 500-character reasons) is about 2.6 MB. */
export const MAX_ANSWER_BYTES = 4 << 20;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text; undefined when it was larger than MAX_ANSWER_BYTES (reading stopped there). */
  readonly body: string | undefined;
}

export interface PostRequest {
  readonly url: URL;
  /** http.Agent for `http:`, https.Agent for `https:`. */
  readonly agent: http.Agent;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string;
  readonly timeoutMs: number;
}

export function post(r: PostRequest): Promise<Result<HttpAnswer, UplinkFailure>> {
  const where = `POST ${r.url.origin}${r.url.pathname}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Result<HttpAnswer, UplinkFailure>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const send = r.url.protocol === 'https:' ? https.request : http.request;
    const request = send(r.url, { method: 'POST', agent: r.agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } });
    const deadline = setTimeout(() => {
      finish(err(failure('uplink.timeout', `${where}: no complete answer within ${r.timeoutMs} ms`)));
      request.destroy();
    }, r.timeoutMs);
    const oversized = (res: http.IncomingMessage): void => {
      finish(ok({ status: res.statusCode ?? 0, headers: res.headers, body: undefined }));
      request.destroy();
    };
    request.on('error', (e) => finish(err(connectionFailure(e, where))));
    request.on('response', (res) => {
      if (Number(res.headers['content-length'] ?? 0) > MAX_ANSWER_BYTES) return oversized(res);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) return oversized(res);
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
