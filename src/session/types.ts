import type { Credential, Evidence, IdentityDocument, HealthCodeEvidence, MaskEvidence, RefusedCode, TemperatureReading, TravelEvidence } from '../domain.js';
import type { Decision } from '../policy/decision.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { EvidenceStep } from '../policy/engine.js';
import type { TemperatureParams } from '../policy/schema.js';

/** What a session must gather, fixed when it starts from the policy in force then (swaps apply to the next session). */
export interface SessionPlan {
  readonly policy: LoadedPolicy;
  readonly required: ReadonlySet<EvidenceStep>;
  readonly temperature: TemperatureParams | undefined;
  /** A signed health code identifies its holder (the identity rule accepts `health-code`). */
  readonly codeIdentifies: boolean;
}

export type AttachedEvidence = Partial<Pick<Evidence, 'registration'>>;

/**
 * Injected time limits, in milliseconds of the monotonic clock every input's `at` is on (the lane's; the
 * wall clock only stamps records, so stepping it changes no timeout, window or binding).
 */
export interface SessionTimeouts {
  /** Longest wait for the next piece of evidence. */
  readonly stepMs: number;
  /** Longest whole session, however much evidence keeps trickling in. */
  readonly sessionMs: number;
  /** How long a verdict stays on screen before the lane returns to idle. */
  readonly verdictMs: number;
  /** How long before the identity a reading may have been taken and still be that person's. */
  readonly preIdentityMs: number;
}

export type SessionEnding = 'complete' | 'step-timeout' | 'session-timeout' | 'superseded';

/** A committed decision as the session needs it back from the journal. */
export interface RecordedDecision {
  readonly id: string;
  readonly seq: number;
  readonly decision: Decision;
}

export type SessionState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'collecting';
      readonly session: number;
      readonly plan: SessionPlan;
      readonly startedAt: number;
      /** Step deadline: last evidence + stepMs, never past startedAt + sessionMs. */
      readonly deadline: number;
      readonly evidence: Evidence;
    }
  | {
      /** The decide effect is out; only `recorded` or `record-failed` move on from here. */
      readonly phase: 'deciding';
      readonly session: number;
      readonly plan: SessionPlan;
      readonly ending: SessionEnding;
      /** A different person scanned mid-session: their session starts once this one is recorded. */
      readonly next: Extract<SessionInput, { type: 'identity' }> | undefined;
    }
  | { readonly phase: 'showing'; readonly session: number; readonly until: number; readonly shown: Shown };

export type Shown = { readonly kind: 'verdict'; readonly recorded: RecordedDecision } | { readonly kind: 'fault'; readonly code: string };

export type SessionInput =
  /**
   * A person identified (ID card, MRZ, badge, resident pass, guard registration), with whatever came in
   * the same act: what a guard recorded when registering them by hand, and the validity of the document the
   * credential was read from where it has one (an ID card), which the identity rule records.
   */
  | { readonly type: 'identity'; readonly at: number; readonly credential: Credential; readonly attached?: AttachedEvidence; readonly document?: IdentityDocument }
  | { readonly type: 'reading'; readonly at: number; readonly reading: TemperatureReading }
  /** The thermometer saw the person who gave the last reading step away. */
  | { readonly type: 'left'; readonly at: number }
  | { readonly type: 'mask'; readonly at: number; readonly mask: MaskEvidence }
  /**
   * A health code: scanned (verified or refused) or answered online. `holder` is a verified signed code's
   * subject as a credential, used as the identity only where the plan says codes identify.
   */
  | { readonly type: 'health-code'; readonly at: number; readonly code: HealthCodeEvidence; readonly holder?: Credential }
  | { readonly type: 'travel'; readonly at: number; readonly travel: TravelEvidence | RefusedCode }
  /** A signed resident pass the gate refused. */
  | { readonly type: 'refused-pass'; readonly at: number; readonly refused: RefusedCode }
  | { readonly type: 'tick'; readonly at: number }
  | { readonly type: 'recorded'; readonly at: number; readonly recorded: RecordedDecision }
  | { readonly type: 'record-failed'; readonly at: number; readonly code: string };

export type SessionEffect =
  /** Run the engine on this evidence under this plan's policy, journal it, then feed back `recorded`. */
  | { readonly type: 'decide'; readonly session: number; readonly plan: SessionPlan; readonly evidence: Evidence; readonly ending: SessionEnding }
  /** A fever reading with re-measures left: the lane must take a fresh reading. */
  | { readonly type: 'remeasure'; readonly session: number }
  /**
   * Readings taken before any identity that can no longer be anyone's: too long before it (`stale`), or the
   * person was seen to leave (`left`). Counted and journaled by the lane.
   */
  | { readonly type: 'discarded'; readonly session: number; readonly readings: number; readonly why: 'stale' | 'left' }
  /**
   * The session ended without the identity the policy asks for: nobody to decide about, so no decision is
   * journaled; the lane journals the event with the kinds of evidence that were dropped.
   */
  | { readonly type: 'abandoned'; readonly session: number; readonly ending: SessionEnding; readonly dropped: readonly string[] }
  /** An input the state had no use for (a stray reading while a verdict shows, say): counted, not an error. */
  | { readonly type: 'ignored'; readonly input: SessionInput['type']; readonly why: string };

export interface Transition {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}
