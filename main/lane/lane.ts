/**
 * One lane of the gate: binds its devices to a checkpoint session, decides under the policy in force,
 * journals the decision, and only then opens the relay. Runs in the main process.
 *
 * Inputs are queued and applied one at a time, so effects that feed back an input (a committed
 * decision) never re-enter the state machine. Every timer and window runs on the monotonic clock
 * (`monotonic`, the one the drivers stamp frames with); the wall clock (`clockReading`) only stamps
 * records, notices and events, so stepping it (`date -s`, an NTP step) changes no timeout or binding.
 */
import type { LaneConfig } from '../../src/config/schema.js';
import type { ClockReading, Credential, RegistrationEvidence } from '../../src/domain.js';
import type { ScanKeys } from '../../src/identity/classify.js';
import { redactIdNumbers } from '../../src/identity/redact.js';
import type { LaneCounters, LaneView } from '../../src/ipc/view.js';
import type { StaleBundles } from '../../src/policy/engine.js';
import type { LiveRegisters, Registers } from '../../src/registers.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { IDLE, nextDeadline, planFor, step } from '../../src/session/machine.js';
import { screenFor } from '../../src/session/screen.js';
import type { SessionEffect, SessionInput, SessionState, SessionTimeouts } from '../../src/session/types.js';
import { SELECTOR_START, feedFrame, rearm, type Frame, type SelectorConfig, type SelectorState } from '../../src/thermometry/selector.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import type { HealthCodeVerifier } from '../credentials/online.js';
import type { PassageTracker } from '../inputs/passages.js';
import type { Log } from '../log.js';
import { Summary } from '../log/summary.js';
import type { PolicyStore } from '../policy/store.js';
import { DecisionRecorder } from './decision-recorder.js';
import type { CredentialVerifier, DecisionJournal, ReaderPort, RelayPort, ThermometerPort } from './ports.js';
import { ReadRouter } from './read-router.js';
import type { RoutedScan } from './scan-router.js';

export interface LaneDeps {
  readonly config: LaneConfig;
  readonly timeouts: SessionTimeouts;
  readonly policies: PolicyStore;
  readonly journal: DecisionJournal;
  readonly thermometer: ThermometerPort;
  /** The lane's identity readers: every one feeds the same session. */
  readonly readers: readonly ReaderPort[];
  readonly relay: RelayPort;
  /** The keys behind refs, read at each use. */
  readonly keys: () => ScanKeys;
  /** Frozen at each session's start: the session decides by the registers it started with. */
  readonly registers: LiveRegisters;
  readonly credentials: CredentialVerifier;
  /** Online health-code check for people identified without a signed code; absent when not configured. */
  readonly onlineHealthCode?: HealthCodeVerifier;
  /** The wall clock decisions are made by, with its trust (see main/clock). */
  readonly clockReading: () => ClockReading;
  /** The bundle kinds past their maximum age, read at each decision (main/bundles/freshness.ts); absent: none. */
  readonly staleBundles?: () => StaleBundles;
  readonly log: Log;
  /** Monotonic ms; must be the clock the thermometer driver stamps frames with. Default `performance.now`. */
  readonly monotonic?: () => number;
  /** Called after every change of what the lane shows. */
  readonly onChange: () => void;
  /** The lane's passage input, where it has one (main/inputs/passages.ts). */
  readonly passages?: PassageTracker;
}

/** Pause before a re-measure is taken, so the person can step back and measure again. */
const REMEASURE_GAP_MS = 1000;
/** Notices of one kind and code journaled and logged in full per window; the rest are counted into one `events.suppressed` row. */
export const NOTICE_SUMMARY = { burst: 5, windowMs: 60_000 } as const;

export type MaskRefusal = Failure<'mask.no-identity'>;

/** Whether a person's session is under way on any of `lanes` (see {@link Lane.inSession}). */
export const sessionUnderWay = (lanes: ReadonlyMap<string, Lane>): boolean => [...lanes.values()].some((l) => l.inSession());

