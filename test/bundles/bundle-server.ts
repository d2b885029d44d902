/**
 * A platform's bundle endpoint over HTTP or HTTPS on 127.0.0.1, port 0: `GET <path>/<kind>` answers the
 * bundle published for that kind (`application/jose`) with its ETag (a hash of the text), 304 when
 * `If-None-Match` names it, 404 when none is published. Every request is recorded with its If-None-Match and
 * Authorization headers. Optionally a bearer token is required (401 otherwise).
 *
 * Idle connections are kept until the client closes them (`openConnections` counts them).
 *
 * Faults per kind, settable at any time: `fail` (answer this status for the next `times` requests), `hang`
 * (never answer), `reply` (a scripted answer instead: status, headers, body, or an endless body).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { BundleKind } from '../../src/bundles/kinds.js';

export interface BundleRequest {
  readonly kind: string;
  readonly ifNoneMatch: string | undefined;
  readonly authorization: string | undefined;
  /** What it was answered. */
  status: number | 'hung';
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string;
  /** Then this chunk, as fast as the client reads, until it hangs up. */
  readonly endless?: Buffer;
}

export interface BundleServerOptions {
  /** The path bundles are under (default `/bundles`). */
  readonly path?: string;
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly token?: string;
}

export class BundleServer {
  readonly requests: BundleRequest[] = [];
  readonly fail = new Map<string, { status: number; times: number }>();
  readonly hang = new Set<string>();
  readonly reply = new Map<string, ScriptedAnswer>();
  /** Connections open now (kept alive between requests for as long as the client keeps them). */
  openConnections = 0;
  private readonly published = new Map<string, { text: string; etag: string }>();
  private readonly path: string;

  private constructor(
    private readonly server: http.Server,
    private readonly opts: BundleServerOptions,
  ) {
    this.path = (opts.path ?? '/bundles').replace(/\/+$/, '');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
    // An idle connection stays until the client closes it, so a test can see a client let go.
    server.keepAliveTimeout = 600_000;
    server.on(opts.tls === undefined ? 'connection' : 'secureConnection', (socket: Socket) => {
      this.openConnections++;
      socket.once('close', () => this.openConnections--);
    });
  }

  static async start(opts: BundleServerOptions = {}): Promise<BundleServer> {
    const server = opts.tls === undefined ? http.createServer() : https.createServer({ cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) });
    const s = new BundleServer(server, opts);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return s;
  }

  /** The base URL, e.g. `https://127.0.0.1:40123/bundles`. */
  get url(): string {
    return `${this.origin}${this.path}`;
  }

  get origin(): string {
    return `${this.opts.tls === undefined ? 'http' : 'https'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `text` for `kind` from now on; its ETag is returned. */
  publish(kind: BundleKind, text: string): string {
    const etag = `"${createHash('sha256').update(text).digest('hex').slice(0, 16)}"`;
    this.published.set(kind, { text, etag });
    return etag;
  }

  /** The requests for `kind`, oldest first. */
  requestsFor(kind: string): BundleRequest[] {
    return this.requests.filter((r) => r.kind === kind);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const route = new URL(req.url ?? '/', 'http://server').pathname;
    const kind = route.startsWith(`${this.path}/`) ? route.slice(this.path.length + 1) : '';
    const header = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h.join(', ') : h);
    const request: BundleRequest = { kind, ifNoneMatch: header(req.headers['if-none-match']), authorization: header(req.headers.authorization), status: 'hung' };
    this.requests.push(request);
    const answer = (status: number, headers: OutgoingHttpHeaders = {}, body = ''): void => {
      request.status = status;
      res.writeHead(status, headers).end(body);
    };
    if (this.opts.token !== undefined && request.authorization !== `Bearer ${this.opts.token}`) return answer(401, {}, 'bad or missing bearer token');
    if (req.method !== 'GET') return answer(405);
    if (this.hang.has(kind)) return;
    const failing = this.fail.get(kind);
    if (failing !== undefined && failing.times > 0) {
      failing.times--;
      return answer(failing.status, { 'content-type': 'text/plain' }, 'injected failure');
    }
    const scripted = this.reply.get(kind);
    if (scripted !== undefined) return this.scripted(request, scripted, res);
    const bundle = this.published.get(kind);
    if (bundle === undefined) return answer(404, { 'content-type': 'text/plain' }, 'none published');
    if (request.ifNoneMatch === bundle.etag) return answer(304, { etag: bundle.etag });
    answer(200, { 'content-type': 'application/jose', etag: bundle.etag }, bundle.text);
  }

  private scripted(request: BundleRequest, s: ScriptedAnswer, res: ServerResponse): void {
    request.status = s.status;
    res.writeHead(s.status, s.headers);
    if (s.endless === undefined) return void res.end(s.body ?? '');
    const chunk = s.endless;
    const more = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', more);
    };
    more();
  }
}
