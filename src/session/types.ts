import type { Credential, Evidence, HealthCodeEvidence, MaskEvidence, TemperatureReading, TravelEvidence } from '../domain.js';
import type { Decision } from '../policy/decision.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { EvidenceStep } from '../policy/engine.js';
import type { TemperatureParams } from '../policy/schema.js';

/** What a session must gather, fixed when it starts from the policy in force then (swaps apply to the next session). */
export interface SessionPlan {
  readonly policy: LoadedPolicy;
  readonly required: ReadonlySet<EvidenceStep>;
  readonly temperature: TemperatureParams | undefined;
}

export type AttachedEvidence = Partial<Pick<Evidence, 'healthCode' | 'travel' | 'registration'>>;

/** Injected time limits, in milliseconds. */
export interface SessionTimeouts {
  /** Longest wait for the next piece of evidence. */
  readonly stepMs: number;
  /** Longest whole session, however much evidence keeps trickling in. */
  readonly sessionMs: number;
  /** How long a verdict stays on screen before the lane returns to idle. */
  readonly verdictMs: number;
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
   * A person identified, with whatever came in the same act: a signed health or travel code that also
   * identifies them, or what a guard recorded when registering them by hand.
   */
  | { readonly type: 'identity'; readonly at: number; readonly credential: Credential; readonly attached?: AttachedEvidence }
  | { readonly type: 'reading'; readonly at: number; readonly reading: TemperatureReading }
  | { readonly type: 'mask'; readonly at: number; readonly mask: MaskEvidence }
  | { readonly type: 'health-code'; readonly at: number; readonly code: HealthCodeEvidence }
  | { readonly type: 'travel'; readonly at: number; readonly travel: TravelEvidence }
  | { readonly type: 'tick'; readonly at: number }
  | { readonly type: 'recorded'; readonly at: number; readonly recorded: RecordedDecision }
  | { readonly type: 'record-failed'; readonly at: number; readonly code: string };

export type SessionEffect =
  /** Run the engine on this evidence under this plan's policy, journal it, then feed back `recorded`. */
  | { readonly type: 'decide'; readonly session: number; readonly plan: SessionPlan; readonly evidence: Evidence; readonly ending: SessionEnding }
  /** A fever reading with re-measures left: the lane must take a fresh reading. */
  | { readonly type: 'remeasure'; readonly session: number }
  /** An input the state had no use for (a stray reading while a verdict shows, say): counted, not an error. */
  | { readonly type: 'ignored'; readonly input: SessionInput['type']; readonly why: string };

export interface Transition {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}
