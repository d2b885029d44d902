/**
 * Whether the wall clock can be trusted for time-dependent rules (health-code age, travel windows, exit
 * quotas, opening hours). The monotonic clock cannot jump, so `wall − mono` only drifts slowly while the
 * wall clock is honest (NTP slews it by milliseconds); a step of that offset is a jump. The clock
 * becomes untrusted when, between two checks, the offset steps back by more than
 * {@link MAX_BACKWARD_STEP_MS} (`jump-backwards`) or forward by more than {@link MAX_FORWARD_STEP_MS}
 * (`jump-forwards`: a suspended machine or a manual set), or when the wall clock reads before the
 * build's release date (`before-release`: a dead RTC). At a restart (`restore`), a wall clock earlier than
 * the journal's latest entry or the last persisted reference (`behind-journal`), or a state persisted
 * untrusted (`untrusted-at-restart`), is untrusted too.
 *
 * It stays untrusted until `markSynced` with a trusted source (the NTP daemon's status, the platform's
 * signed time: docs/bundles.md §Time) that agrees with the wall clock within `toleranceMs`.
 *
 * Every change of trust or of the reason, and every further step while already untrusted, is journaled
 * (`clock.untrusted`, `clock.trusted`), logged and emitted. Once `restore`d, the state is persisted in the
 * journal (`settings` clock_state) at each change and at `detach`: when distrusting, persisted before the
 * event is journaled; when trusting, after — so a crash between the two errs towards untrusted.
 */
import type { ClockReading } from '../../src/domain.js';
import type { Failure, Result } from '../../src/result.js';
import { type PersistedClock, notBefore } from '../journal/clock-state.js';
import type { Log } from '../log.js';
import { RELEASE_DATE_MS } from './release.js';

export const MAX_BACKWARD_STEP_MS = 2_000;
export const MAX_FORWARD_STEP_MS = 120_000;
export const CHECK_INTERVAL_MS = 1_000;

export const CLOCK_DISTRUST_REASONS = ['jump-backwards', 'jump-forwards', 'before-release', 'behind-journal', 'untrusted-at-restart'] as const;
export type ClockDistrust = (typeof CLOCK_DISTRUST_REASONS)[number];

/** What the kiosk shows about the clock. */
export interface ClockStatus {
  readonly trusted: boolean;
  readonly source: string;
  /** Epoch ms of the last time a trusted source vouched for the clock (or the first start); null if never. */
  readonly lastGoodSync: number | null;
  readonly reason: ClockDistrust | null;
}

/** The journal, as far as the monitor needs it. */
export interface ClockEventSink {
  recordEvent(e: { at: string; kind: string; detail: Record<string, unknown> }): Result<void, Failure>;
}

/** Where the state survives a restart: the journal's settings (main/journal/clock-state.ts, through Journal). */
export interface ClockStateStore {
  /** The state the previous run left (undefined: none yet) and the latest instant journaled (null: none). */
  loadClockState(): Result<{ readonly state: PersistedClock | undefined; readonly latestEntryAt: number | null }, Failure>;
  saveClockState(state: PersistedClock): Result<void, Failure>;
}

/** A trusted source vouching for the wall clock. */
export interface TimeSync {
  /** Which: `ntp:chrony`, `ntp:timedatectl`, `platform:<kid>`. Journaled with `clock.trusted`. */
  readonly source: string;
  /**
   * How far the wall clock is from the source's time, ms (the source's error bound included where it gives
   * one); it must be within the tolerance to count. Null: the source vouches without a figure (the
   * kernel's synchronised flag, through timedatectl).
   */
  readonly offsetMs: number | null;
  /** What else the source said, journaled as the agreement. */
  readonly detail?: Record<string, unknown>;
}

/** What became of a sync: `trusted` (trust restored), `confirmed` (already trusted; lastGoodSync moved), or why it did not count. */
export type SyncOutcome = 'trusted' | 'confirmed' | 'outside-tolerance' | 'before-release';

export interface ClockMonitorOptions {
  /** How this machine keeps time (config `clock.source`, e.g. `system-ntp`): recorded with every decision. */
  readonly source: string;
  readonly events: ClockEventSink;
  /** The process log: every change of the clock goes there as well as to the journal. */
  readonly log?: Log;
  /** Config `clock.syncToleranceMs`. */
  readonly toleranceMs: number;
  /** Wall clock, epoch ms. Default Date.now. */
  readonly wallNow?: () => number;
  /** Monotonic clock, ms. Default performance.now. */
  readonly monoNow?: () => number;
  /** Default: this build's release date (release.ts). */
  readonly releaseMs?: number;
  /** Called when an event or the state cannot be journaled (disk full, say); the monitor carries on. */
  readonly onSinkError?: (f: Failure) => void;
}

/** An ISO instant for an event, even for a wall clock outside Date's range. */
export const isoAt = (ms: number): string => new Date(Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : 0).toISOString();

export class ClockMonitor {
  private readonly wallNow: () => number;
  private readonly monoNow: () => number;
  private readonly releaseMs: number;
  private offset: number;
  private trusted: boolean;
  private reason: ClockDistrust | null = null;
  private lastGoodSync: number | null;
  /** See PersistedClock `aheadUntil`. */
  private aheadUntil: number | null = null;
  private store: ClockStateStore | undefined;
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
    if (wall < this.releaseMs) this.distrust('before-release', wall, { stepMs: 0 }, false);
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

