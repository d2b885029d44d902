/**
 * The headless host's WebSocket bridge: the same contract as the Electron preload, over loopback.
 * A connection needs the pairing secret (main/host/pairing.ts; as a `token.<hex>` subprotocol, the page reads
 * it from the URL fragment, which browsers never send to a server) and our own Origin, so another page or
 * program on the machine cannot drive the gate; the Host header must name this host, so a page on a rebound
 * DNS name cannot either. A rotation of the secret drops every socket opened with the old one. Both sides
 * beat (main/host/heartbeat.ts). Messages are size-capped, parsed, and admitted within budgets that hold
 * across connections (admission.ts); its per-message and per-refusal log lines are summarised
 * (main/log/summary.ts), so no flood writes more than a bounded number of lines. Nothing a client sends can
 * throw out of here: every call goes through the router's boundary, and socket errors are listened for.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel, EventPayload } from '../../src/ipc/contract.js';
import { MAX_WIRE_MESSAGE_BYTES, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, clientMessage, type ServerMessage } from '../../src/ipc/wire.js';
import { failure, type Failure } from '../../src/result.js';
import { thrownForLog, type Log } from '../log.js';
import type { IpcRouter } from '../ipc/router.js';
import { Summary } from '../log/summary.js';
import { CallBudget } from './admission.js';
import { Heartbeat } from './heartbeat.js';
import type { LivePairing } from './pairing.js';
import { WRONG_HOST_STATUS, isOwnHost, pageOrigin, requestPath } from './request.js';

/** Log lines of one kind (a refusal reason, a malformed message) written in full per window; the rest are counted into one. */
export const BRIDGE_LOG_SUMMARY = { burst: 5, windowMs: 10_000 } as const;
/** The only path the bridge upgrades. */
export const IPC_PATH = '/ipc';

export interface BridgeCounters {
  rejectedUpgrades: number;
  badMessages: number;
  rateLimited: number;
}

/** Why an upgrade is refused, and the status line that says so. */
type Refusal = { readonly reason: 'host' | 'bad-url' | 'path' | 'origin' | 'protocol' | 'token' | 'busy'; readonly status: string };

const STATUS: Partial<Record<Refusal['reason'], string>> = {
  host: `${WRONG_HOST_STATUS} Misdirected Request`,
  'bad-url': '400 Bad Request',
  busy: '503 Service Unavailable',
};
const refused = (reason: Refusal['reason']): Refusal => ({ reason, status: STATUS[reason] ?? '403 Forbidden' });

/** Longest piece of a client's header that goes into a log line. */
const LOGGED_HEADER_CHARS = 200;

export class WsBridge {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES, handleProtocols: () => WIRE_PROTOCOL });
  readonly counters: BridgeCounters = { rejectedUpgrades: 0, badMessages: 0, rateLimited: 0 };
  private readonly logs: Summary<{ event: string }>;
  private connections = 0;
  private readonly heartbeat: Heartbeat;
  private readonly offRotated: () => void;

  constructor(
    private readonly pairing: LivePairing,
    private readonly port: () => number,
    private readonly router: IpcRouter,
    private readonly log: Log,
    private readonly budget = new CallBudget(),
  ) {
    this.logs = new Summary({ ...BRIDGE_LOG_SUMMARY, report: ({ detail, count, windowMs }) => log.warn({ ...detail, suppressed: count, seconds: windowMs / 1000 }, 'ipc: log lines suppressed') });
    this.heartbeat = new Heartbeat(log);
    // Every open socket was paired with the secret before this one.
    this.offRotated = pairing.onRotated(() => this.terminateAll());
  }

  /** The page's own origin, the only one a connection may come from. */
  origin(): string {
    return pageOrigin(this.port());
  }

  /** For the http server's `upgrade` event. Never throws. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // The http server has taken its own error listener off an upgrading socket: without one, a client's
    // reset would be an uncaught 'error' event.
    socket.on('error', (e) => this.log.debug({ error: e.message }, 'ipc: upgrade socket error'));
    try {
      const refusal = this.refusal(req);
      if (refusal !== undefined) {
        this.counters.rejectedUpgrades++;
        if (this.logs.admit(`refused ${refusal.reason}`, { event: `ipc connection refused: ${refusal.reason}` }))
          this.log.warn({ reason: refusal.reason, origin: req.headers.origin?.slice(0, LOGGED_HEADER_CHARS) ?? null }, 'ipc connection refused');
        socket.end(`HTTP/1.1 ${refusal.status}\r\nconnection: close\r\n\r\n`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
    } catch (e) {
      this.log.error({ error: thrownForLog(e) }, 'ipc: upgrade failed');
      socket.destroy();
    }
  }

  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    const text = JSON.stringify({ t: 'event', channel, payload } satisfies ServerMessage);
    for (const ws of this.wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  close(): void {
    this.offRotated();
    this.heartbeat.stop();
    this.terminateAll();
    this.wss.close();
    this.logs.flush();
  }

  private terminateAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  private refusal(req: IncomingMessage): Refusal | undefined {
    if (!isOwnHost(req, this.port())) return refused('host');
    const path = requestPath(req);
    if (!path.ok) return refused('bad-url');
    if (path.value !== IPC_PATH) return refused('path');
    if (req.headers.origin !== this.origin()) return refused('origin');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!offered.includes(WIRE_PROTOCOL)) return refused('protocol');
    const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
    const a = Buffer.from(token);
    const b = Buffer.from(this.pairing.secret());
    if (a.length !== b.length || !timingSafeEqual(a, b)) return refused('token');
    return this.wss.clients.size >= this.budget.limits.maxConnections ? refused('busy') : undefined;
  }

  private serve(ws: WebSocket): void {
    const admit = this.budget.connection();
    const connection = `ws-${++this.connections}`;
    ws.on('error', (e) => {
      if (this.logs.admit('socket error', { event: 'ipc socket error' })) this.log.warn({ connection, error: e.message }, 'ipc socket error');
    });
    this.heartbeat.watch(ws);
    ws.on('message', (data, isBinary) => {
      this.heartbeat.heard(ws);
      this.onMessage(ws, isBinary ? undefined : data.toString(), !admit(), connection).catch((e: unknown) =>
        this.log.error({ error: thrownForLog(e) }, 'ipc: message handling failed'),
      );
    });
  }

  private async onMessage(ws: WebSocket, text: string | undefined, limited: boolean, connection: string): Promise<void> {
    let json: unknown;
    try {
      json = text === undefined ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const msg = clientMessage.safeParse(json);
    if (!msg.success) {
      this.counters.badMessages++;
      if (this.logs.admit('malformed', { event: 'ipc: malformed message dropped' })) this.log.warn({ connection }, 'ipc: malformed message dropped');
      return;
    }
    if (msg.data.t === 'beat') return; // heard already
    const { id, channel, input } = msg.data;
    const result = await this.router.handle(channel, input, { connection }, () => (limited ? this.rateLimited() : undefined));
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id, result } satisfies ServerMessage));
  }

  private rateLimited(): Failure {
    this.counters.rateLimited++;
    const { perConnectionPerSecond, totalPerSecond } = this.budget.limits;
    return failure('ipc.rate-limited', `over the call budget: ${perConnectionPerSecond} calls a second per connection, ${totalPerSecond} in all`);
  }
}
