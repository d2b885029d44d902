/**
 * One lane of the gate: binds its devices to a checkpoint session, decides under the policy in force,
 * journals the decision, and only then opens the relay. Runs in the main process.
 *
 * Inputs are queued and applied one at a time, so effects that feed back an input (a committed
 * decision) never re-enter the state machine.
 */
import { randomUUID } from 'node:crypto';
import type { LaneConfig } from '../../src/config/schema.js';
import type { ClockReading, Credential, RegistrationEvidence } from '../../src/domain.js';
import type { Registers } from '../../src/registers.js';
import { looksLikeCompactJws } from '../../src/credentials/token.js';
import { classifyScan, type ScanKeys } from '../../src/identity/classify.js';
import { NO_MRZ_LINES, addMrzLine, isMrzLine, mrzCredential } from '../../src/identity/mrz-lines.js';
import type { LaneView } from '../../src/ipc/view.js';
import { decide } from '../../src/policy/engine.js';
import { IDLE, nextDeadline, planFor, step } from '../../src/session/machine.js';
import { screenFor } from '../../src/session/screen.js';
import type { SessionEffect, SessionInput, SessionState, SessionTimeouts } from '../../src/session/types.js';
import { SELECTOR_START, feedFrame, rearm, type SelectorConfig, type SelectorState } from '../../src/thermometry/selector.js';
import type { Log } from '../log.js';
import type { PolicyStore } from '../policy/store.js';
import type { HealthCodeVerifier } from '../credentials/online.js';
import type { CredentialVerifier, DecisionJournal, RelayPort, ScannerPort, ThermometerPort } from './ports.js';

export interface LaneDeps {
  readonly config: LaneConfig;
  readonly timeouts: SessionTimeouts;
  readonly policies: PolicyStore;
  readonly journal: DecisionJournal;
  readonly thermometer: ThermometerPort;
  readonly scanner: ScannerPort;
  readonly relay: RelayPort;
  readonly keys: ScanKeys;
  readonly registers: Registers;
  readonly credentials: CredentialVerifier;
  /** Online health-code check for people identified without a signed code; absent when not configured. */
  readonly onlineHealthCode?: HealthCodeVerifier;
  /** The clock decisions are made by, with its trust (see main/clock). */
  readonly clockReading: () => ClockReading;
  readonly log: Log;
  readonly clock?: () => number;
  /** Called after every change of what the lane shows. */
  readonly onChange: () => void;
  /** Called once a decision is committed (and, for an admit, the relay pulse has been started). */
  readonly onDecision?: (d: { id: string; seq: number; verdict: string }) => void;
}

/** Pause before a re-measure is taken, so the person can step back and measure again. */
const REMEASURE_GAP_MS = 1000;

export class Lane {
  private state: SessionState = IDLE;
  private nextSession = 1;
  private selector: SelectorState = SELECTOR_START;
  private readonly queue: SessionInput[] = [];
  private draining = false;
  private tickTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly clock: () => number;
  private readonly selectorConfig: SelectorConfig;
  private lastNotice: { code: string; at: number } | null = null;
  /** Scans are handled in order, even when one needs an async signature check. */
  private scans: Promise<void> = Promise.resolve();
  private mrzLines = NO_MRZ_LINES;

  constructor(private readonly deps: LaneDeps) {
    this.clock = deps.clock ?? Date.now;
    const t = deps.config.thermometer;
    this.selectorConfig = { ...t, remeasureGapMs: REMEASURE_GAP_MS };
  }

  get id(): string {
    return this.deps.config.id;
  }

  start(): void {
    const { thermometer, scanner, log } = this.deps;
    this.unsubscribe.push(
      thermometer.onFrame((f) => this.onFrame(f)),
      thermometer.onBadFrame((b) => log.debug({ reason: b.reason, bytes: b.bytes.length }, 'thermometer bytes discarded')),
      scanner.onScan((s) => this.onScan(s.text, s.at)),
      scanner.onBadLine((b) => this.rejectScan(b.reason, b.at)),
    );
    const periodMs = Math.round(1000 / this.deps.config.thermometer.queryHz);
    this.pollTimer = setInterval(() => void this.poll(), periodMs);
  }

  stop(): void {
    clearInterval(this.pollTimer);
    clearTimeout(this.tickTimer);
    for (const u of this.unsubscribe.splice(0)) u();
  }

  view(): LaneView {
    return { id: this.id, direction: this.deps.config.direction, screen: screenFor(this.state), notice: this.lastNotice };
  }

  /** A guard registered a person by hand: their identity and what was recorded enter the session together. */
  registerPerson(credential: Credential, registration: RegistrationEvidence): boolean {
    const before = this.state;
    this.push({ type: 'identity', at: this.clock(), credential, attached: { registration } });
    return this.state !== before;
  }

  /** The person tapped "I am wearing a mask". False when no session could take it (a verdict is showing). */
  declareMask(): boolean {
    const before = this.state;
    this.push({ type: 'mask', at: this.clock(), mask: { kind: 'self-declared', at: this.clock() } });
    return this.state !== before;
  }

  private async poll(): Promise<void> {
    const r = await this.deps.thermometer.query();
    if (!r.ok) this.deps.log.warn({ error: r.error }, 'thermometer query failed');
  }

