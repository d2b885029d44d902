/**
 * The headless host's bridge: only our page, with the pairing secret, may drive the gate; a rotation of the
 * secret shuts the old one out; a page that stops answering the heartbeat is dropped; requests must name this
 * host (DNS rebinding), and no request, however malformed, ends the process.
 */
import { connect as connectTcp } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PAGE_SILENCE_MS } from '../../main/host/heartbeat.js';
import { rotatePairing } from '../../main/host/pairing.js';
import { HEARTBEAT_FRAME, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../src/ipc/wire.js';
import { pairingSecretOf } from '../harness/child-gate.js';
import { startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { exchange, getWithHost, statusOf } from '../harness/raw-http.js';

let gate: TestGate;
beforeAll(async () => {
  gate = await startTestGate();
});
afterAll(async () => gate.close());

const origin = () => `http://127.0.0.1:${gate.app.host.port}`;
const token = () => pairingSecretOf(gate.app.host.url);

function connect(protocols: string[], headers: { origin?: string } = { origin: origin() }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${gate.app.host.port}/ipc`, protocols, headers);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, msg: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  return new Promise((resolve) => {
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { t: string; result: { ok: boolean; error?: { code: string } } };
      if (m.t === 'result') resolve(m.result);
    });
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

describe('headless host bridge', () => {
  it('refuses a connection without the secret, with a wrong one, or from another origin', async () => {
    await expect(connect([WIRE_PROTOCOL])).rejects.toThrow('HTTP 403');
    await expect(connect([WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${'0'.repeat(48)}`])).rejects.toThrow('HTTP 403');
    await expect(connect([WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token()], { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    expect(gate.app.host.bridge.counters.rejectedUpgrades).toBe(3);
  });

  it('serves the contract to our page, and answers bad calls with coded failures', async () => {
    const ws = await connect([WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token()]);
    expect((await call(ws, { t: 'invoke', id: 1, channel: 'gate:get-view', input: {} })).ok).toBe(true);
    expect((await call(ws, { t: 'invoke', id: 2, channel: 'gate:open-relay', input: {} })).error?.code).toBe('ipc.unknown-channel');
    expect((await call(ws, { t: 'invoke', id: 3, channel: 'gate:declare-mask', input: { lane: 'x'.repeat(100) } })).error?.code).toBe('ipc.bad-input');
    expect((await call(ws, { t: 'invoke', id: 4, channel: 'gate:declare-mask', input: { lane: 'nope' } })).error?.code).toBe('ipc.unknown-lane');
    const polluted = '{"t":"invoke","id":5,"channel":"gate:get-view","input":{"__proto__":{"admin":true}}}';
    expect((await call(ws, polluted)).error?.code).toBe('ipc.bad-input');
    ws.send('not json');
    await waitFor('the malformed message to be counted', () => gate.app.host.bridge.counters.badMessages === 1);
    ws.close();
  });

  it('serves the page to loopback with a strict content security policy, and nothing outside its folder', async () => {
    const page = await fetch(`${origin()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${origin()}/../../package.json`)).status).toBe(404);
    expect((await fetch(`${origin()}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${origin()}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('pairing and heartbeat', () => {
  const closed = (ws: WebSocket): Promise<number> => new Promise((resolve) => ws.once('close', () => resolve(performance.now())));

  it('beats at once and about every 500 ms, and keeps a page that answers', async () => {
    const ws = await connect([WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token()]);
    let beats = 0;
    ws.on('message', (data: Buffer) => {
      if (data.toString() !== HEARTBEAT_FRAME) return;
      beats++;
      ws.send(HEARTBEAT_FRAME);
    });
    await waitFor('beats for longer than a silent page is kept', () => beats >= 10, 10_000);
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });

  it('drops a page that answers nothing, once it has been silent for 3 s', async () => {
    const ws = await connect([WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token()]);
    const openedAt = performance.now();
    const closedAt = await closed(ws);
    expect(closedAt - openedAt).toBeGreaterThanOrEqual(PAGE_SILENCE_MS);
    expect(closedAt - openedAt).toBeLessThan(PAGE_SILENCE_MS + 3000);
  });

  it('after a rotation drops the sockets paired with the old secret, refuses it, and takes the new one', async () => {
    const old = token();
    const ws = await connect([WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + old]);
    const dropped = closed(ws);
    const rotated = rotatePairing(gate.app.gate.config.dataDir);
    if (!rotated.ok) throw new Error(rotated.error.message);
    await dropped;
    expect(token()).toBe(rotated.value.secret);
    await expect(connect([WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + old])).rejects.toThrow('HTTP 403');
    const fresh = await connect([WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + rotated.value.secret]);
    expect(fresh.readyState).toBe(fresh.OPEN);
    fresh.close();
  });
});

describe('requests that used to end the gate, and the Host rule', () => {
  const port = () => gate.app.host.port;
  const upgrade = (host: string, protocols = `${WIRE_PROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token()}`): string =>
    `GET /ipc HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocols}\r\n\r\n`;

  it('answers a malformed percent sequence or URL with 400, and goes on serving', async () => {
    expect((await fetch(`${origin()}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${origin()}/%`)).status).toBe(400);
    expect(await getWithHost(port(), 'http://[', `127.0.0.1:${port()}`)).toBe(400);
    expect((await fetch(`${origin()}/`)).status).toBe(200);
  });

  it('serves the loopback names with our port, in any case', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`, `LocalHost:${port()}`]) expect(await getWithHost(port(), '/', host), host).toBe(200);
  });

  it('answers any other Host with 421 Misdirected Request, before the path is looked at', async () => {
    for (const host of [`evil.example:${port()}`, `127.0.0.1:${port() + 1}`, '127.0.0.1', `localhost.:${port()}`, `127.0.0.1:${port()}.evil.example`, `127.0.0.2:${port()}`, ''])
      expect(await getWithHost(port(), '/', host), JSON.stringify(host)).toBe(421);
    expect(await getWithHost(port(), '/%E0%A4%A', `evil.example:${port()}`)).toBe(421);
    // HTTP/1.1 without Host is Node's own 400; HTTP/1.0 may leave it out, and reaches the Host rule.
    expect(await getWithHost(port(), '/', undefined)).toBe(400);
    expect(statusOf((await exchange(port(), 'GET / HTTP/1.0\r\n\r\n')).response)).toBe(421);
  });

  it('refuses a WebSocket upgrade that names another host, token and Origin right or not', async () => {
    const before = gate.app.host.bridge.counters.rejectedUpgrades;
    expect(statusOf((await exchange(port(), upgrade(`evil.example:${port()}`))).response)).toBe(421);
    expect(statusOf((await exchange(port(), upgrade(`127.0.0.1:${port()}`, WIRE_PROTOCOL))).response)).toBe(403);
    const accepted = await exchange(port(), upgrade(`localhost:${port()}`));
    expect(statusOf(accepted.response)).toBe(101);
    expect(gate.app.host.bridge.counters.rejectedUpgrades).toBe(before + 2);
  });

  it('closes each HTTP connection after its response, so no idle keep-alive socket is left holding a descriptor', async () => {
    const port = gate.app.host.port;
    const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`;
    // Our side never ends the request: only the server can close it, well before its 5 s keep-alive timeout.
    const r = await exchange(port, request, { afterHead: () => undefined, idleEndMs: 60_000, waitMs: 2000 });
    expect(statusOf(r.response)).toBe(200);
    expect(r.response.toString('latin1').toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(r.closed).toBe(true);
  });

  it('survives a client that resets its connection while an upgrade is refused', async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connectTcp(port(), '127.0.0.1', () => {
          socket.write(upgrade(`127.0.0.1:${port()}`, `${WIRE_PROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}wrong`));
          socket.resetAndDestroy();
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
    }
    expect((await fetch(`${origin()}/`)).status).toBe(200);
  });
});