  /** The journal closes: persists the state with the wall clock now as its reference (a later start that reads earlier went back), then no more. */
  detach(): void {
    if (this.store === undefined) return;
    this.persist(this.check());
    this.store = undefined;
  }

  /**
   * The journal is open: reads the previous run's state and the latest journaled instant, and from now on
   * persists the state there. The clock is untrusted if it reads earlier than either (`behind-journal`),
   * or the previous run ended untrusted or its state cannot be read (`untrusted-at-restart`); a trusted
   * restart keeps the persisted lastGoodSync. Already untrusted (a dead RTC), it journals that again, now
   * that there is a journal.
   */
  restore(store: ClockStateStore): void {
    this.store = store;
    const wall = this.check();
    const loaded = store.loadClockState();
    if (!loaded.ok) this.opts.onSinkError?.(loaded.error);
    const previous = loaded.ok ? loaded.value.state : undefined;
    const reference = notBefore(previous, loaded.ok ? loaded.value.latestEntryAt : null) ?? -Infinity;
    if (previous !== undefined && previous.lastGoodSync !== null && this.lastGoodSync !== null) this.lastGoodSync = previous.lastGoodSync;
    this.aheadUntil = previous?.aheadUntil ?? null;
    if (!this.trusted && this.reason !== null) {
      // Journaled again: before the journal opened, it could not be.
      this.distrust(this.reason, wall, { stepMs: 0, atRestart: true }, true);
    } else if (wall < reference) {
      this.distrust('behind-journal', wall, { stepMs: 0, latestAt: isoAt(reference), behindMs: Math.round(reference - wall) }, true);
    } else if (!loaded.ok || previous?.trusted === false) {
      this.distrust('untrusted-at-restart', wall, { stepMs: 0, previousReason: previous?.reason ?? null, ...(loaded.ok ? {} : { error: loaded.error.code }) }, true);
    } else {
      this.persist(wall);
    }
  }

  /** Compares wall and monotonic clocks with the previous check; see the module comment. Returns the wall time read. */
  check(): number {
    const wall = this.wallNow();
    const offset = wall - this.monoNow();
    const step = offset - this.offset;
    this.offset = offset;
    if (step < -MAX_BACKWARD_STEP_MS) this.distrust('jump-backwards', wall, { stepMs: step }, true);
    else if (step > MAX_FORWARD_STEP_MS) this.distrust('jump-forwards', wall, { stepMs: step }, true);
    else if (wall < this.releaseMs) this.distrust('before-release', wall, { stepMs: step }, false);
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
   * A trusted source vouches for the wall clock (see TimeSync). Counts only when its offset is within the
   * tolerance and the wall clock reads after the release date: then lastGoodSync = now, with a new baseline
   * for jump detection, and an untrusted clock is trusted again (journaled `clock.trusted` with the source
   * and the agreement, logged, persisted).
   */
  markSynced(sync: TimeSync): SyncOutcome {
    const wall = this.check();
    if (sync.offsetMs !== null && !(Math.abs(sync.offsetMs) <= this.opts.toleranceMs)) return 'outside-tolerance';
    if (wall < this.releaseMs) return 'before-release';
    this.offset = wall - this.monoNow();
    this.lastGoodSync = wall;
    if (this.trusted) return 'confirmed';
    const was = this.reason;
    this.trusted = true;
    this.reason = null;
    // What the journal holds dated after now was written while the clock ran ahead.
    const latest = this.store?.loadClockState();
    const latestAt = latest?.ok === true ? latest.value.latestEntryAt : null;
    if (latestAt !== null && latestAt > wall) this.aheadUntil = Math.max(latestAt, this.aheadUntil ?? -Infinity);
    const detail = { source: sync.source, clockSource: this.opts.source, syncedAt: isoAt(wall), offsetMs: sync.offsetMs === null ? null : Math.round(sync.offsetMs), toleranceMs: this.opts.toleranceMs, wasReason: was, ...sync.detail };
    this.journal('clock.trusted', wall, detail);
    this.opts.log?.info(detail, 'clock trusted again');
    this.persist(wall);
    this.emit();
    return 'trusted';
  }

  /** Listens for changes of trust or reason; returns the unsubscribe function. */
  onChange(listener: (s: ClockStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Untrusted for `reason`, journaled: `always` for a step and at a restart; otherwise (a wall clock still
   * before the release date at every check) only when the reason changes.
   */
  private distrust(reason: ClockDistrust, wall: number, facts: { stepMs: number } & Record<string, unknown>, always: boolean): void {
    if (!always && !this.trusted && this.reason === reason) return;
    const previously = this.trusted ? 'trusted' : this.reason;
    this.trusted = false;
    this.reason = reason;
    this.persist(wall);
    const detail = { reason, source: this.opts.source, wallAt: isoAt(wall), ...facts, stepMs: Math.round(facts.stepMs), previously };
    this.journal('clock.untrusted', wall, detail);
    this.opts.log?.warn(detail, previously === 'trusted' ? 'clock untrusted' : 'clock stepped while untrusted');
    this.emit();
  }

  private persist(wall: number): void {
    const r = this.store?.saveClockState({ v: 1, trusted: this.trusted, reason: this.reason, lastGoodSync: this.lastGoodSync, referenceAt: wall, aheadUntil: this.aheadUntil });
    if (r !== undefined && !r.ok) this.opts.onSinkError?.(r.error);
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
