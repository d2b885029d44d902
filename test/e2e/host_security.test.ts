/**
 * The headless host's bridge: only our page, with the per-start token, may drive the gate; requests must name
 * this host (DNS rebinding), and no request, however malformed, ends the process.
 */
import { connect as connectTcp } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../src/ipc/wire.js';
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
  it('refuses a connection without the token, with a wrong token, or from another origin', async () => {
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
