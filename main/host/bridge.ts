/**
 * The headless host's WebSocket bridge: the same contract as the Electron preload, over loopback.
 * A connection needs the per-start token (as a `token.<hex>` subprotocol; the page reads it from the
 * URL fragment, which browsers never send to a server) and our own Origin, so another page or program
 * on the machine cannot drive the gate. Messages are size-capped, parsed, and rate-limited.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel, EventPayload } from '../../src/ipc/contract.js';
import { MAX_WIRE_MESSAGE_BYTES, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, clientMessage, type ServerMessage } from '../../src/ipc/wire.js';
import type { Log } from '../log.js';
import type { IpcRouter } from '../ipc/router.js';

/** Calls one connection may make per second before it is answered `ipc.rate-limited`. */
export const MAX_CALLS_PER_SECOND = 50;
/** The only path the bridge upgrades. */
export const IPC_PATH = '/ipc';

export interface BridgeCounters {
  rejectedUpgrades: number;
  badMessages: number;
  rateLimited: number;
}

export class WsBridge {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES, handleProtocols: () => WIRE_PROTOCOL });
  readonly counters: BridgeCounters = { rejectedUpgrades: 0, badMessages: 0, rateLimited: 0 };

  constructor(
    private readonly token: string,
    private readonly allowedOrigin: () => string,
    private readonly router: IpcRouter,
    private readonly log: Log,
  ) {}

  /** For the http server's `upgrade` event. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = this.refusal(req);
    if (refusal !== undefined) {
      this.counters.rejectedUpgrades++;
      this.log.warn({ reason: refusal, origin: req.headers.origin ?? null }, 'ipc connection refused');
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
  }

  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    const text = JSON.stringify({ t: 'event', channel, payload } satisfies ServerMessage);
    for (const ws of this.wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private refusal(req: IncomingMessage): string | undefined {
    if (new URL(req.url ?? '/', 'http://x').pathname !== IPC_PATH) return 'path';
    if (req.headers.origin !== this.allowedOrigin()) return 'origin';
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!offered.includes(WIRE_PROTOCOL)) return 'protocol';
    const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
    const a = Buffer.from(token);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b) ? undefined : 'token';
  }

  private serve(ws: WebSocket): void {
    let windowStart = Date.now();
    let calls = 0;
    ws.on('error', (e) => this.log.warn({ error: e.message }, 'ipc socket error'));
    ws.on('message', (data, isBinary) => {
      const now = Date.now();
      if (now - windowStart >= 1000) [windowStart, calls] = [now, 0];
      void this.onMessage(ws, isBinary ? undefined : data.toString(), ++calls > MAX_CALLS_PER_SECOND);
    });
  }

  private async onMessage(ws: WebSocket, text: string | undefined, limited: boolean): Promise<void> {
    let json: unknown;
    try {
      json = text === undefined ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const msg = clientMessage.safeParse(json);
    if (!msg.success) {
      this.counters.badMessages++;
      this.log.warn('ipc: malformed message dropped');
      return;
    }
    const { id, channel, input } = msg.data;
    if (limited) this.counters.rateLimited++;
    const result = limited
      ? { ok: false as const, error: { code: 'ipc.rate-limited', message: `more than ${MAX_CALLS_PER_SECOND} calls a second` } }
      : await this.router.handle(channel, input);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id, result } satisfies ServerMessage));
  }
}
