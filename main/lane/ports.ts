/**
 * What a lane needs from its devices and the journal: narrow interfaces, so the lane is wired to real
 * drivers in the gate and the same code runs under test with simulators on real ptys.
 */
import type { CredentialEvidence, TokenTyp } from '../../src/credentials/token.js';
import type { CredentialKind, RegistrationEvidence } from '../../src/domain.js';
import type { DeviceCounters, ReaderKind } from '../../src/devices/status.js';
import type { Decision } from '../../src/policy/decision.js';
import type { Failure, Result } from '../../src/result.js';
import type { SessionEnding } from '../../src/session/types.js';
import type { ReaderDiscarded, ReaderRead } from '../../drivers/reader/reader.js';
import type { ThermometerDiscarded, ThermometerFrame } from '../../drivers/thermometer/thermometer.js';

export interface ThermometerPort {
  query(): Promise<Result<void, Failure>>;
  onFrame(listener: (f: ThermometerFrame) => void): () => void;
  /** Bytes the parser could not use, and `sensor-fault`: a well-formed frame carrying a value no sensor measures. */
  onBadFrame(listener: (b: ThermometerDiscarded) => void): () => void;
  /** The link to the thermometer went away (it reopens by itself): whoever stood in front of it may have left unseen. */
  onLinkLost(listener: () => void): () => void;
  counters(): DeviceCounters;
}

/** One identity reader of the lane, whatever its protocol. */
export interface ReaderPort {
  /** Config `readers[].id`: names it in status and logs. */
  readonly id: string;
  readonly kind: ReaderKind;
  onRead(listener: (read: ReaderRead) => void): () => void;
  onBadFrame(listener: (b: ReaderDiscarded) => void): () => void;
  /** Tells the person their read was taken (beep, LED) where the device can; fails with `device.offline` while unlinked. */
  acknowledge(): Promise<Result<void, Failure>>;
  counters(): DeviceCounters;
}

export interface RelayPort {
  pulse(channel: number, ms: number): Promise<Result<void, Failure>>;
  /** Whether a pulse now can reach the relay (its link is up). */
  linked(): boolean;
}

export interface DecisionToRecord {
  readonly id: string;
  readonly lane: string;
  readonly decision: Decision;
  readonly subject: { readonly kind: CredentialKind; readonly masked: string } | null;
  readonly ending: SessionEnding;
  /** What the guard recorded (sealed elsewhere): only the sealed record's id and the field names. */
  readonly registration: RegistrationEvidence | null;
  /** The resident's household, for exit quotas; null for non-residents. */
  readonly household: string | null;
  /** The lane has a passage input: the admit's passage is journaled when seen, not with the decision. */
  readonly passageSensed: boolean;
}

export interface DecisionJournal {
  /** Returns only after the transaction (decision + uplink record + chain link) has committed. */
  record(input: DecisionToRecord): Result<{ readonly seq: number; readonly id: string; readonly hash: string }, Failure>;
  recordEvent(e: { at: string; kind: string; detail: Record<string, unknown> }): Result<void, Failure>;
  /** The upstream backlog is full under `whenFull: "refuse-admit"` (config `uplink.backlog`): no admit until there is room. */
  admitsRefused(): boolean;
}


/** Seals what a registration recorded to the health authority; the gate keeps only the sealed form. */
export interface RegistrationSealer {
  seal(sealedId: string, record: Record<string, unknown>): Promise<Result<void, Failure>>;
}

/**
 * Verifies a scanned signed QR credential (async: signatures use WebCrypto). A refusal names the `typ` its
 * header gave, when it gave one, so the refusal can fail the rule for that type.
 */
export interface CredentialVerifier {
  verify(text: string): Promise<Result<CredentialEvidence, Failure & { readonly typ?: TokenTyp }>>;
}
