/**
 * The reference platform receiver over HTTP or HTTPS (the other side of main/uplink/https-transport.ts), on
 * 127.0.0.1: batches are POSTed to `path`, heartbeats to `<path>/heartbeat`. Every message is validated
 * against the published schemas (ReceivedRecords `problems` / `heartbeatProblems`): an invalid one is
 * answered 400 and kept in `records.invalid`. A valid batch is stored (duplicates once) and answered 200 with
 * its ack; a valid heartbeat 204. Optionally it requires a bearer token (401 otherwise) and a client
 * certificate signed by a given CA (refused in the TLS handshake).
 *
 * Faults are fields of `faults`, settable at any time; checked in this order, per request:
 * `reply` (a scripted answer instead of everything), `hang` (never answer), `fail5xx` (500), then for a
 * batch `refuseWith` (400, plain text, when a record matches: the forwarder bisects), `records.rejectWhen`
 * (an ack listing rejected records), `loseResponse` (the batch is committed, then the connection is
 * destroyed without an answer), and `slowMs` (the batch's answer waits, after the commit).
 *
 * With `signTime` set, every ack and heartbeat answer carries a signed time for the nonce it answers
 * (a heartbeat is then answered 200 with a heartbeat answer instead of 204).
 */
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Heartbeat, RecordsBatch, WireRecord } from '../../src/uplink/wire.js';
import type { ReceivedRecords } from './received-records.js';

/** A scripted answer (the hostile platform of the transport tests). */
export interface ScriptedReply {
  readonly status: number;
  readonly headers?: OutgoingHttpHeaders;
  /** Written in 64 KiB pieces (chunked unless `headers` give a content-length). */
  readonly body?: string | Buffer;
  /** Then `chunk` written every `everyMs` (0: as fast as the client reads) and never an end: a slow loris, an endless body. */
  readonly endless?: { readonly chunk: string | Buffer; readonly everyMs: number };
}

export interface Faults {
  /** 500 for the next `next` requests, and for each other one with `probability`. */
  fail5xx: { next: number; probability: number };
  /** Never answer (the connection stays open until the client gives up or the receiver closes). */
  hang: boolean;
  /** The probability that a stored batch's answer is lost: its connection destroyed instead. */
  loseResponse: number;
  /** Delay of the answer to each stored batch (heartbeats are answered at once, so a forwarder comes back online). */
  slowMs: number;
  /** A plain-text reason to answer HTTP 400 to a whole batch holding this record; undefined takes it. */
  refuseWith: (r: WireRecord) => string | undefined;
  /** Instead of everything else, answer this. */
  reply: ScriptedReply | undefined;
}

export interface ReceiverCounts {
  /** Connections accepted (TLS: handshakes completed). */
  connections: number;
  /** Every HTTP request, answered or not. */
  requests: number;
  /** Valid batches stored (an answer lost or delayed included). */
  batches: number;
  /** Valid heartbeats. */
  heartbeats: number;
  /** Answers destroyed by `loseResponse`. */
  lost: number;
  /** 500s answered by `fail5xx`. */
  failed5xx: number;
  /** TLS handshakes refused (no or a wrong client certificate, an unknown CA at the client). */
  tlsErrors: number;
}

export interface ReceiverOptions {
  readonly records: ReceivedRecords;
  /** The batch endpoint's path (default `/uplink`). */
  readonly path?: string;
  /** HTTPS with this server certificate and key (PEM files); plain HTTP without. */
  readonly tls?: { readonly cert: string; readonly key: string; /** Require a client certificate this CA signed. */ readonly clientCa?: string };
  /** Require `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** 0 (default) picks a free one; a restarted receiver passes its predecessor's. */
  readonly port?: number;
  /** For the probabilistic faults; Math.random by default (tests pass a seeded one). */
  readonly random?: () => number;
}

/** The largest request body read; a batch is at most 16 MiB of records. */
const MAX_REQUEST_BYTES = 64 << 20;
const PIECE = 64 << 10;

export class HttpReceiver {
  readonly faults: Faults = { fail5xx: { next: 0, probability: 0 }, hang: false, loseResponse: 0, slowMs: 0, refuseWith: () => undefined, reply: undefined };
  readonly counts: ReceiverCounts = { connections: 0, requests: 0, batches: 0, heartbeats: 0, lost: 0, failed5xx: 0, tlsErrors: 0 };
  /** The latest valid heartbeat. */
  lastHeartbeat: unknown;
  /** The platform's signed time for a nonce (main/clock/signed-time.ts `signTime`); undefined: answers carry none. */
  signTime: ((nonce: string) => string) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly path: string;
  private readonly random: () => number;