  private onFrame(f: { objectC: number; ambientC: number; at: number }): void {
    const { state, reading } = feedFrame(this.selector, f, this.selectorConfig);
    this.selector = state;
    if (reading === undefined) return;
    this.push({ type: 'reading', at: reading.at, reading: { ...reading, device: `${this.id}/thermometer` } });
  }

  private onScan(text: string, at: number): void {
    this.scans = this.scans.then(() => this.handleScan(text.trim(), at));
  }

  private async handleScan(text: string, at: number): Promise<void> {
    if (looksLikeCompactJws(text)) {
      const v = await this.deps.credentials.verify(text);
      if (!v.ok) return this.rejectScan(v.error.code, at);
      const { credential, healthCode, travel } = v.value;
      return this.push({ type: 'identity', at, credential, attached: { ...(healthCode && { healthCode }), ...(travel && { travel }) } });
    }
    if (isMrzLine(text)) {
      const added = addMrzLine(this.mrzLines, text, at);
      this.mrzLines = added.state;
      if (added.zone === undefined) return;
      const c = mrzCredential(added.zone, this.deps.keys.hmacKey);
      return c.ok ? this.push({ type: 'identity', at, credential: c.value }) : this.rejectScan(c.error.code, at);
    }
    const c = classifyScan(text, this.deps.keys);
    if (!c.ok) return this.rejectScan(c.error.code, at);
    this.push({ type: 'identity', at, credential: c.value });
  }

  /** An unusable scan is shown, counted and journaled by its code; its text is never logged (it may hold an ID number). */
  private rejectScan(code: string, at: number): void {
    this.lastNotice = { code, at };
    this.deps.log.info({ lane: this.id, code }, 'scan rejected');
    const r = this.deps.journal.recordEvent({ at: new Date(at).toISOString(), kind: 'scan.rejected', detail: { lane: this.id, code } });
    if (!r.ok) this.deps.log.error({ error: r.error }, 'could not journal a rejected scan');
    this.deps.onChange();
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
    if ('session' in t.state && t.state.session >= this.nextSession) this.nextSession = t.state.session + 1;
    this.state = t.state;
    for (const effect of t.effects) this.run(effect);
    if (input.type === 'identity') this.askOnlineIfNeeded(input.credential.ref);
  }

  /** A person identified without a signed health code, where the policy needs one: ask the online verifier. */
  private askOnlineIfNeeded(ref: string): void {
    const s = this.state;
    const online = this.deps.onlineHealthCode;
    if (online === undefined || s.phase !== 'collecting' || !s.plan.required.has('health-code') || s.evidence.healthCode !== undefined) return;
    const session = s.session;
    void online.check(ref).then((code) => {
      const now = this.state;
      // The answer may come after this person's session ended: it must never land in someone else's.
      if (now.phase !== 'collecting' || now.session !== session || now.evidence.identity?.ref !== ref) {
        this.deps.log.info({ lane: this.id, session }, 'online health-code answer arrived after its session; dropped');
        return;
      }
      this.push({ type: 'health-code', at: this.clock(), code });
    });
  }

  private run(effect: SessionEffect): void {
    switch (effect.type) {
      case 'decide':
        return this.decideAndRecord(effect);
      case 'remeasure':
        this.selector = rearm(this.clock(), this.selectorConfig);
        return;
      case 'ignored':
        this.deps.log.debug({ lane: this.id, input: effect.input, why: effect.why }, 'input ignored');
        return;
    }
  }

  private decideAndRecord(effect: Extract<SessionEffect, { type: 'decide' }>): void {
    const clock = this.deps.clockReading();
    const now = clock.now;
    const decision = decide(effect.plan.policy, effect.evidence, { direction: this.deps.config.direction, clock, registers: this.deps.registers });
    const id = randomUUID();
    const identity = effect.evidence.identity;
    const subject = identity === undefined ? null : { kind: identity.kind, masked: identity.masked };
    const household = identity === undefined ? null : (this.deps.registers.residentHousehold(identity.ref) ?? null);
    const registration = effect.evidence.registration ?? null;
    const recorded = this.deps.journal.record({ id, lane: this.id, decision, subject, ending: effect.ending, registration, household });
    if (!recorded.ok) {
      // No admit without a durable record: the relay stays shut and the screen says to see the guard.
      this.deps.log.error({ lane: this.id, error: recorded.error, verdict: decision.verdict }, 'decision not recorded; gate stays shut');
      this.queue.push({ type: 'record-failed', at: now, code: recorded.error.code });
      return;
    }
    this.deps.log.info({ lane: this.id, seq: recorded.value.seq, verdict: decision.verdict, ending: effect.ending }, 'decision recorded');
    if (decision.verdict === 'admit') void this.openGate(recorded.value.seq);
    this.queue.push({ type: 'recorded', at: now, recorded: { id, seq: recorded.value.seq, decision } });
    this.deps.onDecision?.({ id, seq: recorded.value.seq, verdict: decision.verdict });
  }

  private async openGate(seq: number): Promise<void> {
    const { channel, pulseMs } = this.deps.config.relay;
    const r = await this.deps.relay.pulse(channel, pulseMs);
    if (!r.ok) this.deps.log.error({ lane: this.id, seq, error: r.error }, 'relay pulse failed after an admit');
  }

  private schedule(): void {
    clearTimeout(this.tickTimer);
    const at = nextDeadline(this.state);
    if (at === undefined) return;
    this.tickTimer = setTimeout(() => this.push({ type: 'tick', at: this.clock() }), Math.max(0, at - this.clock()));
  }
}