export class Lane {
  private state: SessionState = IDLE;
  private nextSession = 1;
  private selector: SelectorState = SELECTOR_START;
  private readonly queue: SessionInput[] = [];
  private draining = false;
  private tickTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;
  private readonly selectorConfig: SelectorConfig;
  private readonly recorder: DecisionRecorder;
  private lastNotice: { code: string; at: number } | null = null;
  /** The registers the newest session started with. */
  private sessionRegisters: { readonly session: number; readonly registers: Registers } | undefined;
  private failedPolls = 0;
  private readonly counters: { -readonly [K in keyof LaneCounters]: number } = { scansRejected: 0, codesRefused: 0, readingsDiscarded: 0, sessionsAbandoned: 0 };
  /** Scans are handled in order, even when one needs an async signature check. */
  private scans: Promise<void> = Promise.resolve();
  /** The last session the online verifier was asked about. */
  private askedOnline = 0;
  /** A flood of rejected scans or refused codes (a faulty or hostile device) costs bounded journal rows and log lines. */
  private readonly notices: Summary<{ kind: string; code: string }>;

  constructor(private readonly deps: LaneDeps) {
    this.now = deps.monotonic ?? monotonicNow;
    this.selectorConfig = { ...deps.config.thermometer, remeasureGapMs: REMEASURE_GAP_MS };
    this.recorder = new DecisionRecorder({
      lane: deps.config.id,
      direction: deps.config.direction,
      journal: deps.journal,
      relay: deps.relay,
      relayPulse: deps.config.relay,
      clockReading: deps.clockReading,
      staleBundles: deps.staleBundles,
      log: deps.log,
      passages: deps.passages,
    });
    this.notices = new Summary({
      ...NOTICE_SUMMARY,
      report: ({ detail, count, windowMs }) => {
        this.deps.log.warn({ lane: this.id, ...detail, suppressed: count, seconds: windowMs / 1000 }, 'notices suppressed');
        this.journalEvent('events.suppressed', { ...detail, count, windowMs });
      },
    });
  }

  get id(): string {
    return this.deps.config.id;
  }

  /** Subscribes to the devices (synchronously, so bytes held since the ports opened reach this lane) and starts polling. */
  start(): void {
    const { thermometer, readers, log } = this.deps;
    this.unsubscribe.push(
      thermometer.onFrame((f) => this.onFrame(f)),
      thermometer.onBadFrame((b) => this.thermometerDiscarded(b.reason, b.length)),
      thermometer.onLinkLost(() => this.thermometerLost()),
    );
    for (const reader of readers) {
      // One router per reader: lines of a zone arriving from two readers at once must not join.
      const router = new ReadRouter({ keys: this.deps.keys, credentials: this.deps.credentials });
      this.unsubscribe.push(
        reader.onRead((r) => {
          if (r.kind === 'text') this.traceScan(reader.id, r.text);
          this.onRead(reader, router, r);
        }),
        reader.onBadFrame((b) => {
          log.debug({ lane: this.id, reader: reader.id, reason: b.reason, bytes: b.length }, 'reader bytes discarded');
          // A scanner sends only when something was scanned: its bad line is a person's failed scan, shown as one.
          if (reader.kind === 'scanner') this.notice('scan.rejected', b.reason);
        }),
      );
    }
    this.deps.passages?.start();
    const periodMs = Math.round(1000 / this.deps.config.thermometer.queryHz);
    this.pollTimer = setInterval(() => void this.poll(), periodMs);
  }

  stop(): void {
    clearInterval(this.pollTimer);
    clearTimeout(this.tickTimer);
    for (const u of this.unsubscribe.splice(0)) u();
    this.deps.passages?.stop();
    this.notices.flush();
  }

  /** Whether a person's session is under way (collecting evidence, or being decided): what must not see a register swap, and what the uplink gives way to. */
  inSession(): boolean {
    return this.state.phase === 'collecting' || this.state.phase === 'deciding';
  }

  /** What the lane shows; the gate adds the alarms its wired inputs raise (main/inputs/alarms.ts). */
  view(): Omit<LaneView, 'alarms'> {
    return { id: this.id, direction: this.deps.config.direction, screen: screenFor(this.state), notice: this.lastNotice, counters: { ...this.counters } };
  }

  /** A guard registered a person by hand: their identity and what was recorded enter the session together. */
  registerPerson(credential: Credential, registration: RegistrationEvidence): boolean {
    const before = this.state;
    this.push({ type: 'identity', at: this.now(), credential, attached: { registration } });
    return this.state !== before;
  }

