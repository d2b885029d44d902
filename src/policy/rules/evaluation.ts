import type { ClockReading, Direction, Evidence, JsonValue } from '../../domain.js';
import type { Registers } from '../../registers.js';
import type { RuleOutcome } from '../decision.js';
import type { RuleEffect } from '../schema.js';

/** Everything a rule may read. Nothing else: no globals, no clock but `clock`. */
export interface RuleInput {
  readonly evidence: Evidence;
  readonly registers: Registers;
  readonly clock: ClockReading;
  readonly direction: Direction;
}

/** What one rule evaluator returns; the engine adds id, kind and cites. */
export interface Evaluation {
  readonly outcome: RuleOutcome;
  readonly values: { readonly [k: string]: JsonValue };
  /** Overrides the rule's onFail (health-code per colour, residency's nonResident). */
  readonly effect?: RuleEffect;
}

export const DAY_MS = 86_400_000;
