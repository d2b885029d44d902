/**
 * The decision-and-record step of a lane: the engine decides on the session's evidence, the journal
 * commits the decision, and only then — for an admit — the relay pulses. No admit without a durable record.
 */
import { randomUUID } from 'node:crypto';
import type { ClockReading, Direction } from '../../src/domain.js';
import type { Decision } from '../../src/policy/decision.js';
import { decide, type StaleBundles } from '../../src/policy/engine.js';
import type { Registers } from '../../src/registers.js';
import { err, ok, type Failure, type Result } from '../../src/result.js';
import type { RecordedDecision, SessionEffect } from '../../src/session/types.js';
import type { Log } from '../log.js';
import type { Admitted } from '../inputs/passages.js';
import type { DecisionJournal, RelayPort } from './ports.js';

export interface DecisionRecorderDeps {
  readonly lane: string;
  readonly direction: Direction;
  readonly journal: DecisionJournal;
  readonly relay: RelayPort;
  readonly relayPulse: { readonly channel: number; readonly pulseMs: number };
  readonly registers: Registers;
  /** The wall clock decisions are made and stamped by, with its trust (see main/clock). */
  readonly clockReading: () => ClockReading;
  /** The bundle kinds past their maximum age now; undefined: none. */
  readonly staleBundles?: (() => StaleBundles) | undefined;
  readonly log: Log;
  /** The lane's passage input, where it has one: admits wait for their passage there (main/inputs/passages.ts). */
  readonly passages?: { admitted(a: Admitted): void } | undefined;
}

export class DecisionRecorder {
  constructor(private readonly deps: DecisionRecorderDeps) {}

  /**
   * Decides, commits, and for an admit starts the relay pulse. A failed commit keeps the gate shut. With
   * the relay offline an admit cannot open the gate: it is recorded as a referral to the guard (note
   * `relay-offline`), never as an admit nobody could pass. With the upstream backlog full under
   * `refuse-admit`, an admit is a referral too (note `uplink-backlog-full`): the guard decides in person.
   */
  record(effect: Extract<SessionEffect, { type: 'decide' }>): Result<RecordedDecision, Failure> {
    const { lane, direction, registers, log } = this.deps;
    const stale = this.deps.staleBundles?.();
    const decided = decide(effect.plan.policy, effect.evidence, { direction, clock: this.deps.clockReading(), registers, ...(stale === undefined ? {} : { stale }) });
    const decision = this.refuseAdmit(decided);
    const id = randomUUID();
    const identity = effect.evidence.identity;
    const subject = identity === undefined ? null : { kind: identity.kind, masked: identity.masked };
    const household = identity === undefined ? null : (registers.residentHousehold(identity.ref) ?? null);
    const registration = effect.evidence.registration ?? null;
    const passageSensed = this.deps.passages !== undefined;
    const recorded = this.deps.journal.record({ id, lane, decision, subject, ending: effect.ending, registration, household, passageSensed });
    if (!recorded.ok) {
      log.error({ lane, error: recorded.error, verdict: decision.verdict }, 'decision not recorded; gate stays shut');
      return err(recorded.error);
    }
    const seq = recorded.value.seq;
    log.info({ lane, seq, verdict: decision.verdict, ending: effect.ending }, 'decision recorded');
    if (decision.verdict === 'admit') {
      void this.openGate(seq);
      this.deps.passages?.admitted({ seq, id, household });
    }
    return ok({ id, seq, decision });
  }

  private refuseAdmit(decided: Decision): Decision {
    if (decided.verdict !== 'admit') return decided;
    if (!this.deps.relay.linked()) return { ...decided, verdict: 'refer', notes: [...decided.notes, 'relay-offline'] };
    if (this.deps.journal.admitsRefused()) return { ...decided, verdict: 'refer', notes: [...decided.notes, 'uplink-backlog-full'] };
    return decided;
  }

  private async openGate(seq: number): Promise<void> {
    const { channel, pulseMs } = this.deps.relayPulse;
    const r = await this.deps.relay.pulse(channel, pulseMs);
    if (!r.ok) this.deps.log.error({ lane: this.deps.lane, seq, error: r.error }, 'relay pulse failed after an admit');
  }
}
