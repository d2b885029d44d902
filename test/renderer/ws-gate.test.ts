/** The headless host's WebSocket bridge, against a fake socket: framing, validation, timeouts, heartbeat, reconnect. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECT_TIMEOUT_MS } from '../../renderer/bridge/heartbeat.js';
import type { LinkState } from '../../renderer/bridge/link.js';
import { backoffMs, connectWsGate, INVOKE_TIMEOUT_MS, parseServerMessage, wsProtocols, wsUrl } from '../../renderer/bridge/ws-gate.js';
import { BRIDGE_SILENCE_MS, MAX_WIRE_MESSAGE_BYTES } from '../../src/ipc/wire.js';
import { collecting, view } from './views.js';

class FakeSocket extends EventTarget {
  readyState = 0;
  readonly sent: unknown[] = [];
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    super();
  }
  closed = false;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(message: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: typeof message === 'string' ? message : JSON.stringify(message) }));
  }
  drop(): void {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
}

const location = { protocol: 'http:', host: '127.0.0.1:7373', hash: '#pair=00ff' } as Location;
const BEAT = { t: 'beat' };
const aView = view(3, collecting());

function connect() {
  const sockets: FakeSocket[] = [];
  const { api: gate, link } = connectWsGate(location, (url, protocols) => {
    const s = new FakeSocket(url, protocols);
    sockets.push(s);
    return s as unknown as WebSocket;
  });
  const links: LinkState[] = [];
  link.onChange((state) => links.push(state));
  const last = (): FakeSocket => {
    const s = sockets.at(-1);
    if (s === undefined) throw new Error('no socket made');
    return s;
  };
  return { gate, link, links, sockets, last };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ws bridge: addressing', () => {
  it('connects to /ipc on the page host with the wire protocol and the pairing secret from the fragment', () => {
    expect(wsUrl(location)).toBe('ws://127.0.0.1:7373/ipc');
    expect(wsProtocols(location)).toEqual(['gate.v1', 'token.00ff']);
    expect(wsProtocols({ hash: '' })).toEqual(['gate.v1']);
    expect(wsProtocols({ hash: '#pair=not hex!' })).toEqual(['gate.v1']);
    expect(wsProtocols({ hash: '#token=00ff' })).toEqual(['gate.v1']);
  });

  it('backs off from 250 ms, doubling, capped at 2 s', () => {
    expect([0, 1, 2, 3, 4, 50].map(backoffMs)).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });
});

describe('ws bridge: server messages', () => {
  it('parses well-formed messages and drops everything else without throwing', () => {
    expect(parseServerMessage(JSON.stringify({ t: 'event', channel: 'gate:view', payload: 1 }))).toEqual({ t: 'event', channel: 'gate:view', payload: 1 });
    expect(parseServerMessage('{not json')).toBeUndefined();
    expect(parseServerMessage(JSON.stringify({ t: 'result', id: -1, result: { ok: true, value: 1 } }))).toBeUndefined();
    expect(parseServerMessage(JSON.stringify({ t: 'shout' }))).toBeUndefined();
    expect(parseServerMessage(new ArrayBuffer(4))).toBeUndefined();
    expect(parseServerMessage(JSON.stringify({ t: 'event', channel: 'x', payload: 'a'.repeat(MAX_WIRE_MESSAGE_BYTES) }))).toBeUndefined();
  });
});

describe('ws bridge: invoke', () => {
  it('queues a call made while connecting, sends it on open, and checks the reply against the contract', async () => {
    const { gate, last } = connect();
    const reply = gate.invoke('gate:declare-mask', { lane: 'main-entry' });
    last().open();
    expect(last().sent).toEqual([{ t: 'invoke', id: 0, channel: 'gate:declare-mask', input: { lane: 'main-entry' } }]);
    last().receive({ t: 'result', id: 0, result: { ok: true, value: { accepted: true } } });
    await expect(reply).resolves.toEqual({ ok: true, value: { accepted: true } });
  });

  it('turns a reply that breaks the contract into ipc.bad-output, and passes server failures through', async () => {
    const { gate, last } = connect();
    last().open();
    const bad = gate.invoke('gate:declare-mask', { lane: 'a' });
    const refused = gate.invoke('gate:declare-mask', { lane: 'b' });
    last().receive('garbage');
    last().receive({ t: 'result', id: 0, result: { ok: true, value: { accepted: 'yes' } } });
    last().receive({ t: 'result', id: 1, result: { ok: false, error: { code: 'ipc.bad-input', message: 'no such lane', path: 'lane' } } });
    expect(await bad).toMatchObject({ ok: false, error: { code: 'ipc.bad-output' } });
    expect(await refused).toEqual({ ok: false, error: { code: 'ipc.bad-input', message: 'no such lane', path: 'lane' } });
  });

  it('resolves ipc.transport when no reply comes within 5 s, and at once when the socket is down', async () => {
    const { gate, last } = connect();
    last().open();
    const slow = gate.invoke('gate:get-view', {});
    vi.advanceTimersByTime(INVOKE_TIMEOUT_MS);
    expect(await slow).toMatchObject({ ok: false, error: { code: 'ipc.transport' } });
    last().drop();
    expect(await gate.invoke('gate:get-view', {})).toMatchObject({ ok: false, error: { code: 'ipc.transport' } });
  });

  it('fails calls in flight when the socket closes', async () => {
    const { gate, last } = connect();
    last().open();
    const inFlight = gate.invoke('gate:get-view', {});
    last().drop();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'ipc.transport' } });
  });
});

describe('ws bridge: events and reconnect', () => {
  it('delivers only payloads that match the event schema, until unsubscribed', () => {
    const { gate, last } = connect();
    last().open();
    const seen: number[] = [];
    const off = gate.on('gate:view', (v) => seen.push(v.revision));
    last().receive({ t: 'event', channel: 'gate:view', payload: aView });
    last().receive({ t: 'event', channel: 'gate:view', payload: { revision: 4 } });
    last().receive({ t: 'event', channel: 'gate:unknown', payload: aView });
    off();
    last().receive({ t: 'event', channel: 'gate:view', payload: aView });
    expect(seen).toEqual([3]);
  });

  it('reconnects with backoff after the gate goes away and re-fetches the view', async () => {
    const { gate, sockets, last } = connect();
    const seen: number[] = [];
    gate.on('gate:view', (v) => seen.push(v.revision));
    last().open();
    last().receive(BEAT);
    last().drop();
    vi.advanceTimersByTime(backoffMs(0) - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop(); // the gate is still restarting
    vi.advanceTimersByTime(backoffMs(1));
    expect(sockets).toHaveLength(3);
    last().open();
    last().receive(BEAT);
    expect(last().sent).toEqual([{ t: 'invoke', id: 1, channel: 'gate:get-view', input: {} }, BEAT]);
    last().receive({ t: 'result', id: 1, result: { ok: true, value: aView } });
    await vi.waitFor(() => expect(seen).toEqual([3]));
    last().drop();
    vi.advanceTimersByTime(backoffMs(0)); // a good connection resets the backoff
    expect(sockets).toHaveLength(4);
  });
});

describe('ws bridge: heartbeat and link', () => {
  it('answers every beat with a beat, and is up from the first frame the gate sends', () => {
    const { link, links, last } = connect();
    expect(link.state()).toBe('connecting');
    last().open();
    expect(link.state()).toBe('connecting');
    last().receive(BEAT);
    last().receive(BEAT);
    expect(link.state()).toBe('up');
    expect(last().sent.filter((m) => JSON.stringify(m) === JSON.stringify(BEAT))).toHaveLength(2);
    expect(links).toEqual(['up']);
  });

  it('is lost the moment the socket closes, and fails the calls in flight', async () => {
    const { gate, link, last } = connect();
    last().open();
    last().receive(BEAT);
    const inFlight = gate.invoke('gate:get-view', {});
    last().drop();
    expect(link.state()).toBe('lost');
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'ipc.transport' } });
  });

  it('is lost after 1.5 s without a frame (a stopped gate keeps its socket open), gives the socket up and tries again', () => {
    const { link, links, sockets, last } = connect();
    last().open();
    last().receive(BEAT);
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(BRIDGE_SILENCE_MS - 100);
      last().receive(BEAT); // beats in time keep it up
    }
    expect(link.state()).toBe('up');
    vi.advanceTimersByTime(BRIDGE_SILENCE_MS - 1);
    expect(link.state()).toBe('up');
    vi.advanceTimersByTime(1);
    expect(link.state()).toBe('lost');
    const silent = last();
    expect(silent.closed).toBe(true);
    vi.advanceTimersByTime(backoffMs(0));
    expect(sockets).toHaveLength(2);
    silent.drop(); // the stale socket's close, late: changes nothing
    expect(sockets).toHaveLength(2);
    last().open();
    last().receive(BEAT);
    expect(links).toEqual(['up', 'lost', 'up']);
  });

  it('gives up a socket that does not open in time (a stopped gate still accepts TCP), and is lost', () => {
    const { link, sockets, last } = connect();
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(last().closed).toBe(true);
    expect(link.state()).toBe('lost');
    vi.advanceTimersByTime(backoffMs(0));
    expect(sockets).toHaveLength(2);
  });

  it('takes a frame that does not parse as no sign of life', () => {
    const { link, last } = connect();
    last().open();
    last().receive(BEAT);
    vi.advanceTimersByTime(BRIDGE_SILENCE_MS - 100);
    last().receive('{"t":"beat","extra":1}');
    vi.advanceTimersByTime(100);
    expect(link.state()).toBe('lost');
  });
});
