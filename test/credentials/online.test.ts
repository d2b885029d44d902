import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpHealthCodeVerifier, MAX_REPLY_BYTES } from '../../main/credentials/online.js';
import { SUB } from './support.js';

const TIMEOUT_MS = 300;
const verdict = { colour: 'yellow', colourSince: '2022-03-30T08:00:00+08:00', issuer: 'district-a' };

let server: Server;
let base: string;
const received: { method: string | undefined; type: string | undefined; body: string }[] = [];
const pending = new Set<ServerResponse>();

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  '/fast': (_req, res) => reply(res, 200, JSON.stringify({ ...verdict, extra: true })),
  '/echo-subject': (_req, res, body) => reply(res, 200, JSON.stringify({ ...verdict, subject: (JSON.parse(body) as { subject: string }).subject })),
  '/other-subject': (_req, res) => reply(res, 200, JSON.stringify({ ...verdict, subject: 'b'.repeat(64) })),
  '/slow': (_req, res) => {
    pending.add(res);
    setTimeout(() => reply(res, 200, JSON.stringify(verdict)), TIMEOUT_MS * 4).unref();
  },
  '/slow-body': (_req, res) => {
    pending.add(res);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"colour":');
    setTimeout(() => res.end('"green","colourSince":"2022-03-30T00:00:00Z","issuer":"x"}'), TIMEOUT_MS * 4).unref();
  },
  '/500': (_req, res) => reply(res, 500, JSON.stringify(verdict)),
  '/redirect': (_req, res) => {
    res.writeHead(302, { location: '/fast' });
    res.end();
  },
  '/garbage': (_req, res) => reply(res, 200, '<html>not json'),
  '/wrong-shape': (_req, res) => reply(res, 200, JSON.stringify({ colour: 'blue', colourSince: 'yesterday', issuer: '' })),
  '/huge': (_req, res) => reply(res, 200, `{"pad":"${'x'.repeat(MAX_REPLY_BYTES + 10)}"}`),
  '/close': (req) => req.socket.destroy(),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], body });
      const route = routes[req.url ?? ''];
      if (route === undefined || !Object.hasOwn(routes, req.url ?? '')) reply(res, 404, '{}');
      else route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const check = (path: string, timeoutMs = TIMEOUT_MS) => httpHealthCodeVerifier({ url: `${base}${path}`, timeoutMs }).check(SUB);

describe('httpHealthCodeVerifier against a real HTTP server', () => {
  it('a fast reply: verified via online, POSTing {subject} as JSON', async () => {
    received.length = 0;
    expect(await check('/fast')).toEqual({
      status: 'verified',
      via: 'online',
      colour: 'yellow',
      subject: SUB,
      issuer: 'district-a',
      issuedAt: Date.UTC(2022, 2, 30, 0, 0, 0),
    });
    expect(received).toEqual([{ method: 'POST', type: 'application/json', body: JSON.stringify({ subject: SUB }) }]);
  });

  it('a reply naming the same subject is accepted, another subject refused', async () => {
    expect(await check('/echo-subject')).toMatchObject({ status: 'verified' });
    expect(await check('/other-subject')).toEqual({ status: 'unverifiable', via: 'online', reason: 'refused' });
  });

  it('a slow reply beyond the timeout → timeout, promptly', async () => {
    const started = Date.now();
    expect(await check('/slow')).toEqual({ status: 'unverifiable', via: 'online', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
  });

  it('headers in time but the body too slow → timeout', async () => {
    expect(await check('/slow-body')).toEqual({ status: 'unverifiable', via: 'online', reason: 'timeout' });
  });

  it.each(['/500', '/404', '/redirect', '/garbage', '/wrong-shape', '/huge'])('%s → refused', async (path) => {
    expect(await check(path)).toEqual({ status: 'unverifiable', via: 'online', reason: 'refused' });
  });

  it('a connection closed without a reply, a closed port, or a bad URL → unreachable', async () => {
    expect(await check('/close')).toEqual({ status: 'unverifiable', via: 'online', reason: 'unreachable' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await httpHealthCodeVerifier({ url: `http://127.0.0.1:${port}/`, timeoutMs: TIMEOUT_MS }).check(SUB)).toMatchObject({ reason: 'unreachable' });
    expect(await httpHealthCodeVerifier({ url: 'not a url', timeoutMs: TIMEOUT_MS }).check(SUB)).toMatchObject({ reason: 'unreachable' });
  });

  it('an injected fetch that throws synchronously never escapes', async () => {
    const fetchImpl = (() => {
      throw new Error('boom');
    }) as unknown as typeof fetch;
    expect(await httpHealthCodeVerifier({ url: base, timeoutMs: TIMEOUT_MS, fetchImpl }).check(SUB)).toEqual({ status: 'unverifiable', via: 'online', reason: 'unreachable' });
  });
});
