/**
 * A district platform written from docs/uplink.md and docs/bundles.md alone, for end-to-end tests of the
 * real gate process: plain HTTP on 127.0.0.1, port 0.
 *
 * - `POST <records path>`: a batch (`records.schema.json`); stored, answered with an ack accepting its highest
 *   seq, with `time` when a time signer is set.
 * - `POST <records path>/heartbeat`: kept; answered 204, or 200 `{v: 1, time}` when a time signer is set.
 * - `GET /bundles/<kind>`: the JWS text published for that kind (`application/jose`) with an ETag, 304 to a
 *   matching `If-None-Match`, 404 when none is published.
 */
import { createHash, createPrivateKey, sign } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const RECORDS_PATH = '/gates/records';

export interface Heartbeat {
  readonly nonce: string;
  readonly clock: { readonly trusted: boolean };
  readonly bundles?: readonly { kind: string; version: number | null; ageS: number | null; stale: boolean }[];
  readonly [field: string]: unknown;
}

export interface UplinkRecord {
  readonly seq: number;
  readonly kind: string;
  readonly payload: { readonly kind?: string; readonly detail?: Record<string, unknown>; readonly [f: string]: unknown };
}

/** Makes the `time` of an answer to `nonce`; null: answer without one. */
export type TimeSigner = (nonce: string) => string | null;

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** A compact EdDSA JWS over `{nonce, at}`, as docs/uplink.md §2.6 says, signed with a `gate bundle keygen` secret JWK. */
export function signedTime(secretJwk: { kid: string } & Record<string, unknown>, nonce: string, at: number): string {
  const { kid, ...jwk } = secretJwk;
  const input = `${b64url(JSON.stringify({ alg: 'EdDSA', typ: 'gate-time+jws', kid }))}.${b64url(JSON.stringify({ nonce, at }))}`;
  return `${input}.${b64url(sign(null, Buffer.from(input), createPrivateKey({ key: jwk as never, format: 'jwk' })))}`;
}

export class Platform {
  readonly heartbeats: Heartbeat[] = [];
  readonly records: UplinkRecord[] = [];
  /** Every GET of a bundle: its kind and what it was answered. */
  readonly bundleGets: { kind: string; status: number }[] = [];
  timeSigner: TimeSigner = () => null;
  private readonly published = new Map<string, { text: string; etag: string }>();

  private constructor(private readonly server: http.Server) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
  }

  static async start(): Promise<Platform> {
    const p = new Platform(http.createServer());
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', () => resolve()));
    return p;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The uplink URL to configure (`uplink.transport.url`): bundles then come from the origin + `/bundles`. */
  get recordsUrl(): string {
    return this.origin + RECORDS_PATH;
  }

  publish(kind: string, text: string): void {
    this.published.set(kind, { text, etag: `"${createHash('sha256').update(text).digest('hex').slice(0, 16)}"` });
  }

  /** The events the gate sent up, of these kinds, in seq order. */
  events(...kinds: string[]): { kind: string; detail: Record<string, unknown> }[] {
    return this.records
      .filter((r) => r.kind === 'event' && kinds.includes(r.payload.kind ?? ''))
      .sort((a, b) => a.seq - b.seq)
      .map((r) => ({ kind: r.payload.kind ?? '', detail: r.payload.detail ?? {} }));
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://platform').pathname;
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => resolve(text));
    });
    if (req.method === 'POST' && path === `${RECORDS_PATH}/heartbeat`) {
      const hb = JSON.parse(body) as Heartbeat;
      this.heartbeats.push(hb);
      const time = this.timeSigner(hb.nonce);
      if (time === null) return void res.writeHead(204).end();
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ v: 1, time }));
    }
    if (req.method === 'POST' && path === RECORDS_PATH) {
      const batch = JSON.parse(body) as { batch: string; nonce: string; records: UplinkRecord[] };
      const seen = new Set(this.records.map((r) => r.seq));
      this.records.push(...batch.records.filter((r) => !seen.has(r.seq)));
      const time = this.timeSigner(batch.nonce);
      const ack = { v: 1, batch: batch.batch, accepted: Math.max(...batch.records.map((r) => r.seq)), rejected: [], ...(time === null ? {} : { time }) };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ack));
    }
    const kind = path.startsWith('/bundles/') ? path.slice('/bundles/'.length) : undefined;
    if (req.method === 'GET' && kind !== undefined) {
      const bundle = this.published.get(kind);
      const status = bundle === undefined ? 404 : req.headers['if-none-match'] === bundle.etag ? 304 : 200;
      this.bundleGets.push({ kind, status });
      if (bundle === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('none published');
      if (status === 304) return void res.writeHead(304, { etag: bundle.etag }).end();
      return void res.writeHead(200, { 'content-type': 'application/jose', etag: bundle.etag }).end(bundle.text);
    }
    res.writeHead(404).end();
  }
}
