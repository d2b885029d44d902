/**
 * The gate's side of the bridge heartbeat: every connected page gets HEARTBEAT_FRAME at once and then every
 * HEARTBEAT_MS (the page takes 1.5 s of silence as a lost gate), and a page the gate has heard nothing from —
 * no answer to a beat, no call — for PAGE_SILENCE_MS is dropped (a frozen or vanished browser, a half-open
 * socket). Silence is measured on the monotonic clock, so a stepped wall clock drops nobody.
 */
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { HEARTBEAT_FRAME } from '../../src/ipc/wire.js';
import type { Log } from '../log.js';

export const HEARTBEAT_MS = 500;
/** Six beats unanswered. */
export const PAGE_SILENCE_MS = 3000;

export class Heartbeat {
  private readonly heardAt = new Map<WebSocket, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly log: Log) {
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** A page connected: it is beaten from now on, until its socket closes. */
  watch(ws: WebSocket): void {
    this.heardAt.set(ws, performance.now());
    ws.once('close', () => this.heardAt.delete(ws));
    ws.send(HEARTBEAT_FRAME);
  }

  /** Something came from the page: it is alive. */
  heard(ws: WebSocket): void {
    if (this.heardAt.has(ws)) this.heardAt.set(ws, performance.now());
  }

  stop(): void {
    clearInterval(this.timer);
    this.heardAt.clear();
  }

  private beat(): void {
    const now = performance.now();
    for (const [ws, at] of this.heardAt) {
      if (now - at > PAGE_SILENCE_MS) {
        this.heardAt.delete(ws);
        this.log.warn({ silentMs: Math.round(now - at) }, 'ipc: page stopped answering the heartbeat; dropped');
        ws.terminate();
      } else if (ws.readyState === ws.OPEN) ws.send(HEARTBEAT_FRAME);
    }
  }
}
