import type { ClockReading, Credential, Direction, Evidence, JsonValue } from '../../domain.js';
import type { Registers } from '../../registers.js';
import type { RuleOutcome } from '../decision.js';
import type { RuleEffect } from '../schema.js';

/** Everything a rule may read. Nothing else: no globals, no clock but `clock`. */
export interface RuleInput {
  readonly evidence: Evidence;
  readonly registers: Registers;
  readonly clock: ClockReading;
  readonly direction: Direction;
  /** The policy's `clock.onUntrusted`: the effect of a rule that cannot be told while the clock is untrusted. */
  readonly onUntrustedClock: RuleEffect;
}

/** What one rule evaluator returns; the engine adds id, kind and cites. */
export interface Evaluation {
  readonly outcome: RuleOutcome;
  readonly values: { readonly [k: string]: JsonValue };
  /** Overrides the rule's onFail (health-code per colour, residency's nonResident). */
  readonly effect?: RuleEffect;
}

export const DAY_MS = 86_400_000;

/** The UTC calendar date of an instant, YYYY-MM-DD. */
export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Whether a code is this person's: its `subject` (a district ref) against the identity's `ref`. An identity
 * whose ref was made with this install's own key (no district key yet) cannot be compared.
 */
export function subjectCheck(identity: Credential | undefined, subject: string): 'match' | 'mismatch' | 'no-identity' | 'no-district-key' {
  if (identity === undefined) return 'no-identity';
  if (identity.refKey !== 'district') return 'no-district-key';
  return identity.ref === subject ? 'match' : 'mismatch';
}
