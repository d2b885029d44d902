import type { Direction, JsonValue, Verdict } from '../domain.js';
import type { RuleEffect, RuleKind } from './schema.js';

export const RULE_OUTCOMES = ['PASSED', 'FAILED', 'NOT_APPLICABLE', 'MISSING_EVIDENCE'] as const;
export type RuleOutcome = (typeof RULE_OUTCOMES)[number];

/** One rule's evaluation: what it looked at and what it concluded. */
export interface RuleResult {
  readonly id: string;
  readonly kind: RuleKind;
  readonly outcome: RuleOutcome;
  /** What the rule contributed to the verdict: FAILED → onFail, MISSING_EVIDENCE → onMissing. */
  readonly effect: RuleEffect | 'none';
  /** The values the rule looked at, e.g. `{ readingsC: [37.6, 36.8], thresholdC: 37.3 }`. */
  readonly values: { readonly [k: string]: JsonValue };
  readonly cites: { readonly notice: string; readonly clause: string };
}

export interface PolicyRef {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

/**
 * Reasons that are not a rule's: the policy itself was not in force, or (added by the lane, not the engine)
 * the gate's relay was offline, so an admit could not open it and became a referral to the guard.
 */
export const DECISION_NOTES = ['policy-not-yet-effective', 'policy-expired', 'relay-offline', 'uplink-backlog-full'] as const;
export type DecisionNote = (typeof DECISION_NOTES)[number];

/** The engine's output. Pure data: the journal adds `id`, `seq` and the lane. */
export interface Decision {
  readonly verdict: Verdict;
  readonly direction: Direction;
  /** ISO instant from the injected clock. */
  readonly at: string;
  readonly rules: readonly RuleResult[];
  readonly notes: readonly DecisionNote[];
  readonly policy: PolicyRef;
  /** The clock the decision was made by: its source, whether it was trusted, its last good sync. */
  readonly clock: { readonly source: string; readonly trusted: boolean; readonly lastGoodSync: number | null };
}