  /**
   * The person tapped "I am wearing a mask". Taken only while someone is identified: a tap on the idle or
   * verdict screen, or before the person scanned, is refused and leaves nothing behind.
   */
  declareMask(): Result<void, MaskRefusal> {
    const before = this.state;
    const at = this.now();
    this.push({ type: 'mask', at, mask: { kind: 'self-declared', at } });
    // The session machine decides who may declare: a declaration it did not take leaves its state as it was.
    return this.state !== before ? ok(undefined) : err(failure('mask.no-identity', 'a mask is declared once the person at the gate is identified'));
  }

  /** Logged when polls start failing and when they go through again, with the count: never once per poll. */
  private async poll(): Promise<void> {
    const r = await this.deps.thermometer.query();
    if (!r.ok && this.failedPolls++ === 0) this.deps.log.warn({ lane: this.id, error: r.error }, 'thermometer query failed; further failures are counted');
    if (r.ok && this.failedPolls > 0) {
      this.deps.log.info({ lane: this.id, failedPolls: this.failedPolls }, 'thermometer queries go through again');
      this.failedPolls = 0;
    }
  }

  /**
   * Nobody can be seen to leave a thermometer that is gone, so its loss counts as the person having left:
   * readings not yet bound to an identity are dropped, and no reading is assembled from frames on both sides
   * of the gap. Readings of an identified person stay theirs.
   */
  private thermometerLost(): void {
    this.selector = SELECTOR_START;
    this.push({ type: 'left', at: this.now() });
  }

  private onFrame(f: Frame): void {
    const { state, reading, left } = feedFrame(this.selector, f, this.selectorConfig);
    this.selector = state;
    if (left) this.push({ type: 'left', at: f.at });
    if (reading !== undefined) this.push({ type: 'reading', at: reading.at, reading: { ...reading, device: `${this.id}/thermometer` } });
  }

  /**
   * Bytes the thermometer's parser could not use are counted by its driver and logged at debug. A `sensor-fault`
   * (a well-formed frame with a value no sensor measures) is never a reading: logged at warn and journaled as
   * `device.fault`, a flood of them summarised like notices.
   */
  private thermometerDiscarded(reason: string, bytes: number): void {
    if (reason !== 'sensor-fault') return this.deps.log.debug({ lane: this.id, reason, bytes }, 'thermometer bytes discarded');
    if (this.notices.admit(`device.fault thermometer ${reason}`, { kind: 'device.fault', code: reason })) {
      this.deps.log.warn({ lane: this.id, device: 'thermometer', code: reason }, 'thermometer reported a value no sensor measures; not a reading');
      this.journalEvent('device.fault', { device: 'thermometer', code: reason });
    }
  }

  /** What a scanner typed, for a technician at debug level: ID numbers masked (the text may hold one). */
  private traceScan(reader: string, text: string): void {
    if (this.deps.log.isLevelEnabled('debug')) this.deps.log.debug({ lane: this.id, reader, text: redactIdNumbers(text), chars: text.length }, 'scan received');
  }

  /** Reads of every reader are handled one at a time, in arrival order (a signature check is async). */
  private onRead(reader: ReaderPort, router: ReadRouter, read: ReaderRead): void {
    this.scans = this.scans.then(async () => {
      const routed = await router.route(read);
      if (this.take(routed)) void this.acknowledge(reader);
    });
  }

  /** Applies a routed read; true when it became session input. */
  private take(routed: RoutedScan): boolean {
    switch (routed.kind) {
      case 'input':
        this.push(routed.input);
        return true;
      case 'refused':
        this.notice('credential.refused', routed.code);
        this.push(routed.input);
        return true;
      case 'rejected':
        this.notice('scan.rejected', routed.code);
        return false;
      case 'partial':
        return false;
    }
  }

  /** The reader's beep for a read that was taken; a failure is logged and changes nothing. */
  private async acknowledge(reader: ReaderPort): Promise<void> {
    const r = await reader.acknowledge();
    if (!r.ok) this.deps.log.info({ lane: this.id, reader: reader.id, error: r.error }, 'reader could not acknowledge a read');
  }

  /**
   * A scan the lane could not use, or a code it refused: shown, counted and journaled by its code; its text is
   * never logged (it may hold an ID number; only traceScan logs it, masked). Past NOTICE_SUMMARY's burst, one
   * kind and code is only counted.
   */
  private notice(kind: 'scan.rejected' | 'credential.refused', code: string): void {
    this.lastNotice = { code, at: this.deps.clockReading().now };
    this.counters[kind === 'scan.rejected' ? 'scansRejected' : 'codesRefused'] += 1;
    if (this.notices.admit(`${kind} ${code}`, { kind, code })) {
      this.deps.log.info({ lane: this.id, code }, kind === 'scan.rejected' ? 'scan rejected' : 'code refused');
      this.journalEvent(kind, { code });
    }
    this.deps.onChange();
  }