  private constructor(
    private readonly server: http.Server,
    private readonly opts: ReceiverOptions,
  ) {
    this.path = (opts.path ?? '/uplink').replace(/\/+$/, '');
    this.random = opts.random ?? Math.random;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
    server.on(opts.tls === undefined ? 'connection' : 'secureConnection', () => this.counts.connections++);
    server.on('tlsClientError', () => this.counts.tlsErrors++);
  }

  static async start(opts: ReceiverOptions): Promise<HttpReceiver> {
    const t = opts.tls;
    const server: http.Server =
      t === undefined
        ? http.createServer()
        : https.createServer({
            cert: readFileSync(t.cert),
            key: readFileSync(t.key),
            ...(t.clientCa === undefined ? {} : { ca: readFileSync(t.clientCa), requestCert: true, rejectUnauthorized: true }),
          });
    const receiver = new HttpReceiver(server, opts);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The batch URL, e.g. `https://127.0.0.1:40123/uplink`. */
  get url(): string {
    return `${this.opts.tls === undefined ? 'http' : 'https'}://127.0.0.1:${this.port}${this.path}`;
  }

  /** Stops listening, destroys every connection (a hanging or endless answer included) and every pending timer. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.counts.requests++;
    if (this.opts.token !== undefined && req.headers.authorization !== `Bearer ${this.opts.token}`) return void text(res, 401, 'bad or missing bearer token');
    const route = req.url === undefined ? undefined : new URL(req.url, 'http://receiver').pathname.replace(/\/+$/, '');
    const kind = route === this.path ? 'batch' : route === `${this.path}/heartbeat` ? 'heartbeat' : undefined;
    if (kind === undefined) return void text(res, 404, 'no such endpoint');
    if (req.method !== 'POST') return void text(res, 405, 'POST only');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_REQUEST_BYTES) return void text(res, 413, 'request body too large');
      this.answer(kind, Buffer.concat(chunks).toString('utf8'), res);
    });
  }

  private answer(kind: 'batch' | 'heartbeat', body: string, res: ServerResponse): void {
    // Validated before any fault, so `records.invalid` holds every malformed message the gate sent.
    const checked = this.validate(kind, body);
    if (!checked.ok) this.opts.records.invalid.push(checked.problems);
    const f = this.faults;
    if (f.reply !== undefined) return this.scripted(f.reply, res);
    if (f.hang) return;
    if (f.fail5xx.next > 0 || this.random() < f.fail5xx.probability) {
      f.fail5xx.next = Math.max(0, f.fail5xx.next - 1);
      this.counts.failed5xx++;
      return void text(res, 500, 'injected failure');
    }
    if (!checked.ok) return void text(res, 400, checked.problems.slice(0, 2000));
    if (kind === 'heartbeat') {
      this.counts.heartbeats++;
      this.lastHeartbeat = checked.json;
      if (this.signTime === undefined) return void res.writeHead(204).end();
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ v: 1, time: this.signTime((checked.json as Heartbeat).nonce) }));
    }
    const batch = checked.json as RecordsBatch;
    for (const r of batch.records) {
      const reason = f.refuseWith(r);
      if (reason !== undefined) return void text(res, 400, reason);
    }
    const stored = this.opts.records.store(batch).ack;
    const ack = this.signTime === undefined ? stored : { ...stored, time: this.signTime(batch.nonce) };
    this.counts.batches++;
    if (this.random() < f.loseResponse) {
      this.counts.lost++;
      res.socket?.destroy();
      return;
    }
    const answer = (): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ack));
    if (f.slowMs > 0) this.after(f.slowMs, answer);
    else answer();
  }

  /** The message as JSON when it is valid against its schema, else what is wrong with it. */
  private validate(kind: 'batch' | 'heartbeat', body: string): { ok: true; json: unknown } | { ok: false; problems: string } {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { ok: false, problems: `${kind}: not JSON: ${body.slice(0, 200)}` };
    }
    const problems = kind === 'batch' ? this.opts.records.problems(json) : this.opts.records.heartbeatProblems(json);
    return problems === undefined ? { ok: true, json } : { ok: false, problems: `${kind}: ${problems}` };
  }

  private after(ms: number, run: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    this.timers.add(t);
  }

  private scripted(reply: ScriptedReply, res: ServerResponse): void {
    res.writeHead(reply.status, reply.headers);
    const body = reply.body ?? '';
    for (let at = 0; at < body.length; at += PIECE) res.write(body.slice(at, at + PIECE));
    const endless = reply.endless;
    if (endless === undefined) return void res.end();
    const more = (): void => {
      if (res.destroyed) return;
      if (endless.everyMs > 0) {
        res.write(endless.chunk);
        this.after(endless.everyMs, more);
      } else if (res.write(endless.chunk)) setImmediate(more);
      else res.once('drain', more);
    };
    more();
  }
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}
