/**
 * Whether the wall clock can be trusted for time-dependent rules (health-code age, travel windows, exit
 * quotas, opening hours). The monotonic clock cannot jump, so `wall − mono` only drifts slowly while the
 * wall clock is honest (NTP slews it by milliseconds); a step of that offset is a jump. The clock
 * becomes untrusted when, between two checks, the offset steps back by more than
 * {@link MAX_BACKWARD_STEP_MS} (`jump-backwards`) or forward by more than {@link MAX_FORWARD_STEP_MS}
 * (`jump-forwards`: a suspended machine or a manual set), or when the wall clock reads before the
 * build's release date (`before-release`: a dead RTC). It stays untrusted until `markSynced`.
 * Every change of trust (or of the reason) is journaled (`clock.untrusted`, `clock.trusted`) and emitted.
 */
import type { ClockReading } from '../../src/domain.js';
import type { Failure, Result } from '../../src/result.js';
import { RELEASE_DATE_MS } from './release.js';

export const MAX_BACKWARD_STEP_MS = 2_000;
export const MAX_FORWARD_STEP_MS = 120_000;
export const CHECK_INTERVAL_MS = 1_000;

export const CLOCK_DISTRUST_REASONS = ['jump-backwards', 'jump-forwards', 'before-release'] as const;
export type ClockDistrust = (typeof CLOCK_DISTRUST_REASONS)[number];

/** What the kiosk shows about the clock. */
export interface ClockStatus {
  readonly trusted: boolean;
  readonly source: string;
  /** Epoch ms; null if the clock has not been known right since start. */
  readonly lastGoodSync: number | null;
  readonly reason: ClockDistrust | null;
}

/** The journal, as far as the monitor needs it. */
export interface ClockEventSink {
  recordEvent(e: { at: string; kind: string; detail: Record<string, unknown> }): Result<void, Failure>;
}

export interface ClockMonitorOptions {
  /** How this machine keeps time (config `clock.source`, e.g. `system-ntp`): recorded with every decision. */
  readonly source: string;
  readonly events: ClockEventSink;
  /** Wall clock, epoch ms. Default Date.now. */
  readonly wallNow?: () => number;
  /** Monotonic clock, ms. Default performance.now. */
  readonly monoNow?: () => number;
  /** Default: this build's release date (release.ts). */
  readonly releaseMs?: number;
  /** Called when an event cannot be journaled (disk full, say); the monitor carries on. */
  readonly onSinkError?: (f: Failure) => void;
}

/** An ISO instant for an event, even for a wall clock outside Date's range. */
const isoAt = (ms: number): string => new Date(Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : 0).toISOString();

export class ClockMonitor {
  private readonly wallNow: () => number;
  private readonly monoNow: () => number;
  private readonly releaseMs: number;
  private offset: number;
  private trusted: boolean;
  private reason: ClockDistrust | null = null;
  private lastGoodSync: number | null;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(s: ClockStatus) => void>();

  /** Takes the first reading: the clock is trusted from here, with lastGoodSync = now, unless it reads before the release date. */
  constructor(private readonly opts: ClockMonitorOptions) {
    this.wallNow = opts.wallNow ?? Date.now;
    this.monoNow = opts.monoNow ?? (() => performance.now());
    this.releaseMs = opts.releaseMs ?? RELEASE_DATE_MS;
    const wall = this.wallNow();
    this.offset = wall - this.monoNow();
    this.trusted = true;
    this.lastGoodSync = wall >= this.releaseMs ? wall : null;
    if (wall < this.releaseMs) this.distrust('before-release', wall, 0);
  }

  /** Checks every second (CHECK_INTERVAL_MS) until `stop`. The timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Compares wall and monotonic clocks with the previous check; see the module comment. Returns the wall time read. */
  check(): number {
    const wall = this.wallNow();
    const offset = wall - this.monoNow();
    const step = offset - this.offset;
    this.offset = offset;
    if (step < -MAX_BACKWARD_STEP_MS) this.distrust('jump-backwards', wall, step);
    else if (step > MAX_FORWARD_STEP_MS) this.distrust('jump-forwards', wall, step);
    else if (wall < this.releaseMs) this.distrust('before-release', wall, step);
    return wall;
  }

  /** The clock a decision is made by. Checks first, so a jump since the last tick already counts. */
  reading(): ClockReading {
    const now = this.check();
    return { now, trusted: this.trusted, source: this.opts.source, lastGoodSync: this.lastGoodSync };
  }

  status(): ClockStatus {
    return { trusted: this.trusted, source: this.opts.source, lastGoodSync: this.lastGoodSync, reason: this.reason };
  }

  /**
   * The clock is known right as of `nowMs` (an NTP sync, a guard's confirmation): trusted again, with
   * lastGoodSync = nowMs and a new baseline for jump detection. Refused (returns false, stays untrusted)
   * while the wall clock still reads before the release date.
   */
  markSynced(nowMs: number): boolean {
    const wall = this.wallNow();
    this.offset = wall - this.monoNow();
    if (wall < this.releaseMs) {
      this.distrust('before-release', wall, 0);
      return false;
    }
    this.lastGoodSync = nowMs;
    const was = this.trusted;
    this.trusted = true;
    this.reason = null;
    if (!was) {
      this.journal('clock.trusted', wall, { source: this.opts.source, syncedAt: isoAt(nowMs) });
      this.emit();
    }
    return true;
  }

  /** Listens for changes of trust or reason; returns the unsubscribe function. */
  onChange(listener: (s: ClockStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private distrust(reason: ClockDistrust, wall: number, stepMs: number): void {
    if (!this.trusted && this.reason === reason) return;
    this.trusted = false;
    this.reason = reason;
    this.journal('clock.untrusted', wall, { reason, source: this.opts.source, wallAt: isoAt(wall), stepMs: Math.round(stepMs) });
    this.emit();
  }

  private journal(kind: string, wall: number, detail: Record<string, unknown>): void {
    const r = this.opts.events.recordEvent({ at: isoAt(wall), kind, detail });
    if (!r.ok) this.opts.onSinkError?.(r.error);
  }

  private emit(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