  private journalEvent(kind: string, detail: Record<string, unknown>): void {
    const r = this.deps.journal.recordEvent({ at: new Date(this.deps.clockReading().now).toISOString(), kind, detail: { lane: this.id, ...detail } });
    if (!r.ok) this.deps.log.error({ error: r.error, kind }, 'could not journal an event');
  }

  private push(input: SessionInput): void {
    this.queue.push(input);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.apply(next);
    } finally {
      this.draining = false;
    }
    this.schedule();
    this.deps.onChange();
  }

  private apply(input: SessionInput): void {
    if (input.type === 'identity') this.lastNotice = null;
    const plan = planFor(this.deps.policies.current(), this.deps.config.direction);
    const t = step(this.state, input, { timeouts: this.deps.timeouts, plan, nextSession: this.nextSession });
    if ('session' in t.state && t.state.session >= this.nextSession) {
      this.nextSession = t.state.session + 1;
      this.sessionRegisters = { session: t.state.session, registers: this.deps.registers.frozen() };
    }
    this.state = t.state;
    for (const effect of t.effects) this.run(effect);
    this.askOnlineIfNeeded();
  }

  /**
   * A person identified without a health code, where the policy needs one: ask the online verifier, once per
   * session (whatever input identified them: a scan, a registration, or the newcomer of a superseded session).
   */
  private askOnlineIfNeeded(): void {
    const s = this.state;
    const online = this.deps.onlineHealthCode;
    if (online === undefined || s.phase !== 'collecting' || s.session === this.askedOnline) return;
    const person = s.evidence.identity;
    if (person === undefined || !s.plan.required.has('health-code') || s.evidence.healthCode !== undefined) return;
    // The district service knows district refs only; an install-keyed ref would match nobody and tell it nothing.
    if (person.refKey !== 'district') return;
    const session = s.session;
    this.askedOnline = session;
    void online.check(person.ref).then((code) => {
      const now = this.state;
      // The answer may come after this person's session ended: it must never land in someone else's.
      if (now.phase !== 'collecting' || now.session !== session || now.evidence.identity?.ref !== person.ref) {
        this.deps.log.info({ lane: this.id, session }, 'online health-code answer arrived after its session; dropped');
        return;
      }
      this.push({ type: 'health-code', at: this.now(), code });
    });
  }

  private run(effect: SessionEffect): void {
    switch (effect.type) {
      case 'decide': {
        const started = this.sessionRegisters?.session === effect.session ? this.sessionRegisters.registers : this.deps.registers.frozen();
        const recorded = this.recorder.record(effect, started);
        this.queue.push(recorded.ok ? { type: 'recorded', at: this.now(), recorded: recorded.value } : { type: 'record-failed', at: this.now(), code: recorded.error.code });
        return;
      }
      case 'remeasure':
        this.selector = rearm(this.now(), this.selectorConfig);
        return;
      case 'discarded':
        this.counters.readingsDiscarded += effect.readings;
        this.deps.log.info({ lane: this.id, readings: effect.readings, why: effect.why }, 'readings from before the identity discarded');
        this.journalEvent('reading.discarded', { readings: effect.readings, why: effect.why });
        // Too old to be this person's: take a fresh reading from whoever stands there now.
        if (effect.why === 'stale') this.selector = rearm(this.now(), this.selectorConfig);
        return;
      case 'abandoned':
        this.counters.sessionsAbandoned += 1;
        this.deps.log.info({ lane: this.id, ending: effect.ending, dropped: effect.dropped }, 'session ended with nobody identified; nothing decided');
        this.journalEvent('session.abandoned', { ending: effect.ending, dropped: [...effect.dropped] });
        return;
      case 'ignored':
        this.deps.log.debug({ lane: this.id, input: effect.input, why: effect.why }, 'input ignored');
        return;
    }
  }

  private schedule(): void {
    clearTimeout(this.tickTimer);
    const at = nextDeadline(this.state);
    if (at === undefined) return;
    this.tickTimer = setTimeout(() => this.push({ type: 'tick', at: this.now() }), Math.max(0, at - this.now()));
  }
}
